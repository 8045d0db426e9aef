"""The plan the participant writes in too: own activities, steps done, comments, the coach's
answer and read receipts; each change a plan version showing the side that made it."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from lotsa.audit.models import AuditRecord
from lotsa.cases import events, services
from lotsa.cases.constants import Agreement, PlanSide
from lotsa.cases.models import Case, OwnActivity, PlanVersion, StepComment
from lotsa.cases.queries import build_shared_plan
from lotsa.cases.tests.factories import ActivityFactory, CaseFactory
from lotsa.core.concurrency import EditConflictError
from lotsa.organisations.tests.factories import UserFactory
from lotsa.portal.services import participant_account_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(case):
    return participant_account_for(case.participant)


def _job(person, case, **extra):
    return services.own_activity_add(
        actor=person,
        case=case,
        expected_plan_version=case.plan_version,
        kind="job_application",
        title="Lagerarbetare",
        employer="Solviks Lager AB",
        applied_on=timezone.localdate(),
        **extra,
    )


def test_a_participant_adds_a_job_application_as_a_proposal_and_a_plan_version(case, person):
    announced = []

    def hear(**kwargs):
        announced.append(kwargs)

    events.case_plan_changed.hook(hear)
    try:
        own = _job(person, case)
    finally:
        events.case_plan_changed.disconnect(hear)
    assert own.agreement == Agreement.PROPOSED and own.application_status == "applied"
    version = PlanVersion.objects.get(case=case)
    assert version.author_side == PlanSide.PARTICIPANT and version.author_label == "Deltagaren"
    assert version.snapshot["own_activities"][0]["title"] == "Lagerarbetare"
    assert announced and announced[0]["actor"] == person
    assert AuditRecord.objects.filter(actor=person, object_type="cases.ownactivity").exists()


def test_another_persons_user_or_a_closed_case_cannot_take_part(case, person):
    other = participant_account_for(CaseFactory(organisation=case.organisation).participant)
    with pytest.raises(PermissionDenied):
        _job(other, case)
    with pytest.raises(PermissionDenied):
        _job(case.coach, case)
    closed = CaseFactory(closed=True, participant=case.participant, unit=case.unit)
    with pytest.raises(ValidationError):
        _job(person, closed)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"employer": ""}, "employer"),
        ({"applied_on": datetime.date.today() + datetime.timedelta(days=3)}, "applied_on"),
        ({"applied_on": datetime.date(1800, 1, 1)}, "applied_on"),
        ({"description": "x" * 2001}, "description"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(case, person, changes, field):
    data = {
        "title": "Lagerarbetare",
        "employer": "Solviks Lager AB",
        "applied_on": None,
        **changes,
    }
    with pytest.raises(ValidationError) as error:
        services.own_activity_add(
            actor=person,
            case=case,
            expected_plan_version=case.plan_version,
            kind="job_application",
            **data,
        )
    assert field in error.value.message_dict
    assert not OwnActivity.objects.exists() and not PlanVersion.objects.exists()
    assert Case.objects.get(pk=case.pk).plan_version == 0


def test_a_stale_plan_version_is_a_conflict(case, person):
    _job(person, case)
    with pytest.raises(EditConflictError):
        services.own_activity_add(
            actor=person, case=case, expected_plan_version=0, kind="own", title="Simma"
        )


def test_the_coach_agrees_changes_or_declines_with_a_reason(case, person):
    own = _job(person, case)
    with pytest.raises(ValidationError) as error:
        services.own_activity_decide(
            actor=case.coach, own=own, expected_plan_version=case.plan_version, agreement="declined"
        )
    assert "reason" in error.value.message_dict
    services.own_activity_decide(
        actor=case.coach,
        own=own,
        expected_plan_version=case.plan_version,
        agreement="agreed",
        reason="Bättre titel",
        title="Truckförare",
    )
    own.refresh_from_db()
    assert own.agreement == Agreement.AGREED and own.title == "Truckförare"
    assert own.decided_by == case.coach
    latest = PlanVersion.objects.filter(case=case).order_by("-number").first()
    assert latest.author_side == PlanSide.COACH and latest.comment == "Bättre titel"
    with pytest.raises(PermissionDenied):
        services.own_activity_decide(
            actor=person, own=own, expected_plan_version=case.plan_version, agreement="agreed"
        )
    stranger = UserFactory(coach=True, organisation=case.organisation)
    with pytest.raises(PermissionDenied):
        services.own_activity_decide(
            actor=stranger, own=own, expected_plan_version=case.plan_version, agreement="agreed"
        )


def test_the_participant_marks_their_own_step_done_but_not_the_coachs(case, person):
    mine = ActivityFactory(case=case, responsible="participant")
    theirs = ActivityFactory(case=case, responsible="coach")
    services.activity_mark_done(actor=person, activity=mine, expected_plan_version=0)
    mine.refresh_from_db()
    assert mine.status == "done"
    assert PlanVersion.objects.get(case=case).author_side == PlanSide.PARTICIPANT
    with pytest.raises(ValidationError):
        services.activity_mark_done(actor=person, activity=theirs, expected_plan_version=1)


def test_both_sides_comment_and_see_each_others_read_receipts(case, person):
    step = ActivityFactory(case=case)
    services.step_comment_add(actor=person, case=case, activity=step, text="Jag hinner inte")
    services.step_comment_add(actor=case.coach, case=case, activity=step, text="Vi flyttar den")
    assert list(StepComment.objects.values_list("side", flat=True)) == ["participant", "coach"]
    with pytest.raises(ValidationError):
        services.step_comment_add(actor=person, case=case, activity=step, text="x" * 2001)
    _job(person, case)
    shared = build_shared_plan(case)
    assert not shared.coach_receipt.has_read_latest
    services.plan_read_record(actor=case.coach, case=Case.objects.get(pk=case.pk))
    shared = build_shared_plan(case)
    assert shared.coach_receipt.has_read_latest
    assert shared.participant_receipt.read_at is None


def test_the_shared_plan_reads_in_a_constant_number_of_queries(
    case, person, django_assert_max_num_queries
):
    for _number in range(3):
        step = ActivityFactory(case=case)
        services.step_comment_add(actor=person, case=case, activity=step, text="Hej")
        _job(person, Case.objects.get(pk=case.pk))
    with django_assert_max_num_queries(5):
        shared = build_shared_plan(case)
        assert len(shared.own_activities) == 3


def test_the_coach_answers_on_the_own_activity_page(client, case, person):
    own = _job(person, case)
    client.force_login(case.coach)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Lagerarbetare, Solviks Lager AB" in page and "Förslag" in page
    url = reverse("cases:own_activity", args=[case.pk, own.pk])
    answer = client.post(
        url,
        {
            "action": "decide",
            "agreement": "declined",
            "reason": "",
            "expected_plan_version": 1,
            "title": "",
            "description": "",
        },
    )
    assert answer.status_code == 200 and "Skriv varför" in answer.content.decode()
    answer = client.post(
        url,
        {
            "action": "decide",
            "agreement": "agreed",
            "reason": "",
            "expected_plan_version": 1,
            "title": "",
            "description": "",
        },
    )
    assert answer.status_code == 302
    own.refresh_from_db()
    assert own.agreement == "agreed"
    stranger = UserFactory(coach=True, organisation=case.organisation)
    client.force_login(stranger)
    assert client.get(url).status_code == 404


def test_the_participant_adds_and_comments_on_mina_sidor(client, case, person):
    step = ActivityFactory(case=case, responsible="participant", activity_type__name="Kurs i CV")
    client.force_login(person)
    bad = client.post(
        reverse("portal:own_activity_add", args=["jobb"]),
        {"expected_plan_version": 0, "title": "", "employer": "", "application_status": "applied"},
    )
    assert bad.status_code == 200 and "Skriv vilket jobb du söker." in bad.content.decode()
    good = client.post(
        reverse("portal:own_activity_add", args=["eget"]),
        {"expected_plan_version": 0, "title": "Träna på att åka buss", "description": ""},
    )
    assert good.status_code == 302
    page = client.get(reverse("portal:plan")).content.decode()
    assert "Träna på att åka buss" in page and "Kurs i CV" in page
    assert "Förslag" in page
    client.post(reverse("portal:mark_done", args=[step.pk]), {"expected_plan_version": 1})
    step.refresh_from_db()
    assert step.status == "done"
    client.post(reverse("portal:step", args=["aktivitet", step.pk]), {"text": "Klar nu!"})
    assert StepComment.objects.get().side == "participant"
    other = ActivityFactory(case=CaseFactory(organisation=case.organisation))
    assert client.get(reverse("portal:step", args=["aktivitet", other.pk])).status_code == 404
