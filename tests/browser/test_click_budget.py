"""The coach's daily tasks, counted in actions (a click, a choice, or typing into one field counts
as one) and held to a budget; each test prints its count. axe checks the changed pages at 1280
and 375 px: Mina ärenden with its filters, the unit's list with the reassignment, the case page,
the placement form with its employer search, the referral form with its inline registration.
"""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from lotsa.cases.journal.constants import NoteStatus
from lotsa.cases.journal.models import Note
from lotsa.cases.models import CoachHandover
from lotsa.cases.tests.factories import CaseFactory
from lotsa.collaboration.models import CoordinationMeeting
from lotsa.guidelines.tests.factories import danderyd_install
from lotsa.organisations.tests.factories import UnitFactory, UserFactory
from lotsa.people.models import Participant
from lotsa.people.tests.factories import ParticipantFactory
from lotsa.referrals.models import Referral
from lotsa.work.models import Employer, Placement
from lotsa.work.tests.factories import EmployerFactory, catalogue_install
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (1280, 375)


class Actions:
    """Counts what the person does on the page; reading and waiting are free."""

    def __init__(self, page: Page, task: str, budget: int) -> None:
        self.page, self.task, self.budget, self.count = page, task, budget, 0

    def click(self, locator) -> None:  # type: ignore[no-untyped-def]
        self.count += 1
        locator.click()

    def fill(self, locator, text: str) -> None:  # type: ignore[no-untyped-def]
        self.count += 1
        locator.fill(text)

    def select(self, locator, label: str) -> None:  # type: ignore[no-untyped-def]
        self.count += 1
        locator.select_option(label=label)

    def done(self) -> None:
        print(f"\nclick budget: {self.task}: {self.count} actions (budget {self.budget})")
        assert self.count <= self.budget, f"{self.task}: {self.count} > {self.budget}"


@pytest.fixture
def world():
    unit = UnitFactory(name="Arbetsmarknadsenheten", runs_support=True)
    coach = UserFactory(
        username="coach", coach=True, unit=unit, first_name="Cia", last_name="Coach"
    )
    person = ParticipantFactory(unit=unit, first_name="Amina", last_name="Berg")
    case = CaseFactory(unit=unit, coach=coach, participant=person, overdue=True)
    return {"unit": unit, "coach": coach, "case": case}


def _check_both_widths(page: Page) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_note_from_mina_arenden_in_four_actions_saved_as_typed(page, world):
    sign_in(page, "coach")
    page.goto("/arenden/mina/")
    _check_both_widths(page)
    actions = Actions(page, "anteckning från Mina ärenden", 4)
    actions.click(page.get_by_role("link", name="Berg, Amina"))
    _check_both_widths(page)
    actions.click(page.get_by_role("link", name="Ny anteckning"))
    actions.fill(page.get_by_label(re.compile(r"^Anteckning\b")), "Vi gick igenom cv:t.")
    # the draft is on the server before anything is pressed
    expect(page.locator("#note-autosave")).to_contain_text(re.compile(r"Sparat \d\d:\d\d"))
    assert Note.objects.get().status == NoteStatus.DRAFT
    assert_accessible(page)
    actions.click(page.get_by_role("button", name="Spara och signera"))
    expect(page.get_by_text("Anteckningen är signerad.")).to_be_visible()
    actions.done()
    note = Note.objects.get()
    assert note.status == NoteStatus.SIGNED and note.text == "Vi gick igenom cv:t."


def test_a_follow_up_within_six_actions(page, world):
    sign_in(page, "coach")
    page.goto("/arenden/mina/")
    actions = Actions(page, "uppföljning", 6)
    actions.click(page.get_by_role("link", name=re.compile("Uppföljning försenad")))
    actions.click(page.get_by_role("link", name="Berg, Amina"))
    actions.click(page.get_by_role("link", name="Registrera uppföljning"))
    actions.fill(page.get_by_label("Datum för uppföljningen"), timezone.localdate().isoformat())
    actions.fill(page.get_by_label("Vad kom ni fram till?"), "Planen håller, praktik fortsätter.")
    actions.click(page.get_by_role("button", name="Registrera uppföljning"))
    expect(page.get_by_text(re.compile("Uppföljningen är registrerad"))).to_be_visible()
    actions.done()


def test_a_coordination_meeting_within_eight_actions(page, world):
    sign_in(page, "coach")
    page.goto("/arenden/mina/")
    actions = Actions(page, "samverkansmöte", 8)
    actions.click(page.get_by_role("link", name="Berg, Amina"))
    actions.click(page.get_by_role("link", name="Boka samverkansmöte"))
    actions.select(page.get_by_label("Typ av möte"), "SIP (samordnad individuell plan)")
    next_week = timezone.localdate() + datetime.timedelta(days=7)
    actions.fill(page.get_by_label("Datum"), next_week.isoformat())
    actions.fill(page.get_by_label("Klockan"), "10:00")
    actions.click(page.get_by_role("button", name="Spara mötet"))
    expect(page.get_by_text("Mötet är registrerat.")).to_be_visible()
    actions.done()
    assert CoordinationMeeting.objects.get().meets_on == next_week


def test_a_manager_moves_cases_to_another_coach(page, world):
    unit = world["unit"]
    UserFactory(username="manager", manager=True, unit=unit)
    UserFactory(coach=True, unit=unit, first_name="Tove", last_name="Tarover")
    second = CaseFactory(unit=unit, coach=world["coach"], participant__last_name="Ek")
    sign_in(page, "manager")
    page.goto("/arenden/enheten/")
    _check_both_widths(page)
    page.get_by_label("Välj Amina Berg").check()
    page.get_by_label(f"Välj {second.participant.first_name} Ek").check()
    page.get_by_label("Ny arbetscoach").select_option(label="Tove Tarover")
    page.get_by_role("button", name="Flytta valda ärenden").click()
    expect(page.get_by_text("Skriv en överlämningsanteckning")).to_have_count(2)
    _check_both_widths(page)
    page.get_by_label("Överlämningsanteckning").fill("Cia är sjukskriven i två veckor.")
    page.get_by_role("button", name="Flytta valda ärenden").click()
    expect(page.get_by_text("2 ärenden flyttades till Tove Tarover.")).to_be_visible()
    assert CoachHandover.objects.count() == 2


def test_a_placement_at_an_existing_employer_within_ten_actions(page, world):
    catalogue_install(world["unit"].organisation)
    employer = EmployerFactory(organisation=world["unit"].organisation, name="Sundets Bygg AB")
    EmployerFactory.create_batch(12, organisation=world["unit"].organisation)
    sign_in(page, "coach")
    page.goto("/arenden/mina/")
    actions = Actions(page, "placering hos befintlig arbetsgivare", 10)
    actions.click(page.get_by_role("link", name="Berg, Amina"))
    actions.click(
        page.get_by_role("navigation", name="Vanliga åtgärder").get_by_role(
            "link", name="Ny placering"
        )
    )
    _check_both_widths(page)
    # the search answers as it is typed: the one hit is chosen in the list
    actions.fill(page.get_by_label("Sök arbetsgivare"), "sundets")
    expect(page.get_by_label("Arbetsgivare", exact=True)).to_have_value(str(employer.pk))
    actions.fill(page.get_by_label("Timmar i veckan"), "20")
    actions.fill(page.get_by_label("Arbetsuppgifter"), "Snickeri med handledare.")
    assert_accessible(page)
    actions.click(page.get_by_role("button", name="Spara", exact=True))
    expect(page.get_by_text("Placeringen är sparad och finns i planen.")).to_be_visible()
    actions.done()
    placement = Placement.objects.get()
    assert placement.employer == employer and placement.case == world["case"]


def test_a_placement_at_a_new_employer_added_without_leaving_the_form(page, world):
    catalogue_install(world["unit"].organisation)
    sign_in(page, "coach")
    page.goto(f"/arbete/placeringar/ny/{world['case'].pk}/")
    page.get_by_label("Timmar i veckan").fill("20")
    page.get_by_text("Saknas arbetsgivaren? Ny arbetsgivare").click()
    page.get_by_label("Organisationsnummer").fill("556016-0681")  # a wrong check digit
    page.get_by_role("button", name="Lägg till arbetsgivaren").click()
    expect(page.get_by_text("Kontrollsiffran stämmer inte.")).to_be_visible()
    _check_both_widths(page)
    page.get_by_label("Organisationsnummer").fill("5560160680")
    page.get_by_label(re.compile(r"^Namn\b")).fill("Sundets Bygg AB")
    page.get_by_role("button", name="Lägg till arbetsgivaren").click()
    expect(page.get_by_text("Sundets Bygg AB finns nu i arbetsgivarregistret")).to_be_visible()
    employer = Employer.objects.get()
    expect(page.get_by_label("Arbetsgivare", exact=True)).to_have_value(str(employer.pk))
    expect(page.get_by_label("Timmar i veckan")).to_have_value("20")  # nothing typed is lost
    _check_both_widths(page)
    page.get_by_role("button", name="Spara", exact=True).click()
    expect(page.get_by_text("Placeringen är sparad och finns i planen.")).to_be_visible()
    assert Placement.objects.get().employer == employer


@pytest.fixture
def referring_world():
    unit = UnitFactory(name="Försörjningsstöd")
    UnitFactory(organisation=unit.organisation, name="Arbetsmarknadsenheten", runs_support=True)
    danderyd_install(unit.organisation)
    UserFactory(username="ref", referrer=True, unit=unit, first_name="Rita", last_name="Remiss")
    return unit


def test_a_referral_of_a_person_not_yet_registered_within_twelve_actions(page, referring_world):
    sign_in(page, "ref")
    page.goto("/")
    actions = Actions(page, "remiss av en person som inte är registrerad", 12)
    actions.click(page.get_by_role("navigation").get_by_role("link", name="Ny remiss"))
    _check_both_widths(page)
    actions.click(page.get_by_text("Saknas personen? Registrera hen här"))
    actions.fill(page.get_by_label("Personnummer eller samordningsnummer"), "19811218-9876")
    actions.fill(page.get_by_label("Förnamn"), "Nora")
    actions.fill(page.get_by_label("Efternamn"), "Nyberg")
    actions.click(page.get_by_role("button", name="Registrera personen"))
    expect(page.get_by_text("Nora Nyberg är registrerad och vald som deltagare.")).to_be_visible()
    person = Participant.objects.get(personal_number="198112189876")
    expect(page.locator("#id_participant")).to_have_value(str(person.pk))
    eligibility = page.locator("#eligibility")
    actions.click(page.get_by_label("Försörjningsstöd", exact=True))
    expect(eligibility).to_contain_text("Målgrupp: Försörjningsstöd.")
    actions.click(page.get_by_role("group", name="Bor i kommunen").get_by_label("Ja"))
    actions.click(
        page.get_by_role("group", name="Aktuell inom socialförvaltningen").get_by_label("Ja")
    )
    actions.fill(page.get_by_label("Anledning till remissen"), "Vill ha stöd att hitta praktik.")
    actions.fill(page.get_by_label("Önskat mål"), "Arbete på deltid inom ett år.")
    _check_both_widths(page)
    actions.click(page.get_by_role("button", name="Skicka remissen"))
    expect(page.get_by_text("Remissen är skickad.")).to_be_visible()
    actions.done()
    assert Referral.objects.get().participant == person


def test_a_protected_persons_number_is_not_confirmed_inline(page, referring_world):
    ParticipantFactory(
        unit=UnitFactory(organisation=referring_world.organisation),
        protected=True,
        personal_number="198112189876",
        last_name="Skyddadsson",
    )
    sign_in(page, "ref")
    page.goto("/remisser/ny/")
    page.get_by_label("Anledning till remissen").fill("Vill ha stöd.")
    page.get_by_text("Saknas personen? Registrera hen här").click()
    page.get_by_label("Personnummer eller samordningsnummer").fill("８１１２１８－９８７６")
    page.get_by_label("Förnamn").fill("Nora")
    page.get_by_label("Efternamn").fill("Nyberg")
    page.get_by_role("button", name="Registrera personen").click()
    expect(page.get_by_text("Registreringen kunde inte slutföras här.")).to_be_visible()
    expect(page.get_by_text("Skyddadsson")).to_have_count(0)
    expect(page.get_by_label("Anledning till remissen")).to_have_value("Vill ha stöd.")
    assert_accessible(page)
    assert Participant.objects.count() == 1
