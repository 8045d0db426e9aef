"""The board secretary's report: printed to PDF through Chromium, every table's last column and
every chart label are in the PDF's text; the key-figure page and the evaluation pass axe."""

import io
import re
import unicodedata

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from lotsa.organisations.tests.factories import UserFactory
from lotsa.statistics.tests import handbuilt
from tests.browser.conftest import assert_accessible, sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _words(text: str) -> str:
    # NFKC: a ligature the PDF may hold ("ﬀ") reads as its letters ("ff").
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


def test_the_board_report_prints_every_column_and_every_chart_label(page):
    page.set_default_timeout(60_000)  # a PDF of the whole report on a busy machine
    world = handbuilt.build()
    world["manager"].username = "chef"
    world["manager"].save()
    sign_in(page, "chef")
    page.goto("/statistik/?start=2025-01-01&end=2025-06-30")
    expect(page.get_by_role("heading", name="Styrelserapport", level=1)).to_be_visible()
    expect(page.get_by_role("navigation", name="Innehåll")).to_be_visible()
    assert_accessible(page)
    last_headers = page.eval_on_selector_all(
        ".stat-table table thead tr", "rows => rows.map(r => r.lastElementChild.textContent)"
    )
    chart_labels = page.eval_on_selector_all(
        "svg.stat-chart text", "nodes => nodes.map(n => n.textContent)"
    )
    line_labels = page.eval_on_selector_all(
        "svg.stat-chart tspan", "nodes => nodes.map(n => n.textContent)"
    )
    assert len(last_headers) >= 10 and chart_labels and line_labels
    assert "Avslutade (föregående period)" in last_headers

    pdf = page.pdf(format="A4", print_background=True)
    reader = PdfReader(io.BytesIO(pdf))
    text = _words(" ".join(p.extract_text() or "" for p in reader.pages))
    squeezed = text.replace(" ", "")
    missing = [h for h in last_headers if _words(h).replace(" ", "") not in squeezed]
    assert not missing, f"last columns missing from the PDF: {missing}"
    # A label's wrapped lines are in the PDF one by one (never cut at 36 characters).
    missing = [lab for lab in line_labels if _words(lab).replace(" ", "") not in squeezed]
    assert not missing, f"chart labels missing from the PDF: {missing}"
    assert "Handby kommun – Styrelserapport 2025-01-01 – 2025-06-30" in text
    assert f"Sida 1 av {len(reader.pages)}" in text
    for pdf_page in reader.pages:  # A4 (595.3 × 841.9 pt), portrait or landscape
        size = sorted((float(pdf_page.mediabox.width), float(pdf_page.mediabox.height)))
        assert abs(size[0] - 595.3) < 1.5 and abs(size[1] - 841.9) < 1.5


def test_key_figures_evaluation_and_prices_pass_axe(page):
    page.set_default_timeout(60_000)  # a PDF of the whole report on a busy machine
    world = handbuilt.build()
    world["manager"].username = "chef"
    world["manager"].save()
    UserFactory(username="admin", administrator=True, unit=None, organisation=world["organisation"])
    sign_in(page, "chef")
    page.get_by_role("link", name="Statistik").first.click()
    page.get_by_role("navigation", name="Statistik").get_by_role(
        "link", name="Nyckeltal för styrelsen"
    ).click()
    expect(page.get_by_role("heading", name="Nyckeltal för styrelsen", level=1)).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("Aktiva deltagare"))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("navigation", name="Statistik").get_by_role(
        "link", name="Samhällsekonomisk utvärdering"
    ).click()
    page.get_by_text("Så räknas varje betalares siffra").scroll_into_view_if_needed()
    page.locator("details.stat-computation summary", has_text="Regionen").click()
    expect(page.get_by_role("heading", name="Så räknas Regionen")).to_be_visible()
    assert_accessible(page)
    sign_out(page)
    sign_in(page, "admin")
    page.goto("/statistik/samhallsekonomi/antaganden/")
    expect(page.get_by_role("group", name="Vårddygn i slutenvård")).to_be_visible()
    assert_accessible(page)


def test_equal_access_population_and_kolada_pages_pass_axe(page):
    page.set_default_timeout(60_000)  # a PDF of the whole report on a busy machine
    world = handbuilt.build()
    world["manager"].username = "chef"
    world["manager"].save()
    sign_in(page, "chef")
    page.goto("/statistik/lika-tillgang/")
    expect(page.get_by_role("heading", name="Lika tillgång per stadsdel", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Importera eller ändra befolkning per stadsdel").click()
    page.get_by_label("Källa").fill("SCB 2024")
    page.get_by_label("Eller klistra in raderna").fill("stadsdel;befolkning\nVäster;1200")
    page.get_by_role("button", name="Importera").click()
    expect(page.locator(".error-summary")).to_contain_text("Rad 2: stadsdelen ”Väster” finns inte")
    assert_accessible(page)
    page.goto("/statistik/nyckeltal/kolada/")
    page.get_by_label("Koladas KPI-id").fill("N00001")
    page.get_by_label("Eller klistra in innehållet").fill(
        "kpi;kommun;år;värde\nN00001;0180;2024;41\nU00002;0180;2025;40"
    )
    page.get_by_role("button", name="Importera").click()
    expect(page.locator(".error-summary")).to_contain_text("Rad 3: KPI U00002 är inte N00001")
    assert_accessible(page)
    page.get_by_label("Eller klistra in innehållet").fill(
        "kpi;kommun;år;värde\nN00001;0180;2024;41"
    )
    page.get_by_role("button", name="Importera").click()
    expect(page.get_by_role("heading", name="Nyckeltal för styrelsen", level=1)).to_be_visible()
    expect(page.get_by_text("Kommun 0180 (Kolada N00001)")).to_be_visible()
    assert_accessible(page)
