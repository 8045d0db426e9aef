"""import_cases: cases with their plan, follow-up and a signed historical note; all or none."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from lotsa.audit.models import AuditRecord
from lotsa.cases.constants import ActivityStatus, CaseStatus
from lotsa.cases.journal.constants import NoteKind, NoteStatus
from lotsa.cases.journal.models import Note
from lotsa.cases.models import Activity, Case, FollowUp, Goal, PlanVersion
from lotsa.imports.files import SourceRow
from lotsa.imports.services import (
    ImportRejectedError,
    import_cases,
    import_participants,
    next_follow_up,
)
from lotsa.imports.tests.synthetic import case_rows, participant_rows
from lotsa.organisations.tests.factories import UserFactory


def rows_of(dicts):
    return [SourceRow(line=number, values=values) for number, values in enumerate(dicts, start=2)]


@pytest.fixture
def registered(world):
    import_participants(
        actor=world.administrator,
        organisation=world.organisation,
        rows=rows_of(participant_rows(6, unit=world.referring.name)),
    )
    return world


def cases(world, count=6):
    return case_rows(count, unit=world.support.name, coach=world.coach.username)


def test_cases_arrive_with_plan_follow_up_and_signed_note(registered):
    world = registered
    result = import_cases(
        actor=world.manager, organisation=world.organisation, rows=rows_of(cases(world))
    )
    assert result.counts == {"ärenden": 6, "mål": 6, "aktiviteter": 12, "anteckningar": 3}
    assert Case.objects.count() == 6
    open_case = Case.objects.get(participant__personal_number="196001019816")
    assert open_case.referral is None and open_case.waiting_days is None
    assert (open_case.status, open_case.coach, open_case.unit) == (
        CaseStatus.ACTIVE,
        world.coach,
        world.support,
    )
    assert open_case.start_date == datetime.date(2024, 2, 5)
    assert open_case.next_follow_up_on >= timezone.localdate()
    assert list(FollowUp.objects.filter(case=open_case).values_list("due_on", flat=True)) == [
        open_case.next_follow_up_on
    ]
    goal = Goal.objects.get(case=open_case)
    assert (goal.kind, goal.description) == ("work", "Arbete inom handeln")
    internship, job_seeking = Activity.objects.filter(case=open_case).order_by("id")
    assert (internship.activity_type.name, internship.skr_category) == ("Praktik", 5)
    assert internship.status == ActivityStatus.DONE
    assert job_seeking.status == ActivityStatus.ONGOING

    version = PlanVersion.objects.get(case=open_case)
    assert open_case.plan_version == version.number == 1
    assert version.author == world.manager
    assert [item["activity_type"] for item in version.snapshot["activities"]] == [
        "Praktik",
        "Jobbsökarstöd",
    ]
    assert version.snapshot["goals"][0]["id"] == goal.pk


def test_closed_cases_keep_their_closure_and_get_no_follow_up(registered):
    world = registered
    import_cases(actor=world.manager, organisation=world.organisation, rows=rows_of(cases(world)))
    closed = Case.objects.get(participant__personal_number="196001019808")
    assert (closed.status, closed.closed_on, closed.closure_reason) == (
        CaseStatus.CLOSED,
        datetime.date(2024, 12, 20),
        "studies",
    )
    assert closed.next_follow_up_on is None
    assert not FollowUp.objects.filter(case=closed).exists()
    note = Note.objects.get(case=closed)
    assert (note.status, note.kind, note.author) == (NoteStatus.SIGNED, NoteKind.OTHER, world.coach)
    assert note.occurred_on == closed.closed_on and note.signed_at is not None
    assert note.text.endswith("Överförd från kalkylbladet.")
    assert "tidigare system" in note.text


def test_the_next_follow_up_keeps_the_cases_rhythm():
    today = datetime.date(2026, 11, 24)
    assert next_follow_up(datetime.date(2026, 10, 1), 3, today) == datetime.date(2027, 1, 1)
    assert next_follow_up(datetime.date(2024, 2, 5), 3, today) == datetime.date(2027, 2, 5)
    assert next_follow_up(datetime.date(2024, 1, 31), 1, today) == datetime.date(2026, 11, 30)
    assert next_follow_up(datetime.date(2026, 8, 24), 3, today) == today


def test_one_bad_case_row_stops_the_import(registered):
    world = registered
    dicts = cases(world)
    dicts[4]["arbetscoach"] = "ingen"
    with pytest.raises(ImportRejectedError) as raised:
        import_cases(actor=world.manager, organisation=world.organisation, rows=rows_of(dicts))
    assert [str(error) for error in raised.value.row_errors] == [
        "rad 6, kolumn arbetscoach: Det finns ingen arbetscoach med användarnamnet ingen i "
        "organisationen."
    ]
    assert Case.objects.count() == Note.objects.count() == Goal.objects.count() == 0


def test_a_dry_run_writes_no_case(registered):
    world = registered
    records = AuditRecord.objects.count()
    result = import_cases(
        actor=world.manager,
        organisation=world.organisation,
        rows=rows_of(cases(world)),
        dry_run=True,
    )
    assert not result.written and result.counts["ärenden"] == 6
    assert Case.objects.count() == 0 and AuditRecord.objects.count() == records


def test_running_the_same_cases_again_reports_them_as_present(registered):
    world = registered
    rows = rows_of(cases(world))
    import_cases(actor=world.manager, organisation=world.organisation, rows=rows)
    with pytest.raises(ImportRejectedError) as raised:
        import_cases(actor=world.manager, organisation=world.organisation, rows=rows)
    assert {error.message for error in raised.value.row_errors} == {
        "Ärendet finns redan (samma deltagare, enhet och startdatum)."
    }
    assert Case.objects.count() == 6


def test_cases_need_participants_first(world):
    with pytest.raises(ImportRejectedError) as raised:
        import_cases(
            actor=world.administrator, organisation=world.organisation, rows=rows_of(cases(world))
        )
    assert len(raised.value.row_errors) == 6
    assert "Importera deltagarna först" in raised.value.row_errors[0].message


def test_a_coach_may_not_import_cases(registered):
    world = registered
    with pytest.raises(PermissionDenied):
        import_cases(actor=world.coach, organisation=world.organisation, rows=rows_of(cases(world)))
    other_manager = UserFactory(manager=True)
    with pytest.raises(PermissionDenied):
        import_cases(
            actor=other_manager, organisation=world.organisation, rows=rows_of(cases(world))
        )


def test_audit_has_one_import_record_and_one_per_case_and_verifies(registered):
    world = registered
    import_cases(actor=world.manager, organisation=world.organisation, rows=rows_of(cases(world)))
    summary = AuditRecord.objects.get(object_type="imports.cases")
    assert summary.changes == {
        "organisation_id": world.organisation.pk,
        "ärenden": 6,
        "mål": 6,
        "aktiviteter": 12,
        "anteckningar": 3,
    }
    per_case = AuditRecord.objects.filter(object_type="cases.case", action="create")
    assert per_case.count() == 6
    assert set(per_case.values_list("participant_id", flat=True)) == set(
        Case.objects.values_list("participant_id", flat=True)
    )
    call_command("audit", "verify")


def test_an_imported_case_opens_for_its_coach(registered, client):
    world = registered
    import_cases(actor=world.manager, organisation=world.organisation, rows=rows_of(cases(world)))
    case = Case.objects.filter(status=CaseStatus.ACTIVE).first()
    client.force_login(world.coach)
    for name in ("cases:detail", "cases:plan_history"):
        response = client.get(reverse(name, args=[case.pk]))
        assert response.status_code == 200, name
        assert "Arbete inom handeln" in response.content.decode()
