"""The whole chain, one way in: a referrer refers, the manager assigns a coach, the coach plans,
writes and signs a note, records a follow-up and closes the case, and the referrer sees the
outcome. axe-core checks every page on the way."""

import datetime
import json
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from lotsa.cases.services import activity_catalogue_install
from lotsa.demo.history import CATALOGUE_FILE
from lotsa.guidelines.tests.factories import danderyd_install
from lotsa.organisations.tests.factories import OrganisationFactory, UnitFactory, UserFactory
from lotsa.people.personnummer import make_personnummer
from lotsa.people.tests.factories import ParticipantFactory
from tests.browser.conftest import assert_accessible, sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_referral_to_closure_and_back_to_the_referrer(page):
    today = timezone.localdate()
    organisation = OrganisationFactory(name="Solviks kommun")
    danderyd_install(organisation)
    activity_catalogue_install(
        organisation=organisation, data=json.loads(CATALOGUE_FILE.read_text(encoding="utf-8"))
    )
    referring = UnitFactory(organisation=organisation, name="Försörjningsstöd")
    support = UnitFactory(
        organisation=organisation, name="Arbetsmarknadsenheten", runs_support=True
    )
    UserFactory(
        username="ref", referrer=True, unit=referring, first_name="Rita", last_name="Remiss"
    )
    UserFactory(username="chef", manager=True, unit=support, first_name="Maja", last_name="Chef")
    UserFactory(username="coach", coach=True, unit=support, first_name="Cia", last_name="Coach")
    person = ParticipantFactory(
        unit=referring,
        first_name="Amir",
        last_name="Berg",
        personal_number=make_personnummer(
            today.replace(year=today.year - 34, day=3), 981
        ).canonical,
    )

    # 1. The referrer refers.
    sign_in(page, "ref")
    page.goto(f"/deltagare/{person.pk}/")
    assert_accessible(page)
    page.get_by_role("link", name="Remittera till arbetscoach").click()
    expect(page.locator("#id_participant")).to_have_value(str(person.pk))
    page.get_by_label("Försörjningsstöd", exact=True).check()
    page.get_by_role("group", name="Bor i kommunen").get_by_label("Ja").check()
    page.get_by_role("group", name="Aktuell inom socialförvaltningen").get_by_label("Ja").check()
    page.get_by_label("Anledning till remissen").fill("Utan arbete sedan två år.")
    page.get_by_label("Önskat mål").fill("Arbete inom lager.")
    page.get_by_label("Arbetsförmågan utredd, datum").fill(
        (today - datetime.timedelta(days=30)).isoformat()
    )
    page.get_by_label("Arbetsförmågan utredd av").fill("Rita Remiss")
    page.get_by_label("Sammanfattning av utredningen").fill("Kan arbeta heltid.")
    page.get_by_label("Arbetsförmedlingen", exact=True).check()
    page.get_by_label("Samtycke givet, datum").fill(today.isoformat())
    page.get_by_label("Samtyckets form").select_option("written")
    page.get_by_label("Planen (mål, nästa steg, överenskomna åtgärder)").check()
    expect(page.locator("#eligibility")).to_contain_text("Arbetsförmågan är utredd.")
    assert_accessible(page)
    page.get_by_role("button", name="Skicka remissen").click()
    expect(page.get_by_text("Remissen är skickad.")).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    # 2. The manager assigns a coach from the intake queue.
    sign_in(page, "chef")
    expect(page.get_by_role("heading", name="Remisskö")).to_be_visible()
    page.get_by_role("row", name=re.compile("Berg, Amir")).get_by_role("link").first.click()
    assert_accessible(page)
    page.get_by_role("combobox", name="Arbetscoach").select_option(label="Cia Coach")
    page.get_by_label("Startdatum").fill(today.isoformat())
    page.get_by_role("button", name="Öppna ärende").click()
    expect(page.get_by_role("heading", name=re.compile("Ärende för Amir Berg"))).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    # 3. The coach plans, writes, follows up and closes (confirming the closure dialog).
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(page, "coach")
    expect(page.get_by_role("heading", name="Mina ärenden")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Berg, Amir").click()
    page.get_by_role("link", name="Lägg till mål").click()
    page.get_by_label("Sorts mål").select_option(label="Arbete")
    page.get_by_label(re.compile(r"^Mål\b")).fill("Arbete inom lager")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Målet är sparat i planen.")).to_be_visible()
    page.get_by_role("link", name="Lägg till aktivitet").click()
    assert_accessible(page)
    page.get_by_label(re.compile(r"^Aktivitet\b")).select_option(label="Praktik (SKR 5)")
    page.get_by_label("Ansvarig").select_option(label="Deltagaren")
    page.get_by_label("Startdatum").fill(today.isoformat())
    page.get_by_label("Omfattning", exact=True).fill("20")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("cell", name="5. Praktik")).to_be_visible()

    notes = page.locator("#notes")
    notes.get_by_label("Typ av anteckning").select_option(label="Trepartssamtal")
    notes.get_by_label(re.compile(r"^Anteckning\b")).fill("Inskrivningsmöte med Rita och Amir.")
    # The draft saves itself as the coach types; the button then saves that same draft.
    expect(notes.locator(".autosave--saved")).to_contain_text("Sparat")
    notes.get_by_role("button", name="Spara utkast").click()
    page.locator("#notes").get_by_role("button", name=re.compile(r"^Signera ")).click()
    expect(page.get_by_text("Anteckningen är signerad.")).to_be_visible()

    follow_ups = page.locator("#follow-ups")
    follow_ups.get_by_label("Vad kom ni fram till?").fill(
        "Praktiken har gått bra; anställning erbjuden."
    )
    follow_ups.get_by_role("button", name="Registrera uppföljning").click()
    expect(page.get_by_text("Uppföljningen är registrerad")).to_be_visible()
    assert_accessible(page)

    status = page.locator("#status")
    status.get_by_label("Avslutsorsak").select_option(label="Arbete utan subvention")
    status.get_by_label("Avslutsdatum").fill(today.isoformat())
    # What Kolada's "resultat vid avslut" needs of a closure to work.
    status.get_by_label("Anställningen började (eller börjar)").fill(today.isoformat())
    status.get_by_role("group", name="Är det en kommunal arbetsmarknadsanställning?").get_by_label(
        "Nej"
    ).check()
    status.get_by_role("button", name="Avsluta ärendet").click()
    expect(page.get_by_text("Ärendet är avslutat.")).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    # 4. The referrer sees the plan and the outcome.
    sign_in(page, "ref")
    row = page.get_by_role("row", name=re.compile("Berg, Amir"))
    expect(row).to_contain_text("Avslutat")
    row.get_by_role("link", name="Berg, Amir").click()
    expect(page.get_by_text("Arbete utan subvention").first).to_be_visible()
    expect(page.get_by_text("Arbete inom lager").first).to_be_visible()
    assert_accessible(page)
