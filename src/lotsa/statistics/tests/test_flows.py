"""The participant flow tables' one grouped pass (`flows.grouped_flows`) and the time, closure and
result figures' one pass (`flows.case_figures`) give the figures of one grouped query per table
and period, as the report computed them before: on generated data, with and without the
report's filters. Runs on SQLite (UNION ALL) and on PostgreSQL (GROUPING SETS)
— set DATABASE_URL to run it on the latter."""

from typing import Any

import pytest
from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.test.utils import CaptureQueriesContext

from lotsa.cases.constants import WORK_OR_STUDIES
from lotsa.cases.models import Case
from lotsa.organisations.models import Organisation
from lotsa.statistics.db import DayNumber
from lotsa.statistics.flows import TOTAL, case_figures, grouped_flows
from lotsa.statistics.periods import Period, year
from lotsa.statistics.report import (
    WORK_OR_STUDIES_DAYS,
    BoardReportBuilder,
    ReportFilter,
    _flow_filters,
    age_band_expression,
    base_cases,
)

pytestmark = pytest.mark.django_db
KEYS = ("new", "active", "closed")
FIXED = {
    "gender": "participant__gender",
    "district": "participant__district_id",
    "unit": "unit_id",
    "member": "participant__member_municipality_id",
}


def _reference(
    cases: QuerySet[Case], period: Period, group: str | None, **annotations: Any
) -> dict[Any, dict[str, int]]:
    """One grouped ORM query for one period: the report's way before the grouped pass."""
    counts = {
        key: Count("participant", distinct=True, filter=condition)
        for key, condition in _flow_filters(period).items()
    }
    query = cases.annotate(**annotations) if annotations else cases
    if group is None:
        return {None: query.aggregate(**counts)}
    return {
        row[group]: {key: row[key] for key in KEYS}
        for row in query.values(group).annotate(**counts).order_by()
    }


@pytest.fixture
def generated(db):
    from lotsa.scale.generator import GenerateOptions, generate

    result = generate(GenerateOptions(participants=400, seed=11, audit_per_participant=0))
    return list(Organisation.objects.filter(pk__in=result.organisation_ids).order_by("pk"))


def _filters(organisation: Organisation) -> list[ReportFilter]:
    last = Case.objects.filter(organisation=organisation).order_by("-start_date").first()
    assert last is not None
    periods = [year(last.start_date.year - 1), year(last.start_date.year)]
    found = [ReportFilter(organisation=organisation, period=period) for period in periods]
    cases = Case.objects.filter(organisation=organisation).select_related("unit")
    found.append(ReportFilter(organisation, periods[0], unit=cases.order_by("pk").first().unit))
    placed = cases.filter(participant__district__isnull=False).select_related(
        "participant__district"
    )
    if placed.exists():
        found.append(
            ReportFilter(organisation, periods[0], district=placed[0].participant.district)
        )
    code = (
        Case.objects.filter(organisation=organisation, referral__target_groups__isnull=False)
        .values_list("referral__target_groups__code", flat=True)
        .first()
    )
    if code:
        found.append(ReportFilter(organisation, periods[0], target_group=code))
    return found


def test_one_grouped_pass_gives_the_per_table_figures(generated):
    compared = 0
    for organisation in generated:
        for report_filter in _filters(organisation):
            cases = base_cases(report_filter)
            periods = (report_filter.period, report_filter.period.previous())
            found = grouped_flows(
                cases,
                periods,
                FIXED,
                {"age": lambda period: age_band_expression(period.end)},
            )
            for index, period in enumerate(periods):
                assert found[TOTAL][index] == _reference(cases, period, None), report_filter
                for name, path in FIXED.items():
                    assert found[name][index] == _reference(cases, period, path), (name, period)
                age = _reference(cases, period, "band", band=age_band_expression(period.end))
                assert found["age"][index] == age, period
                compared += 1
            assert any(found[TOTAL][0][None].values()), "an empty report: a weak test"
    assert compared >= 8


def _reference_figures(cases: QuerySet[Case], period: Period) -> dict[str, Any]:
    """The time, closure and result figures of one period, one ORM query each (as before)."""
    in_period = {"start_date__gte": period.start, "start_date__lte": period.end}
    closed = cases.filter(closed_on__gte=period.start, closed_on__lte=period.end)
    cohort = period.shifted_months(-18)
    found = (
        cases.filter(start_date__gte=cohort.start, start_date__lte=cohort.end)
        .annotate(span=DayNumber("closed_on") - DayNumber("start_date"))
        .aggregate(
            started=Count("id"),
            succeeded=Count(
                "id",
                filter=Q(closure_reason__in=WORK_OR_STUDIES) & Q(span__lte=WORK_OR_STUDIES_DAYS),
            ),
        )
    )
    return {
        "waiting": dict(
            cases.filter(waiting_days__isnull=False, **in_period)
            .values("waiting_days")
            .annotate(n=Count("id"))
            .order_by()
            .values_list("waiting_days", "n")
        ),
        "support": dict(
            closed.annotate(days=DayNumber("closed_on") - DayNumber("start_date"))
            .values("days")
            .annotate(n=Count("id"))
            .order_by()
            .values_list("days", "n")
        ),
        "closures": dict(
            closed.values("closure_reason")
            .annotate(n=Count("id"))
            .order_by()
            .values_list("closure_reason", "n")
        ),
        "started": found["started"],
        "succeeded": found["succeeded"],
    }


def test_one_pass_gives_the_time_closure_and_result_figures(generated):
    compared = 0
    for organisation in generated:
        for report_filter in _filters(organisation):
            cases = base_cases(report_filter)
            periods = (report_filter.period, report_filter.period.previous())
            cohorts = [period.shifted_months(-18) for period in periods]
            figures = case_figures(cases, periods, cohorts, WORK_OR_STUDIES, WORK_OR_STUDIES_DAYS)
            for index, period in enumerate(periods):
                reference = _reference_figures(cases, period)
                assert figures.waiting[index] == reference["waiting"], period
                assert figures.support[index] == reference["support"], period
                assert figures.closures[index] == reference["closures"], period
                assert figures.cohort_started[index] == reference["started"], period
                assert figures.cohort_succeeded[index] == reference["succeeded"], period
                compared += 1
            assert figures.waiting[0] and figures.closures[0], "no figures: a weak test"
    assert compared >= 8


def test_the_participant_section_is_one_statement_and_two_name_lists():
    from lotsa.statistics.tests import handbuilt

    world = handbuilt.build()
    builder = BoardReportBuilder(ReportFilter(world["organisation"], handbuilt.PERIOD))
    with CaptureQueriesContext(connection) as captured:
        builder.flow_overview()
        builder.by_gender()
        builder.by_age()
        builder.by_district()
        builder.by_unit()
    # The grouped pass, then the districts' and the units' names.
    assert len(captured) == 3, [query["sql"][:80] for query in captured.captured_queries]
    grouped = captured.captured_queries[0]["sql"]
    if connection.vendor == "postgresql":
        assert "GROUPING SETS" in grouped
    else:
        assert "UNION ALL" in grouped
    with CaptureQueriesContext(connection) as captured:
        builder.times()
        builder.closures()
        builder.work_or_studies()
    assert len(captured) == 1


def test_an_empty_report_has_zeros_in_total():
    from lotsa.organisations.tests.factories import OrganisationFactory

    organisation = OrganisationFactory()
    builder = BoardReportBuilder(ReportFilter(organisation, year(2025)))
    flow = builder.flow_overview()
    assert flow.current == [[0], [0], [0]]
    assert flow.previous == [[0], [0], [0]]
    assert builder.by_gender().current == [[0, 0, 0]] * len(builder.by_gender().rows)
