import datetime
import uuid

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lotsa.cases.panels import panel_of
from lotsa.cases.policy import case_access
from lotsa.cases.tests.factories import CaseFactory
from lotsa.organisations.tests.factories import UserFactory
from lotsa.portal.services import participant_account_for
from lotsa.surveys import queries, services
from lotsa.surveys.constants import MINIMUM_GROUP
from lotsa.surveys.models import Answer, Invitation, PendingResponse, Response

pytestmark = pytest.mark.django_db


def _scale_answers(survey, value=4):
    return {question.pk: str(value) for question in survey.questions.filter(kind="scale")}


def test_the_templates_install_with_their_questions(admin, rating):
    assert rating.is_anonymous and rating.trigger == "three_months"
    assert [q.kind for q in rating.questions.all()] == ["scale", "scale", "scale", "free_text"]
    exit_survey = services.survey_template_install(actor=admin, key="exit")
    assert exit_survey.trigger == "closure"
    assert exit_survey.questions.count() == 7
    assert exit_survey.questions.first().choices[0] == "Mindre än 3 månader"


def test_only_administrators_build_surveys(case, rating):
    with pytest.raises(PermissionDenied):
        services.survey_create(actor=case.coach, name="X")
    with pytest.raises(PermissionDenied):
        services.question_add(actor=case.coach, survey=rating, kind="yes_no", text="Bra?")


def test_bad_questions_are_refused_with_swedish_messages(admin):
    survey = services.survey_create(actor=admin, name="Prov")
    with pytest.raises(ValidationError, match="minst två"):
        services.question_add(
            actor=admin, survey=survey, kind="single_choice", text="Vilken?", choices=["A"]
        )
    with pytest.raises(ValidationError, match="Skriv frågan"):
        services.question_add(actor=admin, survey=survey, kind="yes_no", text="  ")
    with pytest.raises(ValidationError, match="redan en enkät"):
        services.survey_create(actor=admin, name="prov")
    assert survey.questions.count() == 0


def test_a_sent_survey_cannot_change(admin, case, rating):
    services.invitation_send(actor=case.coach, survey=rating, case=case)
    with pytest.raises(ValidationError, match="redan skickats"):
        services.question_add(actor=admin, survey=rating, kind="yes_no", text="Ny?")


def test_a_token_works_once_and_says_so_clearly(case, rating):
    sent = services.invitation_send(actor=case.coach, survey=rating, case=case)
    assert sent.token in mail.outbox[0].body
    assert sent.token not in sent.invitation.token_hash
    services.response_submit(
        invitation=services.invitation_by_token(sent.token), answers=_scale_answers(rating)
    )
    with pytest.raises(ValidationError, match="redan svarat"):
        services.invitation_by_token(sent.token)
    with pytest.raises(ValidationError, match="redan svarat"):
        services.response_submit(invitation=sent.invitation, answers=_scale_answers(rating))
    # One answer stored, waiting for publication with others (decision 0016).
    assert PendingResponse.objects.count() == 1
    with pytest.raises(ValidationError, match="hela länken"):
        services.invitation_by_token("påhittad")


def test_an_expired_token_is_refused(case, rating):
    sent = services.invitation_send(actor=case.coach, survey=rating, case=case)
    Invitation.objects.filter(pk=sent.invitation.pk).update(
        expires_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    with pytest.raises(ValidationError, match="gått ut"):
        services.invitation_by_token(sent.token)


def test_the_answer_pages_show_the_clear_message(client, case, rating):
    sent = services.invitation_send(actor=case.coach, survey=rating, case=case)
    url = reverse("surveys:answer", args=[sent.token])
    response = client.post(url, {f"q{q.pk}": "5" for q in rating.questions.filter(kind="scale")})
    assert "Tack för dina svar" in response.content.decode()
    again = client.get(url)
    assert again.status_code == 410
    assert "Du har redan svarat" in again.content.decode()


def test_required_and_out_of_range_answers_are_refused_and_nothing_is_saved(case, rating):
    sent = services.invitation_send(actor=case.coach, survey=rating, case=case)
    first = rating.questions.first()
    with pytest.raises(ValidationError) as error:
        services.response_submit(invitation=sent.invitation, answers={first.pk: "7"})
    assert error.value.message_dict[f"q{first.pk}"] == ["Välj ett värde från 1 till 5."]
    assert not Response.objects.exists() and not PendingResponse.objects.exists()
    sent.invitation.refresh_from_db()
    assert not sent.invitation.is_used


def test_an_anonymous_answer_stores_no_identity(admin, case, rating):
    sent = services.invitation_send(actor=case.coach, survey=rating, case=case)
    answers = _scale_answers(rating)
    answers[rating.questions.get(kind="free_text").pk] = "Bra stöd."
    waiting = services.response_submit(invitation=sent.invitation, answers=answers)
    assert waiting.invitation_id is None
    assert {f.name for f in PendingResponse._meta.concrete_fields} == {
        "id",
        "survey",
        "invitation",
        "answers",
    }
    services.survey_close(actor=admin, survey=rating)  # publishes what waits
    response = Response.objects.get()
    assert response.participant_id is None and response.invitation_id is None
    assert response.month == timezone.localdate().replace(day=1)
    # Nothing else on a response or its answers could name the person, the token or the time.
    assert {f.name for f in Response._meta.concrete_fields} == {
        "id",
        "survey",
        "month",
        "participant",
        "invitation",
    }
    assert {f.name for f in Answer._meta.concrete_fields} == {
        "id",
        "response",
        "question",
        "scale",
        "yes",
        "choice",
        "text",
    }
    # Random keys: neither responses nor answers can be put in the order they came.
    assert isinstance(response.pk, uuid.UUID)
    assert all(isinstance(pk, uuid.UUID) for pk in Answer.objects.values_list("pk", flat=True))
    assert Answer.objects.filter(response=response).count() == 4


def test_a_named_survey_keeps_the_person(admin, case):
    survey = services.survey_create(actor=admin, name="Namngiven", is_anonymous=False)
    question = services.question_add(actor=admin, survey=survey, kind="yes_no", text="Nöjd?")
    sent = services.invitation_send(actor=case.coach, survey=survey, case=case)
    waiting = services.response_submit(invitation=sent.invitation, answers={question.pk: "yes"})
    assert waiting.invitation_id == sent.invitation.pk
    services.survey_close(actor=admin, survey=survey)
    response = Response.objects.get()
    assert response.participant_id == case.participant_id
    assert response.invitation_id == sent.invitation.pk


def test_the_participant_answers_only_their_own_invitation(client, case, rating):
    sent = services.invitation_send(actor=case.coach, survey=rating, case=case)
    other = CaseFactory(organisation=case.organisation, unit=case.unit)
    client.force_login(participant_account_for(other.participant))
    url = reverse("surveys:answer_mine", args=[sent.invitation.pk])
    assert client.get(url).status_code == 404
    client.force_login(participant_account_for(case.participant))
    assert client.get(reverse("portal:home")).content.decode().count(rating.name) == 1
    response = client.post(url, {f"q{q.pk}": "3" for q in rating.questions.filter(kind="scale")})
    assert "Tack för dina svar" in response.content.decode()


def _answered_by(count, *, admin, survey, coach_case):
    for _index in range(count):
        case = CaseFactory(organisation=coach_case.organisation, unit=coach_case.unit)
        sent = services.invitation_send(actor=case.coach, survey=survey, case=case)
        services.response_submit(invitation=sent.invitation, answers=_scale_answers(survey, 4))


def test_results_show_only_groups_of_five(admin, case, rating):
    today = timezone.localdate()
    _answered_by(MINIMUM_GROUP - 1, admin=admin, survey=rating, coach_case=case)
    services.publish_due_responses()
    [result] = queries.survey_results(admin, today, today)
    # Four answers wait for a fifth before any is published (decision 0016).
    assert result.responses == 0
    assert all(not q.shown and q.mean is None and not q.distribution for q in result.questions)
    _answered_by(1, admin=admin, survey=rating, coach_case=case)
    services.publish_due_responses()
    [result] = queries.survey_results(admin, today, today)
    assert result.responses == 5
    first = result.questions[0]
    assert first.shown and first.answers == 5 and first.mean == 4.0
    assert first.distribution == {"1": 0, "2": 0, "3": 0, "4": 5, "5": 0}
    assert not result.questions[3].shown  # nobody wrote free text


def test_the_results_page_hides_small_groups(client, admin, case, rating):
    _answered_by(4, admin=admin, survey=rating, coach_case=case)
    services.survey_close(actor=admin, survey=rating)  # a closed survey publishes all four
    client.force_login(admin)
    page = client.get(reverse("surveys:results", args=[rating.pk])).content.decode()
    assert "4 personer har svarat under perioden" in page
    assert page.count("För få svar för att visa") == 4


def test_results_are_for_managers_and_administrators(case, admin):
    today = timezone.localdate()
    with pytest.raises(PermissionDenied):
        queries.survey_results(case.coach, today, today)
    manager = UserFactory(manager=True, unit=case.unit)
    assert queries.survey_results(manager, today, today) == []


def test_results_run_a_fixed_number_of_queries(admin, case, rating):
    today = timezone.localdate()
    _answered_by(1, admin=admin, survey=rating, coach_case=case)
    with CaptureQueriesContext(connection) as few:
        queries.survey_results(admin, today, today)
    services.survey_template_install(actor=admin, key="exit")
    _answered_by(6, admin=admin, survey=rating, coach_case=case)
    assert services.publish_due_responses() == {"surveys": 1, "responses": 7}
    with CaptureQueriesContext(connection) as many:
        queries.survey_results(admin, today, today)
    assert len(few) == len(many) == 5


def test_send_surveys_is_idempotent(admin, case):
    survey = services.survey_template_install(actor=admin, key="rating")
    exit_survey = services.survey_template_install(actor=admin, key="exit")
    old = CaseFactory(
        organisation=case.organisation,
        unit=case.unit,
        start_date=timezone.localdate() - datetime.timedelta(days=100),
    )
    closed = CaseFactory(organisation=case.organisation, unit=case.unit, closed=True)
    # In support for years before the survey existed: not asked all at once when it is made.
    CaseFactory(
        organisation=case.organisation,
        unit=case.unit,
        start_date=timezone.localdate() - datetime.timedelta(days=900),
    )
    call_command("send_surveys")
    call_command("send_surveys")
    assert services.send_due_surveys() == {"sent": 0, "skipped": 0}
    assert list(Invitation.objects.filter(survey=survey).values_list("case_id", flat=True)) == [
        old.pk
    ]
    assert list(
        Invitation.objects.filter(survey=exit_survey).values_list("case_id", flat=True)
    ) == [closed.pk]


def test_the_case_panel_runs_a_fixed_number_of_queries_and_hides_anonymous_answers(
    client, case, rating
):
    from lotsa.surveys.panels import panel

    sent = services.invitation_send(actor=case.coach, survey=rating, case=case)
    with CaptureQueriesContext(connection) as few:
        panel_of(panel, case_access(case.coach, case))
    for _index in range(3):
        services.invitation_send(actor=case.coach, survey=rating, case=case)
    with CaptureQueriesContext(connection) as many:
        panel_of(panel, case_access(case.coach, case))
    assert len(few) == len(many)
    services.response_submit(invitation=sent.invitation, answers=_scale_answers(rating))
    client.force_login(case.coach)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Deltagarbetyg" in page and "besvarad" not in page
    assert panel_of(panel, case_access(UserFactory(referrer=True, unit=case.unit), case)) is None


def test_a_coach_sends_a_survey_from_the_case(client, case, rating):
    client.force_login(case.coach)
    url = reverse("surveys:send", args=[case.pk])
    assert rating.name in client.get(url).content.decode()
    response = client.post(url, {"survey": rating.pk})
    assert response["Location"] == reverse("cases:detail", args=[case.pk])
    invitation = Invitation.objects.get()
    assert invitation.participant == case.participant and invitation.sent_by == case.coach
    assert len(mail.outbox) == 1
    stranger = CaseFactory()
    other_admin = UserFactory(administrator=True, unit=None, organisation=stranger.organisation)
    foreign = services.survey_template_install(actor=other_admin, key="exit")
    response = client.post(url, {"survey": foreign.pk})
    assert "Välj en av organisationens aktiva enkäter." in response.content.decode()
    assert Invitation.objects.count() == 1


def test_administrators_remove_questions_until_the_survey_is_sent(client, admin, case, rating):
    client.force_login(admin)
    first = rating.questions.first()
    client.post(reverse("surveys:question_remove", args=[first.pk]))
    assert rating.questions.count() == 3
    services.invitation_send(actor=case.coach, survey=rating, case=case)
    second = rating.questions.first()
    response = client.post(reverse("surveys:question_remove", args=[second.pk]), follow=True)
    assert "Enkäten har redan skickats ut." in response.content.decode()
    assert rating.questions.count() == 3
    client.force_login(UserFactory(manager=True, unit=case.unit))
    assert client.post(reverse("surveys:question_remove", args=[second.pk])).status_code == 403
