"""A coach connects an authenticator app at first sign-in, then signs in with a code from it."""

import time
from base64 import b32decode

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from lotsa.organisations.tests.factories import UnitFactory, UserFactory
from tests.browser.conftest import assert_accessible, sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def app_code(key_text: str, *, steps_ahead: int = 0) -> str:
    """What an authenticator app shows for the key typed in from the page."""
    secret = key_text.replace(" ", "")
    totp = TOTP(b32decode(secret + "=" * (-len(secret) % 8)))
    totp.time = time.time() + steps_ahead * 30
    return f"{totp.token():06d}"


def test_coach_enrols_an_app_and_then_signs_in_with_a_code(page, settings):
    settings.LOTSA_REQUIRE_TWO_FACTOR = True
    unit = UnitFactory(name="Arbetsmarknadsenheten", runs_support=True)
    UserFactory(username="coach", coach=True, unit=unit, first_name="Cora", last_name="Coach")

    sign_in(page, "coach")
    expect(
        page.get_by_role("heading", name="Skydda ditt konto med tvåstegsverifiering")
    ).to_be_visible()
    expect(page.get_by_role("img", name="QR-kod som kopplar Lotsa")).to_be_visible()
    assert_accessible(page)

    key_text = page.locator("#totp-key").inner_text()
    right = app_code(key_text)
    page.get_by_label("Kod från appen").fill(f"{(int(right) + 500_000) % 1_000_000:06d}")
    page.get_by_role("button", name="Bekräfta").click()
    expect(page.get_by_text("Koden stämmer inte").first).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Kod från appen").fill(app_code(key_text))
    page.get_by_role("button", name="Bekräfta").click()
    expect(page.get_by_role("heading", name="Dina återställningskoder")).to_be_visible()
    expect(
        page.get_by_role("list", name="Återställningskoder").get_by_role("listitem")
    ).to_have_count(10)
    assert_accessible(page)
    page.get_by_role("link", name="Jag har sparat koderna").click()
    expect(page.get_by_role("heading", name="Mina ärenden")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Tvåstegsverifiering").click()
    expect(page.get_by_role("heading", name="Tvåstegsverifiering")).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    sign_in(page, "coach")
    expect(page.get_by_role("heading", name="Ange koden från din app")).to_be_visible()
    assert_accessible(page)
    # The code used at enrolment may not be used again; the app shows the next one 30 s later.
    page.get_by_label("Kod från appen").fill(app_code(key_text, steps_ahead=1))
    page.get_by_role("button", name="Fortsätt").click()
    expect(page.get_by_role("heading", name="Mina ärenden")).to_be_visible()
    assert_accessible(page)
