"""An administrator writes a guideline, publishes it and is refused when editing it after."""

import pytest
from playwright.sync_api import expect

from lotsa.guidelines.models import Criterion
from lotsa.organisations.tests.factories import OrganisationFactory, UserFactory
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_administrator_writes_and_publishes_a_guideline_then_cannot_edit_it(page):
    organisation = OrganisationFactory(name="Storstadens stad")
    UserFactory(username="adm", administrator=True, unit=None, organisation=organisation)

    sign_in(page, "adm")
    page.get_by_role("link", name="Riktlinjer").click()
    expect(page.get_by_role("heading", name="Riktlinjer", exact=True)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Ny riktlinje").click()
    assert_accessible(page)
    page.get_by_label("Namn").fill("Stöd till arbete, Insteg")
    page.get_by_label("Stödet beviljas genom formellt beslut enligt SoL").check()
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Riktlinjen är skapad.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Nytt tomt utkast").click()
    expect(page.get_by_role("heading", name="Stöd till arbete, Insteg: version 1")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Tidsgräns i månader").fill("4")
    page.get_by_label("Information att lämna vid avslag").fill("Informera om daglig verksamhet.")
    page.get_by_role("button", name="Spara inställningarna").click()
    expect(page.get_by_text("Inställningarna är sparade.")).to_be_visible()

    page.get_by_role("link", name="Ny målgrupp").click()
    assert_accessible(page)
    page.get_by_label("Kod").fill("lss_personkrets_1")
    page.get_by_label("Namn").fill("Personkrets 1 enligt LSS")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Målgruppen är sparad.")).to_be_visible()

    page.get_by_role("link", name="Nytt kriterium").click()
    assert_accessible(page)
    page.get_by_label("Kod").fill("onskan")
    page.get_by_label("Kriterium").fill("Den enskilde har en önskan om att arbeta eller studera.")
    page.get_by_label("Fråga som handläggaren besvarar").check()
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Kriteriet är sparat.")).to_be_visible()

    page.get_by_role("link", name="Nytt kriterium").click()
    page.get_by_label("Kod").fill("alder")
    page.get_by_label("Kriterium").fill("Den enskilde ska vara i yrkesverksam ålder.")
    page.get_by_label("Uppgift som räknas fram ur ärendet").check()
    page.get_by_label("Uppgift (för typen uppgift)").select_option(label="Ålder inom ett spann")
    page.get_by_label("Lägsta ålder").fill("70")
    page.get_by_label("Högsta ålder").fill("18")
    page.get_by_role("button", name="Spara").click()
    expect(
        page.get_by_text("Lägsta ålder kan inte vara högre än högsta ålder.").first
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Lägsta ålder").fill("18")
    page.get_by_label("Högsta ålder").fill("64")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Kriteriet är sparat.")).to_be_visible()
    expect(
        page.get_by_role("cell", name="Den enskilde ska vara i yrkesverksam ålder.", exact=True)
    ).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Publicera versionen").click()
    assert_accessible(page)
    page.get_by_label("Gäller från").fill("2026-01-01")
    page.get_by_role("button", name="Publicera").click()
    expect(page.get_by_text("Versionen är publicerad.")).to_be_visible()
    expect(page.get_by_role("link", name="Nytt kriterium")).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("link", name="Alla riktlinjer").click()
    expect(page.get_by_role("cell", name="Publicerad")).to_be_visible()
    assert_accessible(page)

    # An edit page opened from a bookmark still answers, but saving is refused.
    page.goto(f"/riktlinjer/kriterier/{_first_criterion_id(organisation)}/")
    expect(page.get_by_text("Versionen är publicerad och kan inte ändras.").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Kriterium").fill("Ändrad")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Versionen är publicerad och kan inte ändras. Gör ett nytt utkast för att ändra riktlinjen."
    )
    assert_accessible(page)
    assert Criterion.objects.filter(label="Ändrad").count() == 0


def _first_criterion_id(organisation) -> int:
    return Criterion.objects.get(version__guideline__organisation=organisation, code="onskan").pk
