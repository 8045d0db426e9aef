"""Pausing, closing and reopening a case; a closed case is read-only everywhere."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from lotsa.cases import services
from lotsa.cases.constants import CaseStatus, ClosureReason, GoalKind
from lotsa.cases.journal import services as journal_services
from lotsa.cases.journal.constants import NoteKind
from lotsa.cases.journal.tests.factories import NoteFactory
from lotsa.cases.models import Case, CaseReopening
from lotsa.cases.tests.factories import (
    ActivityFactory,
    ActivityTypeFactory,
    CaseFactory,
    GoalFactory,
    today,
)
from lotsa.core.dates import add_months
from lotsa.organisations.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_closing_records_reason_and_date_and_drops_pending_follow_ups():
    case = CaseFactory()
    services.case_close(
        actor=case.coach,
        case=case,
        reason=ClosureReason.STUDIES,
        closed_on=today(),
        note="Börjar på Komvux i januari.",
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert case.closed_on == today()
    assert case.closure_reason == ClosureReason.STUDIES
    assert case.closure_note == "Börjar på Komvux i januari."
    assert case.next_follow_up_on is None
    assert not case.follow_ups.filter(done_on__isnull=True).exists()


@pytest.mark.parametrize(
    ("reason", "closed_on", "field", "message"),
    [
        ("", "today", "reason", "Välj en avslutsorsak."),
        ("nonsense", "today", "reason", "Välj en avslutsorsak."),
        (ClosureReason.MOVED, "tomorrow", "closed_on", "Datumet kan inte vara i framtiden."),
        (ClosureReason.MOVED, None, "closed_on", "Ange ett datum."),
    ],
)
def test_bad_closure_input_gives_a_swedish_message_and_closes_nothing(
    reason, closed_on, field, message
):
    case = CaseFactory()
    dates = {"today": today(), "tomorrow": today() + datetime.timedelta(days=1), None: None}
    with pytest.raises(ValidationError) as error:
        services.case_close(actor=case.coach, case=case, reason=reason, closed_on=dates[closed_on])
    assert error.value.message_dict[field] == [message]
    assert Case.objects.get(pk=case.pk).status == CaseStatus.ACTIVE


def test_a_case_cannot_close_before_it_started():
    case = CaseFactory()
    with pytest.raises(ValidationError) as error:
        services.case_close(
            actor=case.coach,
            case=case,
            reason=ClosureReason.MOVED,
            closed_on=case.start_date - datetime.timedelta(days=1),
        )
    assert "closed_on" in error.value.message_dict


def test_unsigned_drafts_block_closure():
    case = CaseFactory()
    NoteFactory(case=case)
    with pytest.raises(ValidationError, match="osignerade utkast"):
        services.case_close(
            actor=case.coach, case=case, reason=ClosureReason.MOVED, closed_on=today()
        )
    assert Case.objects.get(pk=case.pk).status == CaseStatus.ACTIVE


def _closed_case_with_plan():
    case = CaseFactory(closed=True)
    goal = GoalFactory(case=case)
    activity = ActivityFactory(case=case)
    note = NoteFactory(case=case, signed=True)
    return case, goal, activity, note


def _writes(case, goal, activity, note):
    actor = case.coach
    other_type = ActivityTypeFactory(organisation=case.organisation)
    return {
        "goal_add": lambda: services.goal_add(
            actor=actor, case=case, expected_plan_version=0, kind=GoalKind.WORK, description="X"
        ),
        "goal_update": lambda: services.goal_update(
            actor=actor, goal=goal, expected_plan_version=0, description="Y"
        ),
        "goal_remove": lambda: services.goal_remove(
            actor=actor, goal=goal, expected_plan_version=0
        ),
        "activity_add": lambda: services.activity_add(
            actor=actor,
            case=case,
            expected_plan_version=0,
            activity_type=other_type,
            responsible="coach",
            starts_on=today(),
        ),
        "activity_update": lambda: services.activity_update(
            actor=actor, activity=activity, expected_plan_version=0, description="Z"
        ),
        "activity_remove": lambda: services.activity_remove(
            actor=actor, activity=activity, expected_plan_version=0
        ),
        "case_pause": lambda: services.case_pause(actor=actor, case=case),
        "case_resume": lambda: services.case_resume(actor=actor, case=case),
        "case_close": lambda: services.case_close(
            actor=actor, case=case, reason=ClosureReason.MOVED, closed_on=today()
        ),
        "note_create": lambda: journal_services.note_create(
            actor=actor, case=case, kind=NoteKind.PHONE, occurred_on=today(), text="Hej"
        ),
        "note_amend": lambda: journal_services.note_amend(actor=actor, note=note, text="Rätt"),
    }


@pytest.mark.parametrize(
    "write",
    [
        "goal_add",
        "goal_update",
        "goal_remove",
        "activity_add",
        "activity_update",
        "activity_remove",
        "case_pause",
        "case_resume",
        "case_close",
        "note_create",
        "note_amend",
    ],
)
def test_a_closed_case_is_read_only_for_every_service(write):
    case, goal, activity, note = _closed_case_with_plan()
    with pytest.raises(ValidationError, match="Ärendet är avslutat"):
        _writes(case, goal, activity, note)[write]()
    assert case.goals.get().description == goal.description
    assert case.activities.count() == 1
    assert case.notes.count() == 1
    assert Case.objects.get(pk=case.pk).status == CaseStatus.CLOSED


def test_a_case_closed_while_the_page_was_open_refuses_the_write():
    case = CaseFactory()
    stale = Case.objects.get(pk=case.pk)
    services.case_close(actor=case.coach, case=case, reason=ClosureReason.MOVED, closed_on=today())
    with pytest.raises(ValidationError, match="Ärendet är avslutat"):
        services.goal_add(
            actor=case.coach,
            case=stale,
            expected_plan_version=0,
            kind=GoalKind.WORK,
            description="X",
        )
    with pytest.raises(ValidationError, match="Ärendet är avslutat"):
        journal_services.note_create(
            actor=case.coach, case=stale, kind=NoteKind.PHONE, occurred_on=today(), text="Hej"
        )
    assert not case.goals.exists()


def test_the_follow_up_of_a_closed_case_cannot_be_recorded():
    case = CaseFactory()
    follow_up = case.follow_ups.get()
    case.status, case.closed_on, case.closure_reason = CaseStatus.CLOSED, today(), "moved"
    case.save()
    with pytest.raises(ValidationError, match="Ärendet är avslutat"):
        services.follow_up_record(actor=case.coach, follow_up=follow_up, held_on=today(), text="A")


def test_the_manager_reopens_with_a_reason_and_a_follow_up_is_scheduled():
    case = CaseFactory(closed=True, closed_on=today() - datetime.timedelta(days=3))
    manager = UserFactory(manager=True, unit=case.unit)
    services.case_reopen(actor=manager, case=case, reason="Anställningen tog slut efter en vecka.")
    case.refresh_from_db()
    assert case.status == CaseStatus.ACTIVE
    assert case.closed_on is None and case.closure_reason == ""
    reopening = CaseReopening.objects.get(case=case)
    assert reopening.reopened_by == manager
    assert reopening.reason == "Anställningen tog slut efter en vecka."
    assert reopening.previous_closed_on == today() - datetime.timedelta(days=3)
    assert reopening.previous_closure_reason == ClosureReason.WORK_UNSUBSIDISED
    assert case.next_follow_up_on == add_months(today(), 3)
    assert case.follow_ups.get(done_on__isnull=True).due_on == case.next_follow_up_on
    services.goal_add(
        actor=case.coach, case=case, expected_plan_version=0, kind=GoalKind.WORK, description="X"
    )


def test_reopening_needs_a_reason():
    case = CaseFactory(closed=True)
    manager = UserFactory(manager=True, unit=case.unit)
    with pytest.raises(ValidationError) as error:
        services.case_reopen(actor=manager, case=case, reason="  ")
    assert error.value.message_dict["reason"] == ["Skriv varför ärendet öppnas igen."]
    assert not CaseReopening.objects.exists()


@pytest.mark.parametrize("who", ["coach", "colleague", "other_manager", "referrer"])
def test_only_the_units_manager_may_reopen(who):
    case = CaseFactory(closed=True, referred=True)
    actors = {
        "coach": case.coach,
        "colleague": UserFactory(coach=True, unit=case.unit),
        "other_manager": UserFactory(manager=True, unit__organisation=case.organisation),
        "referrer": case.referral.referrer,
    }
    with pytest.raises(PermissionDenied):
        services.case_reopen(actor=actors[who], case=case, reason="Skäl")
    assert Case.objects.get(pk=case.pk).status == CaseStatus.CLOSED


def test_an_open_case_cannot_be_reopened():
    case = CaseFactory()
    manager = UserFactory(manager=True, unit=case.unit)
    with pytest.raises(ValidationError, match="inte avslutat"):
        services.case_reopen(actor=manager, case=case, reason="Skäl")


def test_pause_and_resume():
    case = CaseFactory()
    services.case_pause(actor=case.coach, case=case, reason="Sjukskriven")
    assert Case.objects.get(pk=case.pk).status == CaseStatus.PAUSED
    with pytest.raises(ValidationError):
        services.case_pause(actor=case.coach, case=case)
    services.case_resume(actor=case.coach, case=case)
    assert Case.objects.get(pk=case.pk).status == CaseStatus.ACTIVE


def test_close_page_shows_errors_next_to_the_fields_and_closes(client):
    case = CaseFactory()
    client.force_login(case.coach)
    url = reverse("cases:close", args=[case.pk])
    tomorrow = (today() + datetime.timedelta(days=1)).isoformat()
    response = client.post(url, {"close-reason": "", "close-closed_on": today().isoformat()})
    assert response.status_code == 200
    assert response.context["form"].errors == {"reason": ["Välj en avslutsorsak."]}
    response = client.post(url, {"close-reason": ClosureReason.MOVED, "close-closed_on": tomorrow})
    assert response.context["form"].errors == {"closed_on": ["Datumet kan inte vara i framtiden."]}
    assert 'id="id_close-closed_on_error"' in response.content.decode()
    assert Case.objects.get(pk=case.pk).status == CaseStatus.ACTIVE
    done = client.post(
        url, {"close-reason": ClosureReason.MOVED, "close-closed_on": today().isoformat()}
    )
    assert done.status_code == 302
    detail = client.get(reverse("cases:detail", args=[case.pk]))
    content = detail.content.decode()
    assert "Flyttat" in content
    assert "Lägg till mål" not in content
    assert "Avsluta ärendet</button>" not in content


def test_action_pages_of_a_closed_case_send_the_person_back_with_a_message(client):
    case = CaseFactory(closed=True)
    client.force_login(case.coach)
    response = client.get(reverse("cases:goal_add", args=[case.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("cases:detail", args=[case.pk])
    assert "Ärendet är avslutat" in response.content.decode()


def test_manager_reopens_through_the_case_page(client):
    case = CaseFactory(closed=True)
    manager = UserFactory(manager=True, unit=case.unit)
    client.force_login(manager)
    page = client.get(reverse("cases:detail", args=[case.pk]))
    assert "Öppna ärendet igen" in page.content.decode()
    missing = client.post(reverse("cases:reopen", args=[case.pk]), {"reopen-reason": ""})
    assert missing.context["form"].errors["reason"] == ["Skriv varför ärendet öppnas igen."]
    done = client.post(reverse("cases:reopen", args=[case.pk]), {"reopen-reason": "Nytt behov"})
    assert done.status_code == 302
    assert Case.objects.get(pk=case.pk).status == CaseStatus.ACTIVE
    client.force_login(case.coach)
    assert client.post(reverse("cases:reopen", args=[case.pk])).status_code == 403
