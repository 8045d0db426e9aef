"""A closed case holds no placement: closing ends them (arena seat free, subsidy cost stopped),
rows left open never count after the closure, and the coach can still correct the end."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from lotsa.audit.models import AuditRecord
from lotsa.cases import services as case_services
from lotsa.cases.constants import CaseStatus, ClosureReason
from lotsa.cases.models import Activity, Case
from lotsa.cases.tests.factories import CaseFactory
from lotsa.organisations.tests.factories import UserFactory
from lotsa.work import matching, queries
from lotsa.work.constants import PlacementStatus
from lotsa.work.models import JobProfile, Placement
from lotsa.work.tests.factories import EmployerFactory, TrainingArenaFactory, catalogue_install
from lotsa.work.tests.placing import employment_start, work_training_start

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def today():
    return timezone.localdate()


@pytest.fixture
def case():
    case = CaseFactory(start_date=today() - 200 * DAY)
    catalogue_install(case.organisation)
    return case


def _seat(case, arena, **extra):
    return work_training_start(case, arena, **{"starts_on": today() - 100 * DAY, **extra})


def _osa(case, **extra):
    employer = EmployerFactory(organisation=case.organisation, municipal=True)
    values = {"starts_on": today() - 150 * DAY, "monthly_salary_cost": "30000", **extra}
    return employment_start(case, employer, **values)


def _occupied(actor, arena, day):
    return (
        queries.occupancy(queries.training_arenas_visible_to(actor=actor), day)
        .values_list("occupied", flat=True)
        .get(pk=arena.pk)
    )


def _close(case, closes):
    return case_services.case_close(
        actor=case.coach, case=case, reason=ClosureReason.MOVED, closed_on=closes
    )


def _costs_after(actor, closes):
    start = closes.replace(day=1)
    lines = queries.subsidy_costs(actor, start, start + 400 * DAY)
    return [line for line in lines if line.month > start], lines


def test_closing_ends_placements_frees_the_arena_seat_and_stops_the_cost(case):
    # Two places: the later seat is a booking of its own (an arena's places are a limit).
    arena = TrainingArenaFactory(unit=case.unit, places=2)
    seat, employment = _seat(case, arena), _osa(case)
    later = _seat(case, arena, starts_on=today() + 10 * DAY, status=PlacementStatus.PLANNED)
    assert _occupied(case.coach, arena, today()) == 1
    closes = today() - 40 * DAY
    _close(case, closes)
    for placement in (seat, employment, later):
        placement.refresh_from_db()
    assert (seat.status, seat.ends_on) == (PlacementStatus.ENDED, closes)
    assert (employment.status, employment.ends_on) == (PlacementStatus.ENDED, closes)
    assert later.status == PlacementStatus.CANCELLED
    assert Activity.objects.get(pk=seat.activity_id).ends_on == closes
    assert _occupied(case.coach, arena, today()) == 0
    after, lines = _costs_after(case.coach, closes)
    assert after == []
    assert [line.days for line in lines] == [closes.day]
    assert (
        AuditRecord.objects.filter(
            object_type="work.placement", summary__contains="när ärendet avslutades"
        ).count()
        == 3
    )


def test_rows_left_open_on_a_closed_case_free_the_seat_and_cost_nothing(case):
    arena = TrainingArenaFactory(unit=case.unit, places=1)
    _seat(case, arena)
    _osa(case)
    closes = today() - 40 * DAY
    # Closed before closure reached the placements (the demo database has 25 such cases).
    Case.objects.filter(pk=case.pk).update(
        status=CaseStatus.CLOSED, closed_on=closes, closure_reason=ClosureReason.MOVED
    )
    assert _occupied(case.coach, arena, today()) == 0
    after, _lines = _costs_after(case.coach, closes)
    assert after == []
    # Matching: the arena has its place free again.
    other = CaseFactory(unit=case.unit, coach=case.coach)
    JobProfile.objects.create(participant=other.participant, interests=arena.name)
    profile = JobProfile.objects.get(participant=other.participant)
    suggested = matching.workplaces_for_participant(actor=case.coach, profile=profile)
    assert arena in [candidate.subject for candidate in suggested]


def test_the_placement_page_of_a_closed_case_answers_its_coach_and_corrects_the_end(client, case):
    employment = _osa(case)
    closes = today() - 40 * DAY
    _close(case, closes)
    client.force_login(case.coach)
    detail = client.get(employment.get_absolute_url())
    assert detail.status_code == 200
    assert "slutdatumet kan rättas" in detail.content.decode()
    url = reverse("work:placement_edit", args=[employment.pk])
    form = client.get(url)
    assert form.status_code == 200
    assert 'name="kind"' not in form.content.decode()  # read-only but the end date
    employment.refresh_from_db()
    late = client.post(url, {"ends_on": today().isoformat(), "version": employment.version})
    assert "kan inte vara efter ärendets avslut" in late.content.decode()
    corrected = closes - 10 * DAY
    done = client.post(url, {"ends_on": corrected.isoformat(), "version": employment.version})
    assert done.status_code == 302
    employment.refresh_from_db()
    assert employment.ends_on == corrected
    assert Activity.objects.get(pk=employment.activity_id).ends_on == corrected
    assert AuditRecord.objects.filter(
        object_type="work.placement", summary__startswith="Rättat slutdatum"
    ).exists()
    # Attendance and other changes stay closed.
    assert client.post(reverse("work:attendance_add", args=[employment.pk])).status_code == 403
    outsider = UserFactory(coach=True, unit=case.unit)
    client.force_login(outsider)
    assert client.get(url).status_code == 200  # a coach of the unit may correct too
    client.force_login(UserFactory(coach=True))  # another unit's coach
    assert client.get(url).status_code == 404


def test_correcting_the_plan_activity_of_a_placement_moves_the_placement_too(case):
    seat = _seat(case, TrainingArenaFactory(unit=case.unit))
    closes = today() - 40 * DAY
    _close(case, closes)
    closed = Case.objects.get(pk=case.pk)
    activity = Activity.objects.select_related("case").get(pk=seat.activity_id)
    case_services.activity_end_correct(
        actor=case.coach,
        activity=activity,
        expected_plan_version=closed.plan_version,
        ends_on=closes - 5 * DAY,
    )
    assert Placement.objects.get(pk=seat.pk).ends_on == closes - 5 * DAY


def test_reopening_leaves_the_placements_ended_and_the_seat_free(case):
    arena = TrainingArenaFactory(unit=case.unit, places=1)
    seat = _seat(case, arena)
    _close(case, today() - 40 * DAY)
    manager = UserFactory(manager=True, unit=case.unit)
    case_services.case_reopen(actor=manager, case=Case.objects.get(pk=case.pk), reason="Åter")
    seat.refresh_from_db()
    assert seat.status == PlacementStatus.ENDED
    assert _occupied(manager, arena, today()) == 0


def test_the_migration_mends_placements_left_open_on_closed_cases(case):
    migration = importlib.import_module("lotsa.work.migrations.0003_end_placements_of_closed_cases")
    arena = TrainingArenaFactory(unit=case.unit, places=3)  # three seats booked below
    seat, employment = _seat(case, arena), _osa(case)
    later = _seat(case, arena, starts_on=today() + 10 * DAY, status=PlacementStatus.PLANNED)
    open_case = CaseFactory(unit=case.unit)
    untouched = _seat(open_case, arena)
    closes = today() - 40 * DAY
    Case.objects.filter(pk=case.pk).update(
        status=CaseStatus.CLOSED, closed_on=closes, closure_reason=ClosureReason.MOVED
    )
    migration.end_placements_of_closed_cases(apps, None)
    states = {p.pk: Placement.objects.get(pk=p.pk) for p in (seat, employment, later, untouched)}
    assert (states[seat.pk].status, states[seat.pk].ends_on) == ("ended", closes)
    assert (states[employment.pk].status, states[employment.pk].ends_on) == ("ended", closes)
    assert states[later.pk].status == "cancelled"
    assert (states[untouched.pk].status, states[untouched.pk].ends_on) == ("ongoing", None)
