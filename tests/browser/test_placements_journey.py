"""A coach finds an employer, starts an OSA employment with costs (a grant rate above 80 % is
refused next to the field), registers a week of attendance for everyone at an arena, and a
manager views the cost summary."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from lotsa.cases.tests.factories import CaseFactory
from lotsa.organisations.tests.factories import UnitFactory, UserFactory
from lotsa.work import services
from lotsa.work.models import Attendance, Placement
from lotsa.work.tests.factories import EmployerFactory, TrainingArenaFactory, catalogue_install
from tests.browser.conftest import assert_accessible, sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coach_places_a_person_in_osa_records_a_week_and_manager_sees_the_costs(page):
    unit = UnitFactory(runs_support=True, name="Arbetsmarknadsenheten")
    coach = UserFactory(username="coachen", coach=True, unit=unit)
    UserFactory(username="chefen", manager=True, unit=unit)
    catalogue_install(unit.organisation)
    today = timezone.localdate()
    # Last week: attendance is recorded afterwards, never for a day that has not come.
    monday = today - datetime.timedelta(days=today.weekday() + 7)
    case = CaseFactory(
        unit=unit, coach=coach, participant__first_name="Olle", participant__last_name="Osason"
    )
    trainee = CaseFactory(
        unit=unit, coach=coach, participant__first_name="Anna", participant__last_name="Arenasson"
    )
    # Municipal: OSA is placed in municipal operations (seed 001).
    employer = EmployerFactory(
        organisation=unit.organisation,
        name="Solviks Lager AB",
        industry="Lager",
        placement_capacity=2,
        municipal=True,
    )
    arena = TrainingArenaFactory(unit=unit, name="Möbelprojekt", places=4)
    training = services.placement_create(
        actor=coach,
        case=trainee,
        kind="work_training",
        arena=arena,
        starts_on=monday - datetime.timedelta(days=14),
        hours_per_week="20",
        status="ongoing",
    )

    sign_in(page, "coachen")
    # Find the employer.
    page.get_by_role("link", name="Arbetsgivare").first.click()
    page.get_by_label("Sök på namn eller organisationsnummer").fill("Lager")
    page.get_by_role("button", name="Sök").click()
    page.get_by_role("link", name="Solviks Lager AB").click()
    expect(page.get_by_role("heading", name="Solviks Lager AB")).to_be_visible()
    expect(page.get_by_role("heading", name="Placeringar")).to_be_visible()
    assert_accessible(page)

    # Start an OSA employment from the case.
    page.goto(reverse("cases:detail", args=[case.pk]))
    expect(page.get_by_role("heading", name="Praktik och anställningar")).to_be_visible()
    page.locator("#placements").get_by_role("link", name="Ny placering").click()
    assert_accessible(page)
    first_of_month = today.replace(day=1)
    page.get_by_label("Typ av placering").select_option("employment")
    page.get_by_label("Typ av stöd").select_option("osa")
    page.get_by_label("Arbetsgivare", exact=True).select_option(str(employer.pk))
    page.get_by_label("Startdatum").fill(first_of_month.isoformat())
    page.get_by_label("Timmar i veckan").fill("30")
    page.get_by_label("Status").select_option("ongoing")
    page.get_by_label("Lönekostnad per månad (kr)").fill("28500")
    page.get_by_label("Bidragsnivå (procent av lönekostnaden)").fill("90")
    page.get_by_role("button", name="Spara").click()
    expect(page.locator("#id_grant_rate_error")).to_contain_text("högst 80 %")
    assert not Placement.objects.filter(case=case).exists()
    assert_accessible(page)
    page.get_by_label("Bidragsnivå (procent av lönekostnaden)").fill("75")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Placeringen är sparad och finns i planen.")).to_be_visible()
    expect(page.get_by_text("28\u00a0500\u00a0kr", exact=True)).to_be_visible()
    assert_accessible(page)

    # A week of attendance for everyone at the arena, in one go.
    page.goto(reverse("work:arena_detail", args=[arena.pk]))
    assert_accessible(page)
    page.get_by_role("link", name="Registrera närvaro för veckan").click()
    page.wait_for_load_state()
    page.goto(page.url.split("?")[0] + f"?week={monday.isoformat()}")
    expect(page.get_by_role("row", name="Anna Arenasson")).to_be_visible()
    assert_accessible(page)
    for offset in range(5):
        day = (monday + datetime.timedelta(days=offset)).isoformat()
        page.locator(f"#p{training.pk}_{day}").select_option("sick" if offset == 2 else "present")
    page.get_by_role("button", name="Spara veckans närvaro").click()
    expect(page.get_by_text("Närvaron för veckan är sparad (5 dagar).")).to_be_visible()
    assert Attendance.objects.filter(placement=training).count() == 5
    assert_accessible(page)
    page.goto(reverse("work:attendance_month", args=[trainee.pk, monday.year, monday.month]))
    expect(page.get_by_role("heading", name="Sammanställning")).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    # The manager's cost summary: this month in full, 75 % of 28 500 kr.
    sign_in(page, "chefen")
    page.get_by_role("link", name="Kostnader för anställningar").click()
    row = page.get_by_role("row", name=f"{first_of_month:%Y-%m}")
    expect(row).to_contain_text("28\u00a0500")
    expect(row).to_contain_text("21\u00a0375")
    expect(row).to_contain_text("7\u00a0125")
    assert_accessible(page)
