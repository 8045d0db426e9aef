"""A manager opens the board report, sees charts and tables, downloads XLSX and reads the other
analyses; a coach records a follow-up after closure. Every page passes axe."""

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from lotsa.outcomes.models import OutcomeFollowUp
from lotsa.statistics.tests import handbuilt
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_manager_reads_the_board_report_and_downloads_it(page):
    world = handbuilt.build()
    world["manager"].username = "chef"
    world["manager"].save()

    sign_in(page, "chef")
    page.get_by_role("link", name="Statistik").first.click()
    expect(page.get_by_role("heading", name="Styrelserapport", level=1)).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Från").fill("2025-01-01")
    page.get_by_label("Till och med").fill("2025-06-30")
    page.get_by_role("button", name="Visa").click()
    expect(
        page.get_by_text("Jämförs med samma del av föregående år (2024-01-01 – 2024-06-30).")
    ).to_be_visible()
    expect(page.get_by_role("img", name="Deltagare: nya, aktiva och avslutade")).to_be_visible()
    expect(page.get_by_role("table", name="Väntetid och tid i stöd")).to_be_visible()
    expect(page.get_by_role("heading", name="Avslut efter orsak")).to_be_visible()
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Excel (XLSX)").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    with open(download.value.path(), "rb") as file:
        workbook = load_workbook(io.BytesIO(file.read()))
    titles = [row[0] for row in workbook.active.iter_rows(values_only=True)]
    assert "Deltagare: nya, aktiva och avslutade" in titles

    for link, heading in (
        ("SKR:s kategorier", "SKR:s kategorier"),
        ("Långvarigt stöd", "Långvarigt stöd"),
        ("Samhällsekonomisk utvärdering", "Samhällsekonomisk utvärdering"),
    ):
        page.get_by_role("navigation", name="Statistik").get_by_role("link", name=link).click()
        expect(page.get_by_role("heading", name=heading, level=1)).to_be_visible()
        assert_accessible(page)


def test_coach_records_where_a_person_is_a_year_after_closure(page):
    world = handbuilt.build()
    coach = world["coach"]
    coach.username = "coachen"
    coach.save()
    follow_up = world["E"].outcome_follow_ups.get(months_after=6)  # due 2024-07-10, not recorded

    sign_in(page, "coachen")
    page.get_by_role("link", name="Efter avslut").first.click()
    expect(page.get_by_role("heading", name="Uppföljning efter avslut")).to_be_visible()
    assert_accessible(page)
    # The person has a 1-month follow-up due too (the national reports'); take the 6-month one.
    page.locator(f"a[href='/efter-avslut/{follow_up.pk}/']").click()
    assert_accessible(page)
    page.get_by_role("button", name="Spara").click()
    expect(page.locator(".error-summary")).to_contain_text("Välj var personen befinner sig nu.")
    assert_accessible(page)
    page.get_by_label("Annat stöd").check()
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Uppföljningen är registrerad.")).to_be_visible()
    follow_up.refresh_from_db()
    assert follow_up.status == "other_support"
    assert not OutcomeFollowUp.objects.filter(pk=follow_up.pk, status="").exists()
