"""A manager enters the year's staff, reads SKR's survey and the kept files; an association's
manager adds an insats with its budget and reads Uppföljning Finsam. Every page passes axe."""

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from lotsa.organisations.constants import OrganisationKind
from lotsa.organisations.tests.factories import OrganisationFactory, UnitFactory, UserFactory
from lotsa.reporting.kept import MONTHLY, keep_files
from lotsa.reporting.tests import dataset
from lotsa.statistics.periods import Period
from tests.browser.conftest import assert_accessible, sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_manager_answers_skr_and_an_association_reports_to_finsam(page):
    data = dataset.build()
    data.manager.username = "chefen"
    data.manager.save()
    keep_files(MONTHLY, Period(datetime.date(2025, 12, 1), datetime.date(2025, 12, 31)))

    sign_in(page, "chefen")
    page.goto(reverse("reporting:staff") + "?year=2025")
    assert_accessible(page)
    page.get_by_role("link", name=f"Ändra {data.unit.name}").click()
    page.get_by_label("Årsarbetare").fill("tre")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("mellan 0 och 10 000").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Årsarbetare").fill("3,5")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Årsarbetarna är sparade.")).to_be_visible()

    page.get_by_role("navigation", name="Nationella rapporter").get_by_role(
        "link", name="SKR:s enkät"
    ).click()
    page.get_by_role("spinbutton", name="År").fill("2025")
    page.get_by_role("button", name="Visa").click()
    expect(page.get_by_role("table", name="1. Deltagare per målgrupp")).to_be_visible()
    expect(
        page.get_by_role("table", name="3. Personal i arbetsmarknadsverksamheten (årsarbetare)")
    ).to_contain_text("3,5")
    assert_accessible(page)

    page.get_by_role("navigation", name="Nationella rapporter").get_by_role(
        "link", name="Sparade filer"
    ).click()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="socialstyrelsen-2025-12.csv").click()
    assert download.value.suggested_filename == "socialstyrelsen-2025-12.csv"
    sign_out(page)

    association = OrganisationFactory(
        name="Samordningsförbundet Test", kind=OrganisationKind.COORDINATION_ASSOCIATION
    )
    unit = UnitFactory(organisation=association, support=True, name="Jobbtorget")
    UserFactory(username="forbundschef", manager=True, unit=unit)
    sign_in(page, "forbundschef")
    page.goto(reverse("reporting:insatser"))
    assert_accessible(page)
    page.get_by_role("link", name="Lägg till insats").click()
    page.get_by_label("Namn").fill("Steget vidare")
    page.get_by_label("Individinriktad").check()
    page.get_by_label("Målgrupp").fill("Unga vuxna")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Insatsen är sparad.")).to_be_visible()
    this_year = datetime.date.today().year
    page.get_by_role("link", name=f"Budget och utfall {this_year - 1} Steget vidare").click()
    page.get_by_label("Budget (kr)").fill("450000")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Budget och utfall är sparade.")).to_be_visible()
    assert_accessible(page)
    page.goto(reverse("reporting:finsam") + f"?year={this_year - 1}")
    expect(page.get_by_role("table", name="Insatser: budget och utfall (kr)")).to_contain_text(
        "450"
    )
    assert_accessible(page)
