"""A coach works a case from "Mina ärenden" to closure; axe checks every page visited."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from lotsa.cases import services
from lotsa.cases.tests.factories import ActivityTypeFactory, CaseFactory
from lotsa.organisations.tests.factories import UnitFactory, UserFactory
from lotsa.people.tests.factories import ParticipantFactory
from tests.browser.conftest import assert_accessible, sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coach_plans_writes_follows_up_and_closes_a_case(page):
    unit = UnitFactory(name="Arbetsmarknadsenheten", runs_support=True)
    coach = UserFactory(
        username="coach",
        coach=True,
        unit=unit,
        first_name="Cia",
        last_name="Coach",
        email="cia@example.invalid",
    )
    person = ParticipantFactory(unit=unit, first_name="Amina", last_name="Berg")
    CaseFactory(unit=unit, coach=coach, participant=person, overdue=True)
    ActivityTypeFactory(organisation=unit.organisation, name="Praktik", skr_category=5)
    today = timezone.localdate()
    page.on("dialog", lambda dialog: dialog.accept())

    sign_in(page, "coach")
    page.goto("/arenden/mina/")
    expect(page.get_by_role("heading", name="Mina ärenden")).to_be_visible()
    expect(page.get_by_text("Försenad").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Bara försenade uppföljningar").check()
    page.get_by_role("button", name="Visa").click()
    assert_accessible(page)

    page.get_by_role("link", name="Berg, Amina").click()
    expect(page.get_by_role("heading", name=re.compile("Ärende för Amina Berg"))).to_be_visible()
    assert_accessible(page)

    # A goal: first without text, then properly.
    page.get_by_role("link", name="Lägg till mål").click()
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Beskriv målet.").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Sorts mål").select_option(label="Arbete")
    page.get_by_label(re.compile(r"^Mål\b")).fill("Ett arbete inom handeln")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Målet är sparat i planen.")).to_be_visible()
    expect(page.locator("#plan .goal-list")).to_contain_text("Ett arbete inom handeln")
    assert_accessible(page)

    # An activity from the catalogue.
    page.get_by_role("link", name="Lägg till aktivitet").click()
    assert_accessible(page)
    page.get_by_label(re.compile(r"^Aktivitet\b")).select_option(label="Praktik (SKR 5)")
    page.get_by_label("Ansvarig").select_option(label="Deltagaren")
    page.get_by_label("Startdatum").fill(today.isoformat())
    page.get_by_label("Slutdatum").fill((today + datetime.timedelta(days=28)).isoformat())
    page.get_by_label("Omfattning", exact=True).fill("20")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("cell", name="5. Praktik")).to_be_visible()
    expect(page.get_by_role("cell", name="20 timmar i veckan")).to_be_visible()
    assert_accessible(page)

    # A note: a draft, then signed.
    notes = page.locator("#notes")
    notes.get_by_label("Typ av anteckning").select_option(label="Möte")
    notes.get_by_label(re.compile(r"^Anteckning\b")).fill("Vi planerade praktiken tillsammans.")
    notes.get_by_role("button", name="Spara utkast").click()
    expect(page.get_by_text("Utkastet är sparat.")).to_be_visible()
    assert_accessible(page)
    page.locator("#notes").get_by_role("button", name=re.compile(r"^Signera ")).click()
    expect(page.get_by_text("Anteckningen är signerad.")).to_be_visible()
    expect(page.locator("#notes").get_by_text("Lägg till rättelse")).to_be_visible()
    assert_accessible(page)

    # The overdue follow-up.
    follow_ups = page.locator("#follow-ups")
    follow_ups.get_by_label("Vad kom ni fram till?").fill("Praktiken börjar på måndag.")
    follow_ups.get_by_label("Kommentar till planen").fill("Redo för praktik på halvtid.")
    follow_ups.get_by_role("button", name="Registrera uppföljning").click()
    expect(page.get_by_text("Uppföljningen är registrerad")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Planhistorik").click()
    expect(page.get_by_role("heading", name=re.compile("Uppföljning"))).to_be_visible()
    assert_accessible(page)
    page.go_back()

    # The participant's own plan.
    page.get_by_role("link", name="Din plan (för deltagaren)").click()
    expect(page.get_by_role("heading", name="Din plan, Amina")).to_be_visible()
    expect(page.get_by_role("heading", name="Vem gör vad")).to_be_visible()
    expect(page.get_by_role("button", name="Skriv ut")).to_be_visible()
    assert_accessible(page)
    page.go_back()

    # Close the case: studies.
    status = page.locator("#status")
    status.get_by_label("Avslutsorsak").select_option(label="Studier")
    status.get_by_label("Studieform").select_option(label="Komvux")
    status.get_by_role("group", name="Ger studierna rätt till studiemedel från CSN?").get_by_label(
        "Ja"
    ).check()
    status.get_by_label("Avslutsdatum").fill(today.isoformat())
    status.get_by_role("button", name="Avsluta ärendet").click()
    expect(page.get_by_text("Ärendet är avslutat.")).to_be_visible()
    expect(page.get_by_text("Studierna ger rätt till studiemedel.")).to_be_visible()
    expect(page.get_by_role("link", name="Lägg till mål")).to_have_count(0)
    assert_accessible(page)


def test_a_second_coach_meets_a_plan_conflict_and_a_manager_reopens_a_case(page):
    unit = UnitFactory(name="Arbetsmarknadsenheten", runs_support=True)
    coach = UserFactory(username="coach", coach=True, unit=unit, first_name="Cia")
    colleague = UserFactory(coach=True, unit=unit, first_name="Kim", last_name="Kollega")
    UserFactory(username="chef", manager=True, unit=unit)
    person = ParticipantFactory(unit=unit, first_name="Amina", last_name="Berg")
    case = CaseFactory(unit=unit, coach=coach, participant=person)
    goal = services.goal_add(
        actor=coach, case=case, expected_plan_version=0, kind="work", description="Jobb"
    )
    closed = CaseFactory(
        unit=unit,
        coach=coach,
        participant__first_name="Bo",
        participant__last_name="Ek",
        closed=True,
    )

    sign_in(page, "coach")
    page.goto(f"/arenden/{case.pk}/")
    page.get_by_role("link", name=re.compile("^Ändra målet")).click()
    page.get_by_label(re.compile(r"^Mål\b")).fill("Jobb inom handeln")
    # Meanwhile a colleague changes the plan.
    services.goal_update(
        actor=colleague, goal=goal, expected_plan_version=1, description="Jobb i lager"
    )
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("heading", name="Så här ser planen ut nu")).to_be_visible()
    expect(page.get_by_text("Jobb i lager").first).to_be_visible()
    expect(page.get_by_label(re.compile(r"^Mål\b"))).to_have_value("Jobb inom handeln")
    assert_accessible(page)
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Målet är sparat i planen.")).to_be_visible()

    page.get_by_role("link", name="Sätt som vilande").click()
    assert_accessible(page)
    page.get_by_role("button", name="Sätt som vilande").click()
    expect(page.get_by_text("Ärendet är vilande.")).to_be_visible()
    sign_out(page)

    sign_in(page, "chef")
    page.goto("/arenden/enheten/")
    expect(page.get_by_role("heading", name="Enhetens ärenden")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Status").select_option(label="Avslutat")
    page.get_by_role("button", name="Visa").click()
    page.get_by_role("link", name="Ek, Bo").click()
    assert_accessible(page)
    page.get_by_role("button", name="Öppna ärendet igen").click()
    expect(page.get_by_text("Skriv varför ärendet öppnas igen.").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Skäl att öppna ärendet igen").fill("Anställningen upphörde.")
    page.get_by_role("button", name="Öppna ärendet igen").click()
    expect(page.get_by_text("Ärendet är öppnat igen")).to_be_visible()
    closed.refresh_from_db()
    assert closed.status == "active"


def test_administrator_keeps_the_activity_catalogue(page):
    unit = UnitFactory(name="Arbetsmarknadsenheten", runs_support=True)
    UserFactory(username="adm", administrator=True, unit=None, organisation=unit.organisation)
    ActivityTypeFactory(organisation=unit.organisation, name="Praktik", skr_category=5)

    sign_in(page, "adm")
    page.goto("/arenden/katalog/")
    expect(page.get_by_role("heading", name="Aktivitetskatalog")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Ny aktivitet").click()
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Ange aktivitetens namn.").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Namn").fill("Cykelverkstad")
    page.get_by_label("SKR-kategori").select_option("1")
    page.get_by_label("Område").select_option(label="Arbete")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("link", name="Cykelverkstad")).to_be_visible()
    page.get_by_role("button", name="Inaktivera Praktik").click()
    expect(page.get_by_text("Praktik är inaktiv.")).to_be_visible()
    assert_accessible(page)
