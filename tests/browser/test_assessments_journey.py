"""A coach maps a person's situation, records two assessments on the MOVE scale (a step outside
the scale is refused next to the module), sees the step change as a chart with the same numbers
in a table, and opens the printable certificate."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from lotsa.assessments import services
from lotsa.cases.tests.factories import CaseFactory
from lotsa.organisations.tests.factories import OrganisationFactory, UnitFactory, UserFactory
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _assess(page, case_url: str, on: datetime.date, steps: dict[str, str]) -> None:
    page.goto(f"{case_url}#progress")  # the folded section opens at its link
    page.get_by_role("link", name="Ny skattning").click()
    expect(page.get_by_role("heading", name=re.compile("Ny skattning"))).to_be_visible()
    page.get_by_label("Datum för skattningen").fill(on.isoformat())
    for module, step in steps.items():
        page.get_by_label(module, exact=True).fill(step)
    page.get_by_role("button", name="Spara skattningen").click()


def test_a_coach_records_two_assessments_and_sees_the_step_change(page):
    unit = UnitFactory(runs_support=True, name="Arbetsmarknadsenheten")
    coach = UserFactory(username="coachen", coach=True, unit=unit)
    case = CaseFactory(
        unit=unit,
        coach=coach,
        participant__first_name="Stina",
        participant__last_name="Stegsson",
        start_date=timezone.localdate() - datetime.timedelta(days=120),
    )
    services.instrument_install(actor=None, organisation=unit.organisation)
    services.default_methods_install(actor=None, organisation=unit.organisation)
    case_url = reverse("cases:detail", args=[case.pk])
    today = timezone.localdate()

    sign_in(page, "coachen")
    page.goto(f"{case_url}#progress")  # the folded section opens at its link
    expect(page.get_by_role("heading", name="Progression")).to_be_visible()
    assert_accessible(page)

    # Mapping at the start: "Okänt" is an honest answer for every question.
    page.get_by_role("link", name="Ny kartläggning").click()
    for group in (
        "Arbetslivserfarenhet",
        "Inskriven hos Arbetsförmedlingen",
        "Ersättning från a-kassa",
        "Utbildning",
        "Hälsa",
        "Sjukintyg",
        "Huvudsaklig försörjning",
        "Boende",
        "Hemmavarande barn",
    ):
        page.get_by_role("group", name=re.compile(f"^{group}")).get_by_label(
            "Okänt", exact=True
        ).check()
    page.get_by_role("group", name=re.compile("^Arbetshinder")).get_by_label(
        "Ännu inte klarlagt"
    ).check()
    assert_accessible(page)
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Kartläggningen är sparad.")).to_be_visible()

    # First assessment, with a step outside the scale: refused next to the module.
    _assess(page, case_url, today - datetime.timedelta(days=90), {"Självförtroende": "11"})
    expect(
        page.get_by_text("Steget ska vara ett heltal från 1 till 10.", exact=True)
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Självförtroende", exact=True).fill("2")
    page.get_by_label("Motivation", exact=True).fill("4")
    page.get_by_label("Tapetsering", exact=True).fill("3")
    page.get_by_role("button", name="Spara skattningen").click()
    expect(page.get_by_text("Skattningen är sparad.")).to_be_visible()

    _assess(page, case_url, today, {"Självförtroende": "5", "Motivation": "6", "Tapetsering": "7"})
    expect(page.get_by_text("Skattningen är sparad.")).to_be_visible()

    # The chart and the table: Mentalt (2+4)/2 = 3 → (5+6)/2 = 5,5; Arbetsmoment 3 → 7.
    expect(
        page.get_by_role("img", name="Stegförflyttning per område, MOVE (version 1)")
    ).to_be_visible()
    table = page.get_by_role("table", name="Medelsteg per område, MOVE (version 1)")
    mental = table.get_by_role("row", name=re.compile("^Mentalt"))
    expect(mental).to_contain_text("3,0")
    expect(mental).to_contain_text("5,5")
    expect(mental).to_contain_text("+2,5")
    expect(table.get_by_role("row", name=re.compile("^Arbetsmoment"))).to_contain_text("+4,0")
    assert_accessible(page)

    page.get_by_role("link", name="Intyg om uppnådda steg").click()
    expect(page.get_by_role("heading", name="Intyg om kompetensutveckling")).to_be_visible()
    expect(page.get_by_text("Tapetserar en vägg på egen hand.", exact=False)).to_be_visible()
    expect(page.get_by_text("Okänt")).to_have_count(0)
    assert_accessible(page)


def test_an_administrator_installs_move_builds_a_module_and_installs_the_methods(page):
    admin = UserFactory(
        username="adm", administrator=True, unit=None, organisation=OrganisationFactory()
    )
    assert admin.organisation is not None

    sign_in(page, "adm")
    page.get_by_role("link", name="Skattningsinstrument").click()
    expect(page.get_by_role("heading", name="Skattningsinstrument")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Installera MOVE (exempel)").click()
    expect(page.get_by_role("heading", name="MOVE (version 1)")).to_be_visible()
    expect(page.get_by_role("heading", name="Kommunikation")).to_be_visible()
    assert_accessible(page)

    # A module of our own: every step needs its meaning; a missing one is named.
    page.get_by_role("link", name="Alla instrument").click()
    page.get_by_role("link", name="Nytt instrument").click()
    page.get_by_label(re.compile("^Namn")).fill("Stegen")
    page.get_by_role("button", name="Spara").click()
    page.get_by_role("link", name="Nytt område").click()
    page.get_by_label("Namn på området").fill("Socialt")
    page.get_by_role("button", name="Spara").click()
    page.get_by_role("link", name="Ny modul – Socialt").click()
    page.get_by_label("Namn på modulen").fill("Hälsa på arbetskamrater")
    for number in range(1, 10):
        page.get_by_label(f"Steg {number}", exact=True).fill(f"Klarar steg {number}.")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Beskriv vad steget betyder.", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Steg 10", exact=True).fill("Hälsar på alla utan påminnelse.")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Hälsar på alla utan påminnelse.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Arbetsmetoder").click()
    page.get_by_role("button", name="Installera Supported Employment och IPS").click()
    expect(page.get_by_text("Igångsättning")).to_be_visible()
    assert_accessible(page)
