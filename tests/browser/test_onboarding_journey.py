"""An instance administrator onboards a coordination association with two member
municipalities through the pages: members, partner authorities, a shipped guideline, units and
staff from CSV — a bad file first, refused with its row, then the right one."""

import pytest
from playwright.sync_api import expect

from lotsa.onboarding.tests.factories import InstanceAdministratorFactory
from lotsa.organisations.models import Organisation, User
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER = "användarnamn;förnamn;efternamn;e-post;titel;roll;enhet\n"


def test_instance_administrator_onboards_an_association_with_two_members(page, tmp_path):
    InstanceAdministratorFactory(username="drift")
    sign_in(page, "drift")
    expect(page.get_by_role("heading", name="Organisationer", exact=True)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Ny organisation").click()
    assert_accessible(page)
    page.get_by_label("Organisationens namn").fill("Samordningsförbundet Älvdalen")
    page.get_by_label("Samordningsförbund").check()
    page.get_by_label("Kommunkod").fill("1780")
    page.get_by_role("button", name="Spara").click()
    expect(
        page.get_by_text("Ett samordningsförbund har ingen egen kommunkod").first
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Kommunkod").fill("")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("heading", name="Samordningsförbundet Älvdalen")).to_be_visible()
    assert_accessible(page)

    for name, code in (("Karlstad", "1780"), ("Hammarö", "1782")):
        page.get_by_label("Medlemskommunens namn").fill(name)
        page.get_by_label("Medlemskommunens kommunkod").fill(code)
        page.get_by_role("button", name="Lägg till medlemskommun").click()
        expect(page.get_by_text("Medlemskommunen är tillagd.")).to_be_visible()
    expect(page.get_by_text("Hammarö (1782)")).to_be_visible()
    expect(page.get_by_text("Karlstad (1780)")).to_be_visible()
    page.get_by_label("Medlemskommunens namn").fill("Grums")
    page.get_by_label("Medlemskommunens kommunkod").fill("176")
    page.get_by_role("button", name="Lägg till medlemskommun").click()
    expect(page.get_by_text("Kommunkoden är fyra siffror").first).to_be_visible()
    assert_accessible(page)

    for kind, name in (("Arbetsförmedlingen", ""), ("Regionen (psykiatri)", "Region Värmland")):
        page.get_by_label("Vilken myndighet").select_option(label=kind)
        page.get_by_label("Namn i partnerregistret").fill(name)
        page.get_by_role("button", name="Lägg till myndighet").click()
        expect(page.get_by_text("Myndigheten är tillagd i partnerregistret.")).to_be_visible()
    expect(page.get_by_text("Region Värmland (Regionen (psykiatri))")).to_be_visible()

    page.get_by_label("Riktlinje från biblioteket").select_option(index=0)
    page.get_by_label("Gäller från").fill("2026-01-01")
    page.get_by_role("button", name="Installera riktlinjen").click()
    expect(page.get_by_text("Riktlinjen är installerad och publicerad.")).to_be_visible()

    page.get_by_label("Enhetens namn").fill("Jobbtorget")
    page.get_by_label("Enheten har arbetscoacher och tar emot remisser").check()
    page.get_by_role("button", name="Skapa enhet").click()
    expect(page.get_by_text("Enheten är skapad.")).to_be_visible()
    assert_accessible(page)

    bad = tmp_path / "fel.csv"
    bad.write_text(
        HEADER + "maja;Maja;Ek;maja@example.org;;Arbetscoach;Jobbtorgett\n", encoding="utf-8"
    )
    page.get_by_label("CSV-fil med personal").set_input_files(str(bad))
    page.get_by_role("button", name="Importera personal").click()
    expect(page.get_by_text("Ingen personal importerades.").first).to_be_visible()
    expect(page.get_by_text("rad 2, kolumn enhet").first).to_be_visible()
    assert_accessible(page)

    good = tmp_path / "personal.csv"
    good.write_text(
        HEADER
        + "maja;Maja;Ek;maja@example.org;Arbetscoach;Arbetscoach;Jobbtorget\n"
        + "olle;Olle;Lund;olle@example.org;Enhetschef;Enhetschef;Jobbtorget\n"
        + "siv;Siv;Sandberg;siv@example.org;Förbundschef;Administratör;\n",
        encoding="utf-8",
    )
    page.get_by_label("CSV-fil med personal").set_input_files(str(good))
    page.get_by_role("button", name="Importera personal").click()
    expect(page.get_by_text("Personalen är importerad.")).to_be_visible()
    expect(page.get_by_role("cell", name="Maja Ek")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Organisationer").first.click()
    row = page.get_by_role("row", name="Samordningsförbundet Älvdalen")
    expect(row).to_contain_text("Samordningsförbund")
    assert_accessible(page)

    association = Organisation.objects.get(name="Samordningsförbundet Älvdalen")
    assert association.member_municipalities.count() == 2
    assert association.partners.count() == 2
    assert association.guidelines.get().versions.get().is_published
    staff = User.objects.filter(organisation=association)
    assert staff.count() == 3
    assert not any(user.has_usable_password() for user in staff)
