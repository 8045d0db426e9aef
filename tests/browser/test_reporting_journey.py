"""A manager reads the national reports and downloads the monthly file; an administrator
changes a code. Every page passes axe."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from lotsa.organisations.tests.factories import UserFactory
from lotsa.reporting.tests import dataset
from tests.browser.conftest import assert_accessible, sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_manager_reads_the_national_reports_and_an_administrator_keeps_the_codes(page):
    data = dataset.build()
    data.manager.username = "chefen"
    data.manager.save()
    UserFactory(username="admin", administrator=True, organisation=data.organisation)

    sign_in(page, "chefen")
    page.get_by_role("link", name="Nationella rapporter").first.click()
    expect(page.get_by_role("heading", name="Nationella rapporter", level=1)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Resultat vid avslut (Kolada)").first.click()
    page.get_by_label("År").fill("2025")
    page.get_by_role("button", name="Visa").click()
    expect(page.get_by_role("table", name="Avslut efter vad som hände sedan")).to_be_visible()
    expect(
        page.get_by_role("heading", name="Arbete eller studier inom 18 månader: underlag")
    ).to_be_visible()
    assert_accessible(page)

    page.get_by_role("navigation", name="Nationella rapporter").get_by_role(
        "link", name="Läge efter avslut (ESF)"
    ).click()
    expect(page.get_by_role("table", name="Läge en och sex månader efter avslut")).to_be_visible()
    assert_accessible(page)

    page.goto(reverse("reporting:socialstyrelsen") + "?month=2025-12")
    expect(page.get_by_role("table", name="Personer i månadsfilen")).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ner månadsfilen (CSV)").click()
    assert download.value.suggested_filename == "socialstyrelsen-2025-12.csv"

    page.goto(reverse("reporting:socialstyrelsen") + "?month=2025-12-30")
    expect(page.get_by_text("Ange månaden som ÅÅÅÅ-MM").first).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    sign_in(page, "admin")
    page.get_by_role("link", name="Koder till Socialstyrelsen").first.click()
    assert_accessible(page)
    page.get_by_role("link", name="Ändra 10. Språkträning, SFI").click()
    page.get_by_label("Kod", exact=True).fill("")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Koden är sparad.")).to_be_visible()
    sign_out(page)

    # A month with an activity in that category now names the case instead of a file.
    sign_in(page, "chefen")
    page.goto(reverse("reporting:socialstyrelsen") + "?month=2025-12")
    expect(page.get_by_text("Månadsfilen kan inte tas fram")).to_be_visible()
    expect(page.get_by_role("link", name=f"Ärende {data.cases['J'].pk}")).to_be_visible()
    assert_accessible(page)
