"""The monthly attendance report: a coach drafts March from the case page and cannot sign while a
day is "ej registrerat"; after the review the participant confirms the month on a phone-sized
Mina sidor; then the coach signs. Axe on every page."""

import datetime
import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from lotsa.cases.tests.factories import CaseFactory
from lotsa.organisations.tests.factories import UnitFactory, UserFactory
from lotsa.work import services
from lotsa.work.constants import AttendanceReportStatus
from lotsa.work.models import AttendanceReport
from lotsa.work.tests.attendance_data import shared_months
from lotsa.work.tests.factories import EmployerFactory, catalogue_install
from tests.browser.conftest import assert_accessible, sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _world():
    unit = UnitFactory(runs_support=True, name="Arbetsmarknadsenheten")
    coach = UserFactory(username="coachen", coach=True, unit=unit)
    catalogue_install(unit.organisation)
    case = CaseFactory(
        unit=unit,
        coach=coach,
        start_date=datetime.date(2025, 1, 13),
        participant__first_name="Amina",
        participant__last_name="Berg",
        participant__email="amina@example.se",
    )
    placement = services.placement_create(
        actor=coach,
        case=case,
        kind="internship",
        employer=EmployerFactory(organisation=unit.organisation, name="Solviks Lager AB"),
        starts_on=datetime.date(2025, 3, 3),
        ends_on=datetime.date(2025, 3, 7),
        hours_per_week="20",
        status="ongoing",
    )
    for day in (3, 4, 5, 6):
        services.attendance_record(
            actor=coach, placement=placement, day=datetime.date(2025, 3, day), status="present"
        )
    return case


def test_participant_confirms_on_a_phone_and_the_coach_signs(page):
    case = _world()

    sign_in(page, "coachen")
    page.goto(f"/arenden/{case.pk}/")
    page.get_by_role("link", name="Ny närvarorapport").first.click()
    page.get_by_label("Från och med").fill("2025-03-01")
    page.get_by_label("Till och med").fill("2025-03-30")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Perioden måste vara en hel kalendermånad").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Till och med").fill("2025-03-31")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("heading", name=re.compile("Närvaro mars 2025"))).to_be_visible()
    expect(page.get_by_text("Ej registrerat").first).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Signera månaden").click()
    expect(
        page.get_by_text(re.compile("Signera går inte än: 1 dag är ej registrerad"))
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_label(re.compile("Granskning 7 mars")).select_option(label="Frånvaro – sjuk")
    page.get_by_role("button", name="Spara granskningen").click()
    expect(page.get_by_text("Granskningen är sparad.")).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/mina-sidor/")
    page.get_by_label("E-post eller mobilnummer").fill("amina@example.se")
    page.get_by_role("button", name="Skicka kod").click()
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
    page.get_by_label("Kod").fill(code)
    page.get_by_role("button", name="Logga in").click()
    page.get_by_role("link", name="Se och bekräfta din närvaro per månad").click()
    expect(page.get_by_role("heading", name="Min närvaro")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Närvaro mars 2025").click()
    expect(page.get_by_role("heading", name="Stämmer månaden?")).to_be_visible()
    expect(page.get_by_role("cell", name="16,0").first).to_be_visible()  # 4 days × 4,0 h
    assert_accessible(page)
    page.get_by_role("button", name="Ja, det stämmer").click()
    expect(page.get_by_text("Tack! Du har bekräftat din närvaro.")).to_be_visible()
    assert_accessible(page)
    page.context.clear_cookies()

    page.set_viewport_size({"width": 1280, "height": 900})
    report = AttendanceReport.objects.get()
    sign_in(page, "coachen")
    page.goto(f"/arbete/narvarorapporter/{report.pk}/")
    expect(page.get_by_text("Bekräftad av deltagaren").first).to_be_visible()
    page.get_by_role("button", name="Signera månaden").click()
    expect(page.get_by_text("Månaden är signerad.")).to_be_visible()
    assert_accessible(page)
    assert AttendanceReport.objects.get().status == AttendanceReportStatus.SIGNED


def test_the_referring_officer_finds_the_shared_months_in_their_menu(page):
    support = UnitFactory(runs_support=True, name="Arbetsmarknadsenheten")
    officer = UserFactory(
        username="handlaggaren",
        referrer=True,
        unit=UnitFactory(organisation=support.organisation, name="Försörjningsstöd"),
    )
    shared_months(officer=officer, support=support)

    sign_in(page, "handlaggaren")
    page.get_by_role("link", name="Närvarorapporter").first.click()
    expect(page.get_by_role("heading", name="Närvarorapporter")).to_be_visible()
    expect(page.get_by_role("cell", name=re.compile("Andersson"))).to_be_visible()
    expect(page.get_by_text("Signerasson")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("link", name="Sammanfattning av närvaron april 2025").first.click()
    expect(
        page.get_by_role("heading", name=re.compile("Sammanfattning av närvaron april 2025"))
    ).to_be_visible()
    assert_accessible(page)
