"""The survey results page publishes its counts through the one suppression routine: no count
from 1 to 4, and no mean that would give a hidden count back."""

import pytest
from django.urls import reverse
from django.utils import timezone

from lotsa.cases.tests.factories import CaseFactory
from lotsa.organisations.tests.factories import UserFactory
from lotsa.surveys import queries, services

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(case):
    admin = UserFactory(administrator=True, unit=None, organisation=case.organisation)
    admin.first_case = case
    return admin


def _answer(survey, admin, value, count):
    for _index in range(count):
        first = admin.first_case
        case = CaseFactory(organisation=first.organisation, unit=first.unit)
        sent = services.invitation_send(actor=case.coach, survey=survey, case=case)
        answers = {q.pk: str(value) for q in survey.questions.filter(kind="scale")}
        services.response_submit(invitation=sent.invitation, answers=answers)


def test_small_counts_are_hidden_and_the_mean_does_not_give_them_away(client, admin):
    rating = services.survey_template_install(actor=admin, key="rating")
    _answer(rating, admin, 4, 8)
    _answer(rating, admin, 5, 2)
    services.publish_due_responses()  # answers reach the results in batches (decision 0016)
    today = timezone.localdate()
    [result] = queries.survey_results(admin, today, today)
    first = result.questions[0]
    assert first.shown and first.answers == 10
    # 2 answered "5": hidden; with 10 answers shown the "4" must go too, and the mean 4.2 would
    # pin both (4a + 5b = 42, a + b = 10), so it is withheld.
    assert first.distribution == {"1": 0, "2": 0, "3": 0, "4": "..", "5": "<5"}
    assert first.mean is None
    client.force_login(admin)
    page = client.get(reverse("surveys:results", args=[rating.pk])).content.decode()
    assert "&lt;5" in page and "Medelvärde" not in page


def test_a_mean_is_published_when_no_count_is_hidden(admin):
    rating = services.survey_template_install(actor=admin, key="rating")
    _answer(rating, admin, 4, 5)
    _answer(rating, admin, 5, 5)
    services.publish_due_responses()
    today = timezone.localdate()
    first = queries.survey_results(admin, today, today)[0].questions[0]
    assert first.distribution == {"1": 0, "2": 0, "3": 0, "4": 5, "5": 5}
    assert first.mean == 4.5
