"""An administrator writes and publishes a small guideline; an officer takes a person from
application through investigation to a printed decision letter under it. axe on every page."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from lotsa.core.dates import add_months
from lotsa.decisions.models import Decision
from lotsa.organisations.models import District
from lotsa.organisations.tests.factories import OrganisationFactory, UnitFactory, UserFactory
from lotsa.people.models import Participant
from lotsa.people.personnummer import make_personnummer
from tests.browser.conftest import assert_accessible, sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_guideline_to_decision_letter(page):
    page.on("dialog", lambda dialog: dialog.accept())
    organisation = OrganisationFactory(name="Storstadens stad")
    district = District.objects.create(organisation=organisation, name="Norra innerstaden")
    office = UnitFactory(organisation=organisation, name="Biståndsenheten")
    support = UnitFactory(organisation=organisation, name="Arbete och studier", runs_support=True)
    UserFactory(username="adm", administrator=True, unit=None, organisation=organisation)
    officer = UserFactory(username="officer", referrer=True, unit=office)
    UserFactory(username="chef", manager=True, unit=support)
    born = timezone.localdate().replace(year=timezone.localdate().year - 30, day=1)
    number = make_personnummer(born, 982)
    Participant.objects.create(
        organisation=organisation,
        unit=office,
        personal_number=number.canonical,
        birth_date=born,
        first_name="Sara",
        last_name="Sökandesson",
        gender="woman",
        district=district,
        registered_by=officer,
    )

    # The administrator writes the guideline.
    sign_in(page, "adm")
    page.get_by_role("link", name="Riktlinjer").click()
    page.get_by_role("link", name="Ny riktlinje").click()
    page.get_by_label("Namn").fill("Stöd till arbete")
    page.get_by_label("Stödet beviljas genom formellt beslut enligt SoL").check()
    page.get_by_role("button", name="Spara").click()
    page.get_by_role("button", name="Nytt tomt utkast").click()
    page.get_by_label("Tidsgräns i månader").fill("6")
    page.get_by_label("Standardmotivering i beslutet").fill(
        "Stödet ingår inte i rätten till bistånd enligt 4 kap. 1 § SoL."
    )
    page.get_by_label("Insatsens namn i beslutet").fill("Stöd till arbete med jobbcoach")
    page.get_by_label("Vid avslag: informera om rätten att ansöka på nytt").check()
    page.get_by_label("Text i beslutsbrevet vid bifall").fill("Du får stöd av en jobbcoach.")
    assert_accessible(page)
    page.get_by_role("button", name="Spara inställningarna").click()
    expect(page.get_by_text("Inställningarna är sparade.")).to_be_visible()
    page.get_by_role("link", name="Ny målgrupp").click()
    page.get_by_label("Kod").fill("arbetslosa")
    page.get_by_label("Namn").fill("Arbetslösa vuxna")
    page.get_by_role("button", name="Spara").click()
    page.get_by_role("link", name="Nytt kriterium").click()
    page.get_by_label("Kod").fill("onskan")
    page.get_by_label("Kriterium").fill("Personen vill arbeta.")
    page.get_by_label("Fråga som handläggaren besvarar").check()
    page.get_by_role("button", name="Spara").click()
    page.get_by_role("link", name="Nytt kriterium").click()
    page.get_by_label("Kod").fill("alder")
    page.get_by_label("Kriterium").fill("Personen är 18–64 år.")
    page.get_by_label("Uppgift som räknas fram ur ärendet").check()
    page.get_by_label("Uppgift (för typen uppgift)").select_option(label="Ålder inom ett spann")
    page.get_by_label("Lägsta ålder").fill("18")
    page.get_by_label("Högsta ålder").fill("64")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Kriteriet är sparat.")).to_be_visible()
    page.get_by_role("link", name="Publicera versionen").click()
    page.get_by_label("Gäller från").fill("2025-01-01")
    page.get_by_role("button", name="Publicera").click()
    expect(page.get_by_text("Versionen är publicerad.")).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    # The officer records the application.
    sign_in(page, "officer")
    page.get_by_role("link", name="Ansökningar och beslut").click()
    assert_accessible(page)
    page.get_by_role("link", name="Ny ansökan").click()
    page.get_by_label("Personnummer").fill(number.formatted)
    page.get_by_label("Stöd till arbete").check()
    assert_accessible(page)
    page.get_by_role("button", name="Registrera ansökan").click()
    expect(page.get_by_text("Ansökan är registrerad.")).to_be_visible()
    assert_accessible(page)

    # Deciding before the investigation is refused with the reasons.
    page.goto(page.url.replace("utredning/", "beslut/"))
    expect(page.get_by_text("Ansökan kan inte beslutas än:")).to_be_visible()
    assert_accessible(page)
    page.go_back()

    # The investigation: target group, the question with a comment, the assessment.
    page.get_by_label("Arbetslösa vuxna").check()
    page.get_by_role("group", name="Personen vill arbeta.").get_by_label("Ja").check()
    page.get_by_label("Kommentar till: Personen vill arbeta.").fill("Berättade om sitt drömjobb.")
    page.get_by_label("Samråd den").fill(timezone.localdate().isoformat())
    page.get_by_label("Samråd med").fill("Jobbcoach Stina")
    page.get_by_label("Livssituation").fill("Bor ensam, har varit sjukskriven.")
    page.get_by_label("Stödbehov").fill("Behöver stöd att hitta och behålla arbete.")
    page.get_by_label("Målsättning").fill("Arbete inom vården.")
    page.get_by_role("button", name="Spara utredningen").click()
    expect(page.get_by_text("Utredningen är sparad.")).to_be_visible()
    expect(page.get_by_text("Berättade om sitt drömjobb.")).to_be_visible()
    assert_accessible(page)

    # The decision: a rejection without the information is refused; then a grant.
    page.get_by_role("link", name="Fatta beslut").click()
    assert_accessible(page)
    page.get_by_label("Avslås").check()
    page.get_by_label("Beslutar enligt delegation").fill("Delegation 4.2")
    page.get_by_label("Personen informerades den (vid avslag)").fill("")
    page.get_by_role("button", name="Fatta beslut").click()
    expect(page.get_by_text("Ange när personen informerades").first).to_be_visible()
    assert_accessible(page)
    assert not Decision.objects.exists()

    page.get_by_label("Beviljas").check()
    page.get_by_label("Enhet som ska ge stödet (vid bifall)").select_option(label=support.name)
    page.get_by_role("button", name="Fatta beslut").click()
    expect(page.get_by_text("Beslutet är fattat.")).to_be_visible()
    expect(page.get_by_role("heading", name="Beslut: du beviljas stöd")).to_be_visible()
    expect(page.get_by_text("Stödet ingår inte i rätten till bistånd")).to_be_visible()
    expect(page.get_by_text("Du får stöd av en jobbcoach.")).to_be_visible()
    assert_accessible(page)
    decision = Decision.objects.get()
    assert decision.referral.receiving_unit == support
    assert decision.valid_to == add_months(decision.valid_from, 6) - datetime.timedelta(days=1)

    page.emulate_media(media="print")
    expect(page.get_by_role("navigation", name="Huvudmeny")).to_be_hidden()
    page.emulate_media(media="screen")

    page.get_by_role("link", name="Ansökningar och beslut").click()
    page.get_by_role("link", name="Beslut som upphör").click()
    page.get_by_label("Upphör inom").select_option("90")
    page.get_by_role("button", name="Visa").click()
    assert_accessible(page)
    sign_out(page)

    # The manager of the support unit sees the referral and the equal-access figures.
    sign_in(page, "chef")
    page.get_by_role("link", name="Beslut", exact=True).click()
    assert_accessible(page)
    page.get_by_role("link", name="Jämlik tillgång").click()
    expect(page.get_by_role("rowheader", name="Norra innerstaden")).to_be_visible()
    assert_accessible(page)
