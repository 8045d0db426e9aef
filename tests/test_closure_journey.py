"""Closure reaches every part (issue 13, item 1), through the pages as people use them.

A coach closes a case that holds a seat at a training arena and an OSA employment; then the
arena overview shows the seat free, the cost report has no cost for the employment after the
closure month, and SKR's category table no longer counts the employment after the closure.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lotsa.cases.constants import SkrCategory
from lotsa.cases.tests.factories import CaseFactory
from lotsa.organisations.tests.factories import UnitFactory, UserFactory
from lotsa.work import services as work_services
from lotsa.work.constants import PlacementKind, PlacementStatus, SubsidyType
from lotsa.work.tests.factories import EmployerFactory, TrainingArenaFactory, catalogue_install

pytestmark = pytest.mark.django_db


def _free_seats(client, arena):
    response = client.get(reverse("work:arena_detail", args=[arena.pk]))
    assert response.status_code == 200
    return response.context["free"]


def _employments_per_month(client, year):
    response = client.get(reverse("work:costs"), {"year": year})
    assert response.status_code == 200
    # Rows: month, employments, salary cost, grant, remainder; the last row is the year.
    return {row[0]: (row[1], row[2]) for row in response.context["months"][:-1]}


def _skr_count(client, year, category):
    response = client.get(reverse("statistics:skr"), {"year": year})
    assert response.status_code == 200
    table = response.context["tables"][0]["published"]
    label = str(SkrCategory(category).label)
    row = next(cells for name, cells in table.rows if name == label)
    return row[-1].value  # the row total over the units


def test_closing_frees_the_arena_seat_stops_the_cost_and_leaves_skr_counts(client, settings):
    settings.LOTSA_SUPPRESS_BELOW = 1  # one person's case: show its counts
    today = timezone.localdate()
    last_year = today.year - 1
    closes = datetime.date(last_year, 11, 15)
    unit = UnitFactory(runs_support=True, name="Arbetsmarknadsenheten")
    coach = UserFactory(coach=True, unit=unit)
    manager = UserFactory(manager=True, unit=unit)
    catalogue_install(unit.organisation)
    case = CaseFactory(unit=unit, coach=coach, start_date=datetime.date(last_year, 3, 1))
    arena = TrainingArenaFactory(unit=unit, name="Möbelprojekt", places=1)
    employer = EmployerFactory(
        organisation=unit.organisation, municipal=True, name="Solviks kommun"
    )
    seat = work_services.placement_create(
        actor=coach,
        case=case,
        kind=PlacementKind.WORK_TRAINING,
        arena=arena,
        starts_on=datetime.date(last_year, 4, 1),
        hours_per_week="20",
        status=PlacementStatus.ONGOING,
    )
    osa = work_services.placement_create(
        actor=coach,
        case=case,
        kind=PlacementKind.EMPLOYMENT,
        subsidy_type=SubsidyType.OSA,
        employer=employer,
        starts_on=datetime.date(last_year, 5, 1),
        hours_per_week="20",
        status=PlacementStatus.ONGOING,
        monthly_salary_cost="30000",
        grant_rate="80",
    )

    client.force_login(manager)
    assert _free_seats(client, arena) == 0
    assert _employments_per_month(client, today.year)[f"{today.year}-01"][0] == 1
    assert _skr_count(client, today.year, SkrCategory.SUPPORT_DISABLED) == 1

    # The coach closes the case; the closing page lists both placements and ends them.
    client.force_login(coach)
    close_url = reverse("cases:close", args=[case.pk])
    page = client.get(close_url)
    content = page.content.decode()
    assert f'name="close-activity_{seat.activity_id}"' in content
    assert f'name="close-activity_{osa.activity_id}"' in content
    form = page.context["form"]
    response = client.post(
        close_url,
        {
            "close-reason": "work_subsidised",
            "close-closed_on": closes.isoformat(),
            "close-employment_start": closes.isoformat(),
            "close-municipal_employment": "no",
            "close-note": "",
            "close-expected_version": form.initial["expected_version"],
            "close-expected_plan_version": form.initial["expected_plan_version"],
            f"close-activity_{seat.activity_id}": "end",
            f"close-activity_{osa.activity_id}": "end",
        },
    )
    assert response.status_code == 302

    # The placement page still answers its coach, read-only but for the end date.
    assert client.get(osa.get_absolute_url()).status_code == 200

    client.force_login(manager)
    assert _free_seats(client, arena) == 1
    closing_year = _employments_per_month(client, last_year)
    assert closing_year[f"{last_year}-11"][0] == 1  # half of November is still paid
    assert closing_year[f"{last_year}-12"] == (0, 0)
    assert all(month == (0, 0) for month in _employments_per_month(client, today.year).values())
    assert _skr_count(client, last_year, SkrCategory.SUPPORT_DISABLED) == 1
    assert _skr_count(client, today.year, SkrCategory.SUPPORT_DISABLED) == 0
