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
