"""A unit's manager records an IPS fidelity review and reads it in the unit's history."""

import pytest
from playwright.sync_api import expect

from lotsa.assessments.services import fidelity_scale_install
from lotsa.organisations.tests.factories import UnitFactory, UserFactory
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_manager_records_an_ips_review_and_sees_total_and_band(page):
    fidelity_scale_install()  # transactional tests flush what the migration installed
    unit = UnitFactory(support=True, name="Socialpsykiatri")
    UserFactory(username="chef", manager=True, unit=unit)
    sign_in(page, "chef")
    page.get_by_role("link", name="Metodtrohet").click()
    expect(page.get_by_role("heading", name="Metodtrohet: Socialpsykiatri")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Ny granskning med IPS metodtrohetsskala").click()
    assert_accessible(page)
    page.get_by_label("Granskare").fill("Två externa granskare")
    for number in range(1, 26):
        page.locator(f"#id_item_{number}").select_option("4" if number > 1 else "5")
    page.get_by_role("button", name="Spara granskningen").click()
    expect(page.get_by_text("Granskningen är sparad.")).to_be_visible()
    expect(page.get_by_text("101 poäng")).to_be_visible()
    expect(page.get_by_text("God metodtrohet")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Socialpsykiatri").click()
    row = page.get_by_role("row").filter(has_text="101")
    expect(row).to_contain_text("God metodtrohet")
    assert_accessible(page)
