"""Placements, their plan activities, costs and attendance: services and the query functions."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lotsa.cases.constants import ActivityStatus, SkrCategory
from lotsa.cases.models import Activity, PlanVersion
from lotsa.cases.tests.factories import CaseFactory
from lotsa.organisations.tests.factories import UnitFactory, UserFactory
from lotsa.work import queries, services
from lotsa.work.constants import AttendanceStatus, PlacementStatus, SubsidyType
from lotsa.work.models import Attendance, Placement
from lotsa.work.tests.factories import EmployerFactory, TrainingArenaFactory
from lotsa.work.tests.placing import employment_start, internship_start, work_training_start

pytestmark = pytest.mark.django_db


@pytest.fixture
def employer(case):
    # Municipal: OSA is placed in municipal operations (seed 001).
    return EmployerFactory(organisation=case.organisation, placement_capacity=3, municipal=True)


def osa(case, employer, **overrides):
    values = {
        "starts_on": date(2026, 4, 16),
        "grant_rate": "75",
        "supervisor": "Kim Handledare",
        "tasks": "Lager",
        **overrides,
    }
    return employment_start(case, employer, **values)


def test_placement_is_an_activity_in_the_plan_with_the_derived_skr_category(case, employer):
    versions = PlanVersion.objects.filter(case=case).count()
    placement = osa(case, employer)
    activity = Activity.objects.get(pk=placement.activity_id)
    assert activity.case_id == case.pk
    assert activity.skr_category == SkrCategory.SUPPORT_DISABLED
    assert activity.extent == Decimal(30)
    assert activity.status == ActivityStatus.ONGOING
    assert employer.name in activity.description
    assert PlanVersion.objects.filter(case=case).count() == versions + 1


def test_update_follows_into_the_plan_with_a_new_category_and_version(case, employer):
    placement = osa(case, employer)
    versions = PlanVersion.objects.filter(case=case).count()
    services.placement_update(
        actor=case.coach,
        placement=placement,
        expected_version=placement.version,
        subsidy_type=SubsidyType.NEW_START,
        status=PlacementStatus.ENDED,
        ends_on=date(2026, 6, 30),
    )
    activity = Activity.objects.get(pk=placement.activity_id)
    assert activity.skr_category == SkrCategory.SUPPORT_NOT_DISABLED
    assert activity.status == ActivityStatus.DONE
    assert activity.ends_on == date(2026, 6, 30)
    assert PlanVersion.objects.filter(case=case).count() == versions + 1


def test_internship_at_an_arena(case):
    arena = TrainingArenaFactory(unit=case.unit)
    placement = internship_start(
        case,
        arena=arena,
        starts_on=date(2026, 3, 2),
        status=PlacementStatus.PLANNED,
        subsidy_type=SubsidyType.OSA,  # ignored: only employments have a subsidy
        monthly_salary_cost="100",
    )
    assert placement.subsidy_type == ""
    assert placement.monthly_salary_cost is None
    assert placement.activity.skr_category == SkrCategory.INTERNSHIP


def assert_refused(field, message_part, call):
    before = (Placement.objects.count(), Activity.objects.count(), PlanVersion.objects.count())
    with pytest.raises(ValidationError) as error:
        call()
    assert field in error.value.message_dict
    assert message_part in " ".join(error.value.message_dict[field])
    after = (Placement.objects.count(), Activity.objects.count(), PlanVersion.objects.count())
    assert after == before


def test_overlapping_employments_over_full_time_are_refused(case, employer):
    osa(case, employer, hours_per_week="30")
    other = EmployerFactory(organisation=case.organisation)
    assert_refused(
        "hours_per_week",
        "mer än heltid",
        lambda: osa(
            case,
            other,
            subsidy_type=SubsidyType.NONE,
            starts_on=date(2026, 5, 1),
            hours_per_week="15",
            monthly_salary_cost=None,
            grant_rate=None,
        ),
    )
    # Ten hours fit; and an employment after the first one has ended does not overlap.
    osa(case, other, subsidy_type=SubsidyType.NONE, hours_per_week="10", grant_rate=None)


def test_employment_after_another_ends_is_not_overlap(case, employer):
    osa(case, employer, hours_per_week="40", ends_on=date(2026, 4, 30))
    osa(case, employer, hours_per_week="40", starts_on=date(2026, 5, 1))
    assert Placement.objects.count() == 2


def test_grant_rate_above_the_maximum_is_refused(case, employer):
    assert_refused("grant_rate", "högst 80 %", lambda: osa(case, employer, grant_rate="80.5"))


def test_osa_needs_its_costs(case, employer):
    assert_refused(
        "monthly_salary_cost", "lönekostnaden", lambda: osa(case, employer, monthly_salary_cost="")
    )


def test_extratjanst_is_historical(case, employer):
    assert_refused(
        "subsidy_type", "Extratjänster", lambda: osa(case, employer, subsidy_type="extra_job")
    )


def test_exactly_one_workplace(case, employer):
    arena = TrainingArenaFactory(unit=case.unit)
    assert_refused("employer", "antingen", lambda: osa(case, employer, arena=arena))
    assert_refused("employer", "antingen", lambda: osa(case, None))


def test_another_units_coach_may_not_start_a_placement(case, employer):
    stranger = UserFactory(
        coach=True, unit=UnitFactory(organisation=case.organisation, support=True)
    )
    with pytest.raises(PermissionDenied):
        osa(case, employer, actor=stranger)
    assert not Placement.objects.exists()


def test_attendance_outside_the_placements_dates_is_refused(case, employer):
    placement = osa(case, employer, ends_on=date(2026, 6, 30))
    for day in (date(2026, 4, 15), date(2026, 7, 1)):
        with pytest.raises(ValidationError) as error:
            services.attendance_record(
                actor=case.coach, placement=placement, day=day, status=AttendanceStatus.PRESENT
            )
        assert "utanför placeringens tid" in error.value.message_dict["day"][0]
    assert not Attendance.objects.exists()
    services.attendance_record(
        actor=case.coach, placement=placement, day=date(2026, 4, 16), status=AttendanceStatus.SICK
    )
    assert Attendance.objects.get().status == AttendanceStatus.SICK


def test_week_at_an_arena_is_all_or_nothing(case):
    arena = TrainingArenaFactory(unit=case.unit)
    placement = work_training_start(
        case,
        arena,
        starts_on=date(2026, 3, 3),
        status=PlacementStatus.PLANNED,  # a Tuesday
    )
    monday = date(2026, 3, 2)
    days = services.week_days(monday)
    entries = [(placement, day, AttendanceStatus.PRESENT) for day in days]
    with pytest.raises(ValidationError) as error:
        services.attendance_record_week(actor=case.coach, arena=arena, entries=entries)
    assert "2026-03-02" in error.value.messages[0]
    assert not Attendance.objects.exists()
    entries[0] = (placement, monday, "")
    assert services.attendance_record_week(actor=case.coach, arena=arena, entries=entries) == 4


def test_subsidy_costs_per_unit_against_hand_computed_values(case, employer):
    # Unit A: OSA 28 500 kr, 75 %, from 16 April: April 14 250 / 10 688 / 3 562,
    # May 28 500 / 21 375 / 7 125.
    osa(case, employer)
    # Unit B: lönebidrag 31 000 kr, 80 %, all year: April and May 31 000 / 24 800 / 6 200.
    other_unit = UnitFactory(organisation=case.organisation, support=True)
    other_case = CaseFactory(unit=other_unit)
    osa(
        other_case,
        employer,
        actor=other_case.coach,
        subsidy_type=SubsidyType.WAGE_SUBSIDY,
        starts_on=date(2026, 1, 1),
        monthly_salary_cost="31000",
        grant_rate="80",
    )
    # A praktik and a cancelled employment cost nothing.
    osa(case, employer, status=PlacementStatus.CANCELLED, hours_per_week="5")
    manager = UserFactory(manager=True, unit=case.unit)
    lines = queries.subsidy_costs(manager, date(2026, 4, 1), date(2026, 5, 31))
    summary = queries.cost_summary(lines, [date(2026, 4, 1), date(2026, 5, 1)])
    april, may = summary.by_month[date(2026, 4, 1)], summary.by_month[date(2026, 5, 1)]
    assert (april.salary_cost, april.grant, april.remainder) == (45250, 35488, 9762)
    assert (may.salary_cost, may.grant, may.remainder) == (59500, 46175, 13325)
    total = summary.total
    assert (total.salary_cost, total.grant, total.remainder) == (104750, 81663, 23087)
    unit_a = summary.by_unit[case.unit.name]
    assert (unit_a.salary_cost, unit_a.grant, unit_a.remainder) == (42750, 32063, 10687)
    only_a = queries.subsidy_costs(manager, date(2026, 4, 1), date(2026, 5, 31), unit=case.unit)
    assert {line.unit_id for line in only_a} == {case.unit.pk}
    assert (
        queries.subsidy_costs(UserFactory(referrer=True), date(2026, 4, 1), date(2026, 5, 31)) == []
    )


def test_subsidy_costs_for_several_periods_are_each_periods_own(
    case, employer, django_assert_num_queries
):
    osa(case, employer)  # from 16 April 2026, open-ended
    osa(case, employer, starts_on=date(2025, 3, 1), ends_on=date(2025, 8, 15))
    osa(case, employer, starts_on=date(2025, 12, 20), ends_on=date(2026, 1, 10))
    other_case = CaseFactory(unit=UnitFactory(organisation=case.organisation, support=True))
    osa(other_case, employer, actor=other_case.coach, starts_on=date(2024, 6, 1))
    # A closed case's employment stops costing at the closure.
    Placement.objects.filter(case=other_case).update(ends_on=None)
    type(other_case).objects.filter(pk=other_case.pk).update(
        start_date=date(2024, 1, 1), closed_on=date(2025, 5, 20)
    )
    manager = UserFactory(manager=True, unit=case.unit)
    periods = [
        (date(2026, 1, 1), date(2026, 6, 30)),
        (date(2025, 1, 1), date(2025, 6, 30)),
        (date(2025, 7, 1), date(2026, 2, 28)),
        (date(2023, 1, 1), date(2023, 12, 31)),
    ]
    with django_assert_num_queries(1):
        together = queries.subsidy_costs_periods(manager, periods)
    apart = [queries.subsidy_costs(manager, start, end) for start, end in periods]
    assert together == apart
    assert all(apart[:3]) and not apart[3]
    only_a = queries.subsidy_costs_periods(manager, periods, unit=case.unit)
    assert only_a == [
        queries.subsidy_costs(manager, start, end, unit=case.unit) for start, end in periods
    ]


def test_placements_in_period_keeps_to_visible_cases(case, employer):
    placement = osa(case, employer, ends_on=date(2026, 4, 30))
    assert list(queries.placements_in_period(case.coach, date(2026, 4, 1), date(2026, 4, 30))) == [
        placement
    ]
    assert not queries.placements_in_period(case.coach, date(2026, 5, 1), date(2026, 5, 31))
    stranger = UserFactory(
        coach=True, unit=UnitFactory(organisation=case.organisation, support=True)
    )
    assert not queries.placements_in_period(stranger, date(2026, 4, 1), date(2026, 4, 30))


def test_protected_participant_is_counted_but_not_listed_at_the_employer(employer):
    unit = UnitFactory(organisation=employer.organisation, support=True)
    case = CaseFactory(unit=unit, participant__is_protected=True)
    osa(case, employer)
    colleague = UserFactory(coach=True, unit=case.unit)
    visible, hidden = queries.employer_placements(actor=colleague, employer=employer)
    assert (visible, hidden) == ([], 1)
    visible, hidden = queries.employer_placements(actor=case.coach, employer=employer)
    assert (len(visible), hidden) == (1, 0)


def test_two_people_editing_the_same_placement_do_not_overwrite_each_other(case, employer):
    from lotsa.core.concurrency import EditConflictError

    placement = osa(case, employer)
    stale = Placement.objects.get(pk=placement.pk)
    services.placement_update(
        actor=case.coach, placement=placement, expected_version=0, hours_per_week="20"
    )
    with pytest.raises(EditConflictError):
        services.placement_update(
            actor=case.coach, placement=stale, expected_version=0, hours_per_week="10"
        )
    placement.refresh_from_db()
    assert placement.hours_per_week == Decimal(20)
    assert Activity.objects.get(pk=placement.activity_id).extent == Decimal(20)


def test_a_placement_taken_out_of_the_plan_is_put_back_when_changed(case, employer):
    from lotsa.cases import services as case_services

    placement = osa(case, employer)
    case.refresh_from_db()
    case_services.activity_remove(
        actor=case.coach,
        activity=Activity.objects.get(pk=placement.activity_id),
        expected_plan_version=case.plan_version,
    )
    placement.refresh_from_db()
    assert placement.activity_id is None
    services.placement_update(
        actor=case.coach, placement=placement, expected_version=0, tasks="Truck"
    )
    placement.refresh_from_db()
    assert Activity.objects.get(pk=placement.activity_id).description.endswith("Truck")
