"""Board-report sections built on other apps' data: placements and subsidy costs."""

from decimal import Decimal

import pytest

from lotsa.statistics.report import ReportFilter, board_report
from lotsa.statistics.tables import publish
from lotsa.statistics.tests import handbuilt
from lotsa.work.models import Employer, Placement

pytestmark = pytest.mark.django_db
D = handbuilt.D


def test_placements_by_kind_and_subsidy_and_the_cost_of_employments():
    world = handbuilt.build()
    employer = Employer.objects.create(
        organisation=world["organisation"],
        organisation_number="556016-0680",
        name="Handby Bygg AB",
        sector="private",
    )

    def place(case, kind, starts_on, ends_on, **extra):
        return Placement.objects.create(
            organisation=world["organisation"],
            case=world[case],
            kind=kind,
            employer=employer,
            starts_on=starts_on,
            ends_on=ends_on,
            hours_per_week=Decimal(20),
            status="ongoing",
            created_by=world["coach"],
            **extra,
        )

    place("B", "internship", D(2025, 2, 1), D(2025, 3, 31))
    place("C", "internship", D(2025, 3, 1), D(2025, 4, 30))
    cancelled = place("C", "internship", D(2025, 5, 1), D(2025, 5, 31))
    Placement.objects.filter(pk=cancelled.pk).update(status="cancelled")
    place(
        "D",
        "employment",
        D(2025, 1, 1),
        D(2025, 1, 31),
        subsidy_type="osa",
        monthly_salary_cost=Decimal(20000),
        grant_rate=Decimal(80),
    )
    report = board_report(ReportFilter(organisation=world["organisation"], period=handbuilt.PERIOD))
    tables = {table.key: table for table in report.tables()}
    placements = dict(
        zip(
            tables["placements"].rows, [row[0] for row in tables["placements"].current], strict=True
        )
    )
    assert placements["Praktik"] == 2  # the cancelled one does not count
    assert placements["Anställning – OSA (skyddat arbete hos offentlig arbetsgivare)"] == 1
    costs = dict(zip(tables["subsidy_costs"].rows, tables["subsidy_costs"].current, strict=True))
    assert costs["OSA (skyddat arbete hos offentlig arbetsgivare)"] == [20000, 16000, 4000]
    assert costs["Alla anställningar"] == [20000, 16000, 4000]
    # one employment: too few to publish its cost
    published = publish(tables["subsidy_costs"])
    assert all(cell.hidden for _label, cells in published.rows for cell in cells if cell.value)


def test_a_cost_total_that_would_reveal_one_hidden_row_is_hidden():
    from lotsa.cases.tests.factories import CaseFactory
    from lotsa.statistics.report import BoardReportBuilder
    from lotsa.statistics.sections import placements

    world = handbuilt.build()
    employer = Employer.objects.create(
        organisation=world["organisation"],
        organisation_number="556016-0680",
        name="Handby Bygg AB",
        sector="private",
    )
    cases = [
        CaseFactory(unit=world["unit"], coach=world["coach"], start_date=D(2024, 12, 1))
        for _ in range(5)
    ]
    for index, case in enumerate([*cases, world["D"]]):
        Placement.objects.create(
            organisation=world["organisation"],
            case=case,
            kind="employment",
            subsidy_type="osa" if index == 5 else "none",
            employer=employer,
            starts_on=D(2025, 1, 1),
            ends_on=D(2025, 1, 31),
            hours_per_week=Decimal(20),
            status="ended",
            monthly_salary_cost=Decimal(20000),
            grant_rate=Decimal(80) if index == 5 else None,
            created_by=world["coach"],
        )
    builder = BoardReportBuilder(
        ReportFilter(organisation=world["organisation"], period=handbuilt.PERIOD)
    )
    costs = publish(placements(builder).tables[1])
    shown = {label: [cell.hidden for cell in cells[:3]] for label, cells in costs.rows}
    assert shown["Utan stöd"] == ["", "", ""]
    assert shown["OSA (skyddat arbete hos offentlig arbetsgivare)"] == ["primary"] * 3
    assert shown["Alla anställningar"] == ["primary"] * 3
