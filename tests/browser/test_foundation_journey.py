"""A manager, a referrer and an administrator use the shell; axe checks every page visited."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from lotsa.organisations.tests.factories import UnitFactory, UserFactory
from lotsa.people.tests.factories import ParticipantFactory
from tests.browser.conftest import assert_accessible, sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_referrer_registers_a_participant_and_manager_reads_the_access_log(page):
    unit = UnitFactory(name="Försörjningsstöd")
    UserFactory(username="ref", referrer=True, unit=unit, first_name="Rita", last_name="Remiss")
    UserFactory(username="chef", manager=True, unit=unit)
    ParticipantFactory(unit=unit, first_name="Dold", last_name="Person", protected=True)

    sign_in(page, "ref")
    expect(page.get_by_role("heading", name="Mina remisser")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Deltagare").click()
    assert_accessible(page)

    page.get_by_role("link", name="Registrera deltagare").click()
    assert_accessible(page)
    page.get_by_label("Personnummer eller samordningsnummer").fill("811218-9875")
    page.get_by_label("Förnamn").fill("Test")
    page.get_by_label("Efternamn").fill("Testsson")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Kontrollsiffran stämmer inte").first).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Personnummer eller samordningsnummer").fill("811218-9876")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("heading", name="Test Testsson")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Deltagare").click()
    page.get_by_label("Sök på namn eller personnummer").fill("Person")
    page.get_by_role("button", name="Sök").click()
    expect(page.get_by_text("Inga deltagare hittades.")).to_be_visible()
    sign_out(page)

    sign_in(page, "chef")
    expect(page.get_by_role("heading", name="Remisskö")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Deltagare").click()
    page.get_by_label("Sök på namn eller personnummer").fill("Testsson")
    page.get_by_role("button", name="Sök").click()
    page.get_by_role("link", name="Testsson, Test").click()
    page.get_by_role("link", name="Registerutdrag").click()
    expect(page.get_by_role("heading", name=re.compile("Registerutdrag"))).to_be_visible()
    assert_accessible(page)
    page.go_back()
    page.get_by_role("link", name="Vem har tittat?").click()
    expect(page.get_by_role("cell", name="Rita Remiss").first).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Logguppföljning").click()
    expect(page.get_by_role("heading", name="Uppslag att följa upp")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Rita Remiss").click()
    expect(page.get_by_role("heading", name="Vad Rita Remiss har gjort")).to_be_visible()
    assert_accessible(page)


def test_administrator_creates_a_unit_and_a_user_and_switches_language(page):
    unit = UnitFactory(name="Arbetsmarknadsenheten", runs_support=True)
    UserFactory(username="adm", administrator=True, unit=None, organisation=unit.organisation)

    sign_in(page, "adm")
    expect(page.get_by_role("heading", name="Användare")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Enheter").click()
    page.get_by_role("link", name="Ny enhet").click()
    assert_accessible(page)
    page.get_by_label("Namn").fill("Socialpsykiatri")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("link", name="Socialpsykiatri")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Användare").click()
    page.get_by_role("link", name="Ny användare").click()
    page.get_by_label("Användarnamn").fill("nycoach")
    page.get_by_label("Förnamn").fill("Ny")
    page.get_by_label("Efternamn").fill("Coach")
    page.get_by_label("Roll").select_option("coach")
    page.get_by_label("Enhet").select_option(label="Arbetsmarknadsenheten")
    expect(page.get_by_label("Lösenord")).to_have_count(0)  # the administrator never sets one
    page.get_by_role("button", name="Spara").click()
    expect(page.locator(".errorlist").first).to_be_visible()  # no e-mail for the invitation
    assert_accessible(page)
    page.get_by_label("E-post").fill("ny.coach@example.org")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("link", name="Ny Coach")).to_be_visible()
    link = re.search(r"https?://[^/\s]+(/konto/inbjudan/[^/\s]+/)", mail.outbox[-1].body)
    assert link, mail.outbox[-1].body

    page.get_by_role("link", name="Byt lösenord").click()
    expect(page.get_by_role("heading", name="Byt lösenord")).to_be_visible()
    assert_accessible(page)
    sign_out(page)
    page.goto(link.group(1))
    expect(page.get_by_role("heading", name="Välj ditt lösenord")).to_be_visible()
    assert_accessible(page)
    page.locator("#id_new_password1").fill("kort")
    page.locator("#id_new_password2").fill("kort")
    page.get_by_role("button", name="Spara lösenordet").click()
    expect(page.locator(".errorlist").first).to_be_visible()
    assert_accessible(page)
    page.locator("#id_new_password1").fill("min egen mening om cyklar")
    page.locator("#id_new_password2").fill("min egen mening om cyklar")
    page.get_by_role("button", name="Spara lösenordet").click()
    sign_in(page, "nycoach", "min egen mening om cyklar")
    page.goto(link.group(1))
    expect(page.get_by_role("heading", name="Länken gäller inte")).to_be_visible()
    assert_accessible(page)
    sign_out(page)
    sign_in(page, "adm")

    page.get_by_label("Språk").select_option("en")
    page.get_by_role("button", name="Byt språk").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert_accessible(page)
