"""Results of an open survey change only in batches of five or more, and when it closes
(decision 0016)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from lotsa.audit.models import AuditRecord
from lotsa.cases.tests.factories import CaseFactory
from lotsa.organisations.tests.factories import UserFactory
from lotsa.surveys import queries, services
from lotsa.surveys.constants import PUBLICATION_BATCH
from lotsa.surveys.models import Invitation, PendingResponse, Response

pytestmark = pytest.mark.django_db


@pytest.fixture
def case():
    return CaseFactory()


def _answer(survey, first, count):
    sent = []
    for _index in range(count):
        case = CaseFactory(organisation=first.organisation, unit=first.unit)
        sent.append(services.invitation_send(actor=case.coach, survey=survey, case=case))
        services.response_submit(
            invitation=sent[-1].invitation,
            answers={q.pk: "4" for q in survey.questions.filter(kind="scale")},
        )
    return sent


def _published(admin):
    today = timezone.localdate()
    [result] = queries.survey_results(admin, today, today)
    return result.responses


def test_an_open_survey_publishes_only_when_five_new_answers_wait(admin, case, rating):
    _answer(rating, case, PUBLICATION_BATCH - 1)
    assert services.publish_due_responses() == {"surveys": 0, "responses": 0}
    assert _published(admin) == 0
    _answer(rating, case, 1)
    assert _published(admin) == 0  # nothing shows before the nightly publication
    assert services.publish_due_responses() == {"surveys": 1, "responses": 5}
    assert _published(admin) == 5 and not PendingResponse.objects.exists()
    _answer(rating, case, PUBLICATION_BATCH - 1)
    services.publish_due_responses()
    assert _published(admin) == 5  # four new answers are not a batch
    _answer(rating, case, 2)
    services.publish_due_responses()
    assert _published(admin) == 11


def test_a_publication_is_audited_without_naming_anyone(admin, case, rating):
    _answer(rating, case, PUBLICATION_BATCH)
    before = AuditRecord.objects.count()
    services.publish_due_responses()
    [record] = AuditRecord.objects.order_by("-seq")[: AuditRecord.objects.count() - before]
    assert record.participant_id is None and record.actor_id is None
    assert record.object_type == "surveys.survey" and record.object_id == str(rating.pk)
    assert record.summary == "5 svar på enkäten Deltagarbetyg publicerade i resultatet"
    # The answers themselves wrote no audit record: only the five sendings name the people.
    assert not AuditRecord.objects.filter(summary__contains="Svarade").exists()


def test_the_publish_command_is_idempotent(admin, case, rating, capsys):
    _answer(rating, case, PUBLICATION_BATCH + 1)
    call_command("publish_survey_answers")
    call_command("publish_survey_answers")
    assert capsys.readouterr().out.splitlines() == [
        "Publicerade 6 svar i 1 enkäter.",
        "Publicerade 0 svar i 0 enkäter.",
    ]
    assert Response.objects.count() == 6


def test_closing_publishes_every_waiting_answer_and_stops_the_links(admin, case, rating):
    sent = _answer(rating, case, 2)
    unanswered = services.invitation_send(actor=case.coach, survey=rating, case=case)
    assert services.survey_close(actor=admin, survey=rating) == 2
    assert _published(admin) == 2
    with pytest.raises(ValidationError, match="Enkäten är stängd"):
        services.invitation_by_token(unanswered.token)
    with pytest.raises(ValidationError, match="Enkäten är stängd"):
        services.response_submit(
            invitation=unanswered.invitation,
            answers={q.pk: "3" for q in rating.questions.filter(kind="scale")},
        )
    assert not PendingResponse.objects.exists()
    assert Invitation.objects.filter(is_used=True).count() == len(sent)
    with pytest.raises(ValidationError, match="redan stängd"):
        services.survey_close(actor=admin, survey=rating)
    with pytest.raises(PermissionDenied):
        services.survey_close(actor=UserFactory(manager=True, unit=case.unit), survey=rating)


def test_an_answer_that_raced_the_closing_is_published_the_next_night(admin, case, rating):
    services.survey_close(actor=admin, survey=rating)
    # As if the answer's transaction had checked the survey just before it closed.
    PendingResponse.objects.create(survey=rating, answers={})
    assert services.publish_due_responses() == {"surveys": 1, "responses": 1}


def test_an_administrator_closes_a_survey_from_its_page(client, admin, case, rating):
    _answer(rating, case, 1)
    client.force_login(admin)
    detail = reverse("surveys:detail", args=[rating.pk])
    assert "Stäng enkäten" in client.get(detail).content.decode()
    results = client.get(reverse("surveys:results", args=[rating.pk])).content.decode()
    assert "när minst fem nya svar har kommit in" in results
    page = client.post(reverse("surveys:close", args=[rating.pk]), follow=True).content.decode()
    assert "Enkäten är stängd. Alla svar som har kommit in visas nu i resultatet." in page
    assert "Stäng enkäten" not in page and "Stängd" in page
    again = client.post(reverse("surveys:close", args=[rating.pk]), follow=True)
    assert "Enkäten är redan stängd." in again.content.decode()
    results = client.get(reverse("surveys:results", args=[rating.pk])).content.decode()
    assert "1 person har svarat under perioden" in results
    assert "Alla svar som kom in finns med i resultatet." in results
    client.force_login(UserFactory(manager=True, unit=case.unit))
    assert client.post(reverse("surveys:close", args=[rating.pk])).status_code == 403
