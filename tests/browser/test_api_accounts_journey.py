"""An administrator creates a service account, copies its token once, the token works against
the API, and after revoking it the token is refused."""

import pytest
from playwright.sync_api import expect

from lotsa.organisations.tests.factories import OrganisationFactory, UnitFactory, UserFactory
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_administrator_creates_uses_and_revokes_a_service_account(page, live_server):
    organisation = OrganisationFactory(name="Apiby kommun")
    UnitFactory(organisation=organisation, name="Försörjningsstöd")
    UserFactory(username="adm", administrator=True, unit=None, organisation=organisation)

    sign_in(page, "adm")
    page.get_by_role("link", name="Tjänstekonton (API)").click()
    expect(page.get_by_role("heading", name="Tjänstekonton (API)")).to_be_visible()
    expect(page.get_by_text("Inga tjänstekonton ännu.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Nytt tjänstekonto").click()
    page.get_by_role("button", name="Skapa konto och nyckel").click()
    expect(page.get_by_text("Detta fält måste fyllas i.").first).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Namn").fill("Socialtjänstens verksamhetssystem")
    page.get_by_label("Agerar som").select_option(label="Remitterande handläggare")
    page.get_by_label("Enhet").select_option(label="Försörjningsstöd")
    page.get_by_label("Läsa deltagare").check()
    page.get_by_label("Skicka remisser").check()
    page.get_by_role("button", name="Skapa konto och nyckel").click()
    expect(page.get_by_role("heading", name="Tjänstekontot är skapat")).to_be_visible()
    assert_accessible(page)
    token = page.get_by_label("API-nyckel").input_value()
    assert token.startswith("lotsa_")

    api = page.context.request
    url = f"{live_server.url}/api/v1/participants/"
    answer = api.get(url, headers={"Authorization": f"Bearer {token}"})
    assert answer.status == 200 and answer.json()["count"] == 0

    page.get_by_role("link", name="Klar").click()
    expect(page.get_by_role("cell", name="participants:read")).to_be_visible()
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Spärra Socialtjänstens verksamhetssystem").click()
    expect(
        page.get_by_text("Tjänstekontot Socialtjänstens verksamhetssystem är spärrat.")
    ).to_be_visible()
    assert_accessible(page)
    refused = api.get(url, headers={"Authorization": f"Bearer {token}"})
    assert refused.status == 401
    assert refused.json()["error"]["code"] == "unauthorized"
