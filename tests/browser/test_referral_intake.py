"""A referrer refers a young person and sees the live eligibility; the manager returns the
referral with a reason; the referrer reads it. axe checks every page visited."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from lotsa.guidelines.tests.factories import danderyd_install
from lotsa.organisations.tests.factories import OrganisationFactory, UnitFactory, UserFactory
from lotsa.people.personnummer import make_personnummer
from lotsa.people.tests.factories import ParticipantFactory
from tests.browser.conftest import assert_accessible, sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RETURN_REASON = "Arbetsförmågan behöver utredas tillsammans med Arbetsförmedlingen först."


def test_referral_is_filled_in_with_live_eligibility_and_returned_with_a_reason(page):
    today = timezone.localdate()
    organisation = OrganisationFactory(name="Danderyds kommun")
    danderyd_install(organisation)
    referring = UnitFactory(organisation=organisation, name="Försörjningsstöd")
    support = UnitFactory(
        organisation=organisation, name="Arbetsmarknadsenheten", runs_support=True
    )
    UserFactory(
        username="ref", referrer=True, unit=referring, first_name="Rita", last_name="Remiss"
    )
    UserFactory(username="chef", manager=True, unit=support, first_name="Maja", last_name="Chef")
    UserFactory(username="coach", coach=True, unit=support, first_name="Cia", last_name="Coach")
    born = today.replace(year=today.year - 22, day=1)
    person = ParticipantFactory(
        unit=referring,
        first_name="Ung",
        last_name="Ungdom",
        personal_number=make_personnummer(born, 246).canonical,
    )

    # The referrer fills in the referral and watches the result change.
    sign_in(page, "ref")
    page.goto("/remisser/ny/")
    expect(page.get_by_role("heading", name="Ny remiss")).to_be_visible()
    assert_accessible(page)
    eligibility = page.locator("#eligibility")
    expect(eligibility).to_contain_text("Ingen av riktlinjens målgrupper är vald.")

    page.locator("#id_participant").select_option(str(person.pk))
    page.get_by_label("Försörjningsstöd", exact=True).check()
    expect(eligibility).to_contain_text("Målgrupp: Försörjningsstöd.")
    # Not met yet (nothing else filled in), so not prioritised although young.
    expect(eligibility).not_to_contain_text("Prioriterad")
    page.get_by_label("Nyanlända", exact=True).check()
    expect(eligibility).to_contain_text("Personen tillhör 2 målgrupper")
    page.get_by_label("Nyanlända", exact=True).uncheck()
    expect(eligibility).to_contain_text("Personen tillhör en målgrupp.")

    page.get_by_role("group", name="Bor i kommunen").get_by_label("Ja").check()
    page.get_by_role("group", name="Aktuell inom socialförvaltningen").get_by_label("Ja").check()
    page.get_by_label("Anledning till remissen").fill("Vill ha stöd att hitta praktik.")
    page.get_by_label("Önskat mål").fill("Arbete på deltid inom ett år.")
    investigated = (today - datetime.timedelta(days=14)).isoformat()
    page.get_by_label("Arbetsförmågan utredd, datum").fill(investigated)
    page.get_by_label("Arbetsförmågan utredd av").fill("Rita Remiss, försörjningsstöd")
    page.get_by_label("Sammanfattning av utredningen").fill("Kan arbeta halvtid med stöd.")
    page.get_by_label("Arbetsförmedlingen", exact=True).check()
    page.get_by_label("Samtycke givet, datum").fill(today.isoformat())
    page.get_by_label("Samtyckets form").select_option("written")
    page.get_by_label("Planen (mål, nästa steg, överenskomna åtgärder)").check()
    expect(eligibility).to_contain_text("Arbetsförmågan är utredd.")
    expect(eligibility.locator(".eligibility-summary .badge").first).to_have_text("Uppfyllt")
    expect(eligibility).to_contain_text("Prioriterad, under 29")
    assert_accessible(page)

    page.get_by_role("button", name="Skicka remissen").click()
    expect(page.get_by_role("heading", name="Remiss för Ung Ungdom")).to_be_visible()
    expect(page.get_by_text("Remissen är skickad.")).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    # The manager finds it first in the queue, tries to return it without a reason, then with one.
    sign_in(page, "chef")
    page.goto("/remisser/ko/")
    row = page.get_by_role("row", name=re.compile("Ungdom, Ung"))
    expect(row).to_contain_text("Prioriterad, under 29")
    expect(row).to_contain_text("Uppfyllt")
    assert_accessible(page)
    row.get_by_role("link", name="Ungdom, Ung").click()
    expect(page.get_by_role("heading", name="Besked om remiss för Ung Ungdom")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Skicka tillbaka remissen").click()
    expect(page.get_by_role("heading", name="Något behöver rättas")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Skäl till att remissen skickas tillbaka").fill(RETURN_REASON)
    page.get_by_role("button", name="Skicka tillbaka remissen").click()
    expect(page.get_by_text("Remissen är återskickad till handläggaren.")).to_be_visible()
    expect(page.get_by_text("Inga remisser väntar på besked.")).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    # The referrer sees that it came back, and why.
    sign_in(page, "ref")
    page.goto("/remisser/mina/")
    row = page.get_by_role("row", name=re.compile("Ungdom, Ung"))
    expect(row).to_contain_text("Återskickad")
    assert_accessible(page)
    row.get_by_role("link", name="Ungdom, Ung").click()
    expect(page.get_by_role("heading", name="Remissen är återskickad")).to_be_visible()
    expect(page.get_by_text(RETURN_REASON)).to_be_visible()
    assert_accessible(page)
