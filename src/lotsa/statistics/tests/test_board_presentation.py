"""The board's one page (key figures over years), the report's print/PDF and its charts."""

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from lotsa.statistics.charts import bar_chart, wrap_label
from lotsa.statistics.printing import css_string, running_header_css
from lotsa.statistics.report import ReportFilter
from lotsa.statistics.summary import KeyFigure, board_summary, key_figures
from lotsa.statistics.tables import Table, publish
from lotsa.statistics.tests import handbuilt

pytestmark = pytest.mark.django_db
D = handbuilt.D


@pytest.fixture
def world():
    return handbuilt.build()


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() or "" for page in reader.pages))


def test_long_chart_labels_wrap_instead_of_being_cut_and_the_legend_names_both_series():
    label = "Ungdomar i hushåll med försörjningsstöd som varit utan arbete länge"
    table = Table(
        key="t",
        title="Deltagare",
        definition="",
        row_header="Grupp",
        rows=[label],
        columns=["Nya", "Aktiva"],
        current=[[7, 9]],
        previous=[[6, 8]],
        chart=True,
        chart_column=1,
    )
    svg = str(bar_chart(publish(table), chart_id="c"))
    lines = wrap_label(label)
    assert len(lines) > 1 and " ".join(lines) == label
    for line in lines:
        assert f">{line}</tspan>" in svg
    assert "Aktiva – vald period" in svg and "Aktiva – föregående period" in svg
    assert ">9<" in svg and ">8<" in svg  # both periods are drawn


def test_running_header_names_the_organisation_and_cannot_break_out_of_its_string(world):
    organisation = world["organisation"]
    organisation.name = 'Handby "kommun"; } body { display: none'
    css = running_header_css(ReportFilter(organisation=organisation, period=handbuilt.PERIOD))
    assert css.count("@page") == 2
    assert '"kommun"' not in css and "\\22 kommun\\22 " in css
    assert css_string("a\nb") == '"a\\a b"'


def test_the_board_report_pdf_has_every_column_page_numbers_and_the_organisation(client, world):
    client.force_login(world["manager"])
    query = {"start": "2025-01-01", "end": "2025-06-30"}
    response = client.get(reverse("statistics:board_pdf"), query)
    assert response["Content-Type"] == "application/pdf"
    text = _text(response.content)
    assert "Handby kommun – Styrelserapport 2025-01-01 – 2025-06-30" in text
    assert re.search(r"Sida 1 av \d+", text)
    assert "Innehåll" in text
    context = client.get(reverse("statistics:board"), query).context
    for item in context["sections"]:
        for entry in item["tables"]:
            published = entry["published"]
            assert re.sub(r"\s+", " ", published.header[-1]) in text, published.key
    css = client.get(reverse("statistics:board_print_css"), query)
    assert css["Content-Type"] == "text/css"
    assert "Handby kommun" in css.content.decode()


def test_summary_shows_the_year_and_five_previous_years(
    client, world, django_assert_max_num_queries
):
    client.force_login(world["manager"])
    with django_assert_max_num_queries(400):
        page = client.get(reverse("statistics:summary"), {"year": 2025})
    assert page.status_code == 200
    summary = page.context["summary"]
    assert summary.years == [2020, 2021, 2022, 2023, 2024, 2025]
    body = page.content.decode()
    assert "Nya deltagare" in body and "Samhällsekonomisk utvärdering" in body
    assert body.count('class="stat-trend"') == len(key_figures)
    rows = dict(zip(summary.table.rows, summary.table.current, strict=True))
    # 2025: B and C started (two: hidden when published); A, B, C, D active.
    assert rows["Nya deltagare"][-1] == 2
    assert rows["Aktiva deltagare"][-1] == 4
    published = dict(publish(summary.table, compare=False).rows)
    assert published["Nya deltagare"][-1].hidden
    export = client.get(reverse("statistics:summary"), {"year": 2025, "export": "xlsx"})
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_summary_is_a_registry_other_modules_can_append_to(world):
    figure = KeyFigure(
        "test_constant", "Testtal", "", "Ett tal för testet.", lambda source: (source.year, 100)
    )
    key_figures.register(figure.key, figure, order=999)
    try:
        summary = board_summary(world["organisation"], 2025, first_year=2023)
    finally:
        key_figures.unregister(figure.key)
    rows = dict(zip(summary.table.rows, summary.table.current, strict=True))
    assert rows["Testtal"] == [2023, 2024, 2025]
