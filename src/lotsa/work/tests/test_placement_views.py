"""Placement, attendance, cost and matching pages: journeys through the views, query counts."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from lotsa.cases.tests.factories import CaseFactory
from lotsa.organisations.tests.factories import UserFactory
from lotsa.work.constants import AttendanceStatus, PlacementStatus
from lotsa.work.models import Attendance, JobProfile, Placement
from lotsa.work.tests.factories import EmployerFactory, TrainingArenaFactory
from lotsa.work.tests.placing import employment_start, internship_start, work_training_start

pytestmark = pytest.mark.django_db

CASE_PAGE_BUDGET = 60  # the whole case page; the placements panel adds a constant two


def _count(client, url):
    client.get(url)  # the first request of a session does more (session, two-factor check)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.fixture
def coach_client(client, case):
    client.force_login(case.coach)
    return client


def _internship(case, *, employer=None, arena=None, starts_on=None, **extra):
    return internship_start(
        case,
        employer=employer,
        arena=arena,
        starts_on=starts_on or timezone.localdate() - timedelta(days=30),
        hours_per_week="10",
        **extra,
    )


def test_coach_starts_an_osa_employment_from_the_case(coach_client, case):
    employer = EmployerFactory(organisation=case.organisation, placement_capacity=2, municipal=True)
    url = reverse("work:placement_create", args=[case.pk])
    assert coach_client.get(url, {"employer": employer.pk}).status_code == 200
    data = {
        "kind": "employment",
        "subsidy_type": "osa",
        "employer": employer.pk,
        "starts_on": "2026-04-16",
        "hours_per_week": "30",
        "status": "ongoing",
        "monthly_salary_cost": "28500",
        "grant_rate": "85",
    }
    refused = coach_client.post(url, data)
    assert refused.status_code == 200
    assert "högst 80 %" in refused.content.decode()
    assert not Placement.objects.exists()
    response = coach_client.post(url, {**data, "grant_rate": "75"})
    placement = Placement.objects.get()
    assert response.status_code == 302 and response["Location"] == placement.get_absolute_url()
    page = coach_client.get(placement.get_absolute_url()).content.decode()
    assert "28\u00a0500\u00a0kr" in page and "75" in page
    case_page = coach_client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Praktik och anställningar" in case_page and employer.name in case_page


def test_case_panel_runs_the_same_queries_for_1_and_many_placements(coach_client, case):
    employer = EmployerFactory(organisation=case.organisation)
    arena = TrainingArenaFactory(unit=case.unit)
    url = reverse("cases:detail", args=[case.pk])
    _internship(case, employer=employer)
    one = _count(coach_client, url)
    for _ in range(4):
        _internship(case, arena=arena)
    many = _count(coach_client, url)
    assert one == many
    assert many <= CASE_PAGE_BUDGET


def test_employer_and_arena_pages_keep_constant_queries(coach_client, case):
    employer = EmployerFactory(organisation=case.organisation, placement_capacity=9)
    arena = TrainingArenaFactory(unit=case.unit, places=9)
    _internship(case, employer=employer)
    _internship(case, arena=arena)
    counts = {}
    for name, target in (
        ("employer_detail", employer),
        ("arena_detail", arena),
        ("arena_week", arena),
    ):
        counts[name] = _count(coach_client, reverse(f"work:{name}", args=[target.pk]))
    counts["arenas"] = _count(coach_client, reverse("work:arenas"))
    for _ in range(5):
        other = CaseFactory(unit=case.unit)
        work_training_start(other, arena, status=PlacementStatus.PLANNED)
        internship_start(
            other, employer=employer, hours_per_week="10", status=PlacementStatus.PLANNED
        )
    for name, target in (
        ("employer_detail", employer),
        ("arena_detail", arena),
        ("arena_week", arena),
    ):
        assert _count(coach_client, reverse(f"work:{name}", args=[target.pk])) == counts[name]
    assert _count(coach_client, reverse("work:arenas")) == counts["arenas"]
    page = coach_client.get(reverse("work:arena_detail", args=[arena.pk])).content.decode()
    assert "Belagda i dag" in page


def test_arena_week_grid_is_all_or_nothing(coach_client, case):
    arena = TrainingArenaFactory(unit=case.unit)
    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday() + 7)
    first = _internship(case, arena=arena, starts_on=monday - timedelta(days=10))
    other = CaseFactory(unit=case.unit, coach=case.coach)
    late = work_training_start(
        other,
        arena,
        actor=case.coach,
        starts_on=monday + timedelta(days=2),  # Wednesday
        status=PlacementStatus.PLANNED,
    )
    url = reverse("work:arena_week", args=[arena.pk])
    page = coach_client.get(url, {"week": monday.isoformat()}).content.decode()
    assert other.participant.full_name in page and "Ej placerad" in page
    data = {"week": monday.isoformat()}
    for offset in range(5):
        day = (monday + timedelta(days=offset)).isoformat()
        data[f"p{first.pk}_{day}"] = "present"
        data[f"p{late.pk}_{day}"] = "sick"
    refused = coach_client.post(url, data)
    assert refused.status_code == 200
    assert "Inget sparades" in refused.content.decode()
    assert not Attendance.objects.exists()
    for offset in range(2):
        del data[f"p{late.pk}_{(monday + timedelta(days=offset)).isoformat()}"]
    assert coach_client.post(url, data).status_code == 302
    assert Attendance.objects.filter(placement=first).count() == 5
    assert Attendance.objects.filter(placement=late, status=AttendanceStatus.SICK).count() == 3
    # The participant's monthly summary, printable and as CSV.
    month_url = reverse("work:attendance_month", args=[case.pk, monday.year, monday.month])
    assert coach_client.get(month_url).status_code == 200
    csv_url = reverse("work:attendance_month_csv", args=[case.pk, monday.year, monday.month])
    rows = list(
        csv.reader(
            io.StringIO(coach_client.get(csv_url).content.decode("utf-8-sig")), delimiter=";"
        )
    )
    assert rows[0] == ["Deltagare", case.participant.full_name]


def test_cost_summary_and_exports_show_hand_computed_amounts(client, case):
    employer = EmployerFactory(organisation=case.organisation, municipal=True)
    employment_start(
        case,
        employer,
        starts_on=date(2025, 4, 16),
        ends_on=date(2025, 5, 31),
        status=PlacementStatus.ENDED,
        grant_rate="75",
    )
    manager = UserFactory(manager=True, unit=case.unit)
    client.force_login(manager)
    query = {"year": "2025"}
    page = client.get(reverse("work:costs"), query).content.decode()
    # April 14 250 / 10 688 / 3 562, May 28 500 / 21 375 / 7 125, the year 42 750 / 32 063 / 10 687.
    # On the page with Swedish thousands separators; in the exports as plain numbers.
    for amount in ("14\u00a0250", "10\u00a0688", "42\u00a0750", "10\u00a0687"):
        assert f'<td class="num">{amount}</td>' in page
    rows = list(
        csv.reader(
            io.StringIO(client.get(reverse("work:costs_csv"), query).content.decode("utf-8-sig")),
            delimiter=";",
        )
    )
    assert ["2025-04", "1", "14250", "10688", "3562"] in rows
    assert ["Hela året", "1", "42750", "32063", "10687"] in rows
    workbook = load_workbook(io.BytesIO(client.get(reverse("work:costs_xlsx"), query).content))
    values = [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    assert ["2025-05", 1, 28500, 21375, 7125] in values
    assert [case.unit.name, 1, 42750, 32063, 10687] in [
        list(row) for row in workbook.worksheets[1].iter_rows(values_only=True)
    ]


def test_matching_explains_candidates_and_hides_people_the_coach_may_not_see(coach_client, case):
    employer = EmployerFactory(
        organisation=case.organisation,
        name="Sundsvall Bygg AB",
        industry="Bygg",
        visiting_address="Storgatan 1, Timrå",
        placement_capacity=2,
    )
    EmployerFactory(organisation=case.organisation, industry="Bygg", placement_capacity=0)
    url = reverse("work:job_profile_edit", args=[case.participant.pk])
    response = coach_client.post(
        url,
        {
            "interests": "bygg\ncafé",
            "hours_per_week": "30",
            "travel_areas": "Timrå",
            "version": "0",
        },
    )
    assert response.status_code == 302
    page = coach_client.get(reverse("work:match_participant", args=[case.participant.pk]))
    text = page.content.decode()
    assert (
        employer.name in text
        and "Intresset ”bygg” passar" in text
        and "Kan ta sig till Timrå" in text
    )
    assert "2 lediga platser" in text
    protected = CaseFactory(unit=case.unit, participant__is_protected=True)
    JobProfile.objects.create(participant=protected.participant, interests="Bygg")
    listing = coach_client.get(reverse("work:match_employer", args=[employer.pk])).content.decode()
    assert case.participant.full_name in listing
    assert protected.participant.full_name not in listing
