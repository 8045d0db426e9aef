"""A coach registers an employer, fixing a mistyped organisation number, and logs a visit."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from lotsa.organisations.tests.factories import UnitFactory, UserFactory
from lotsa.work.models import Employer
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coach_registers_an_employer_and_logs_a_contact(page):
    unit = UnitFactory(name="Arbetsmarknadsenheten", runs_support=True)
    UserFactory(username="coach", coach=True, unit=unit, first_name="Cia", last_name="Coach")

    sign_in(page, "coach")
    page.get_by_role("link", name="Arbetsgivare").first.click()
    expect(page.get_by_role("heading", name="Arbetsgivare")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Ny arbetsgivare").click()
    expect(page.get_by_role("heading", name="Ny arbetsgivare")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Organisationsnummer").fill("556016-0681")
    page.get_by_label("Namn").fill("Timrå Möbler AB")
    page.get_by_label("Sektor").select_option(label="Privat")
    page.get_by_label("Bransch").fill("Möbler")
    page.get_by_label("Platser för praktik").fill("2")
    page.get_by_role("button", name="Spara").click()
    expect(page.locator("#id_organisation_number_error")).to_contain_text(
        "Kontrollsiffran stämmer inte"
    )
    assert not Employer.objects.exists()
    assert_accessible(page)

    page.get_by_label("Organisationsnummer").fill("5560160680")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("heading", name="Timrå Möbler AB")).to_be_visible()
    expect(page.get_by_text("556016-0680")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Lägg till kontaktperson").click()
    assert_accessible(page)
    page.get_by_label("Namn").fill("Eva Ek")
    page.get_by_label("Roll").fill("Verkstadschef")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("cell", name="Eva Ek")).to_be_visible()

    page.get_by_role("link", name="Logga en kontakt").click()
    expect(page.get_by_role("heading", name="Ny kontakt med arbetsgivaren")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Datum").fill(timezone.localdate().isoformat())
    page.get_by_label("Typ av kontakt").select_option(label="Besök")
    page.get_by_label("Kontaktperson").select_option(label="Eva Ek")
    page.get_by_label("Vad kontakten ledde till").fill("Två praktikplatser från mars.")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Två praktikplatser från mars.")).to_be_visible()
    expect(page.get_by_role("cell", name="Cia Coach")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Alla arbetsgivare").click()
    page.get_by_label("Sök på namn eller organisationsnummer").fill("5560160680")
    page.get_by_role("button", name="Sök").click()
    expect(page.get_by_role("link", name="Timrå Möbler AB")).to_be_visible()
    assert_accessible(page)


def test_manager_adds_a_training_arena(page):
    unit = UnitFactory(name="Arbetsmarknadsenheten", runs_support=True)
    UserFactory(username="chef", manager=True, unit=unit)

    sign_in(page, "chef")
    page.goto("/arbete/arenor/")
    expect(page.get_by_role("heading", name="Träningsarenor")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Ny arena").click()
    assert_accessible(page)
    page.get_by_label("Namn").fill("Kommuncafé")
    page.get_by_label("Enhet").select_option(label="Arbetsmarknadsenheten")
    page.get_by_label("Platser").fill("4")
    page.get_by_label("Handledare").fill("Ali Handledare")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("link", name="Kommuncafé")).to_be_visible()
    expect(page.get_by_role("cell", name="Ali Handledare")).to_be_visible()
    assert_accessible(page)
