import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from lotsa.audit.models import AuditRecord
from lotsa.cases.models import Activity, Case, PlanVersion
from lotsa.cases.tests.factories import ActivityTypeFactory, CaseFactory
from lotsa.collaboration import services
from lotsa.collaboration.models import CoordinationMeeting, MeetingAction
from lotsa.collaboration.queries import upcoming_meetings
from lotsa.collaboration.services import AgreedAction
from lotsa.collaboration.tests.factories import MeetingFactory, PartnerFactory
from lotsa.core.concurrency import EditConflictError
from lotsa.organisations.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _action(case, **overrides):
    values = {
        "activity_type": ActivityTypeFactory(organisation=case.organisation, internship=True),
        "responsible": "arbetsformedlingen",
        "starts_on": timezone.localdate(),
        "description": "Anvisa till praktik",
    }
    values.update(overrides)
    return AgreedAction(**values)


def _record(case, **overrides):
    values = {
        "actor": case.coach,
        "case": case,
        "expected_plan_version": case.plan_version,
        "kind": "sip",
        "meets_on": timezone.localdate(),
        "parties": ["participant", "coach", "arbetsformedlingen"],
        "partners": [PartnerFactory(organisation=case.organisation)],
        "agreed": "Praktik och samordnad plan.",
    }
    values.update(overrides)
    return services.meeting_record(**values)


def test_agreed_actions_become_plan_activities_and_bump_the_plan_version(case):
    first = _action(case)
    second = _action(case, responsible="participant", description="Söka fem jobb i veckan")
    meeting = _record(case, actions=[first, second])
    case.refresh_from_db()
    assert case.plan_version == 2  # one version per action, from 0
    activities = list(Activity.objects.filter(case=case).order_by("id"))
    assert [(a.responsible, a.description) for a in activities] == [
        ("arbetsformedlingen", "Anvisa till praktik"),
        ("participant", "Söka fem jobb i veckan"),
    ]
    actions = list(meeting.actions.order_by("id"))
    assert [action.activity for action in actions] == activities
    assert list(PlanVersion.objects.filter(case=case).values_list("number", flat=True)) == [2, 1]
    assert meeting.has_outcome
    assert AuditRecord.objects.filter(
        object_type="collaboration.coordinationmeeting", object_id=str(meeting.pk)
    ).exists()


def test_a_bad_action_saves_nothing_and_names_its_row(case):
    with pytest.raises(ValidationError) as error:
        _record(case, actions=[_action(case), _action(case, starts_on=None)])
    assert error.value.message_dict == {"actions-1-starts_on": ["Ange startdatum."]}
    assert not CoordinationMeeting.objects.exists()
    assert not Activity.objects.exists()
    assert Case.objects.get(pk=case.pk).plan_version == 0


def test_stale_plan_version_is_a_conflict_and_nothing_is_saved(case):
    with pytest.raises(EditConflictError):
        _record(case, expected_plan_version=5, actions=[_action(case)])
    assert not CoordinationMeeting.objects.exists()
    assert not MeetingAction.objects.exists()


def test_meeting_needs_kind_and_date(case):
    with pytest.raises(ValidationError) as error:
        _record(case, kind="", meets_on=None)
    assert error.value.message_dict["kind"] == ["Välj vilken sorts möte det är."]
    assert error.value.message_dict["meets_on"] == ["Ange mötets datum."]


def test_booked_meeting_has_no_agreements_until_held(case):
    ahead = timezone.localdate() + datetime.timedelta(days=7)
    with pytest.raises(ValidationError) as error:
        _record(case, meets_on=ahead, actions=[_action(case)])
    assert "agreed" in error.value.message_dict
    meeting = _record(case, meets_on=ahead, agreed="")
    assert not meeting.has_outcome
    with pytest.raises(ValidationError):
        services.meeting_record_outcome(
            actor=case.coach, meeting=meeting, expected_plan_version=0, agreed="Något."
        )


def test_outcome_of_a_held_meeting_adds_actions_once(case):
    meeting = MeetingFactory(case=case, meets_on=timezone.localdate())
    services.meeting_record_outcome(
        actor=case.coach,
        meeting=meeting,
        expected_plan_version=0,
        agreed="Praktik.",
        actions=[_action(case)],
    )
    meeting.refresh_from_db()
    assert meeting.has_outcome and meeting.agreed == "Praktik."
    assert meeting.actions.count() == 1
    with pytest.raises(ValidationError, match="redan registrerat"):
        services.meeting_record_outcome(
            actor=case.coach, meeting=meeting, expected_plan_version=1, agreed="Igen."
        )


def test_only_those_working_on_the_case_record_meetings(case):
    with pytest.raises(PermissionDenied):
        _record(case, actor=UserFactory(coach=True))
    closed = CaseFactory(closed=True)
    with pytest.raises(PermissionDenied):
        _record(closed, actor=closed.coach, partners=[])


def test_upcoming_meetings_are_the_persons_future_meetings_soonest_first(case):
    today = timezone.localdate()
    later = MeetingFactory(case=case, meets_on=today + datetime.timedelta(days=20))
    sooner = MeetingFactory(case=case, meets_on=today)
    MeetingFactory(case=case, meets_on=today - datetime.timedelta(days=1))
    MeetingFactory(meets_on=today + datetime.timedelta(days=3))  # someone else
    assert upcoming_meetings(case.participant) == [sooner, later]
