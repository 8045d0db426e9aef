"""Export cells: text that a spreadsheet would run as a formula is neutralised, numbers stay."""

import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from lotsa.core.exports import SafeCsvWriter, append_row, spreadsheet_cell


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("https://example.com";"Klicka")',
        "+1+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(A1:A2)",
        "\t=1+1",
        "\r=1+1",
    ],
)
def test_text_that_starts_a_formula_gets_an_apostrophe(text):
    assert spreadsheet_cell(text) == "'" + text


@pytest.mark.parametrize("value", [12, 0, -3, 2.5, Decimal("-1.5"), date(2025, 1, 1), None])
def test_numbers_dates_and_empty_cells_are_kept_as_they_are(value):
    assert spreadsheet_cell(value) == value


@pytest.mark.parametrize("text", ["-12", "+3,5", "Anna Berg", "<5", "..", "2025-04"])
def test_ordinary_text_and_signed_numbers_are_kept(text):
    assert spreadsheet_cell(text) == text


def test_csv_writer_neutralises_every_cell():
    buffer = io.StringIO()
    SafeCsvWriter(buffer, delimiter=";", lineterminator="\n").writerow(["=1+1", 5, "ok"])
    assert buffer.getvalue() == "'=1+1;5;ok\n"


def test_xlsx_cell_is_text_not_a_formula():
    workbook = Workbook()
    append_row(workbook.active, ['=HYPERLINK("https://example.com")', 7])
    buffer = io.BytesIO()
    workbook.save(buffer)
    cell, number = load_workbook(io.BytesIO(buffer.getvalue())).active[1]
    assert cell.data_type == "s" and cell.value.startswith("'=")
    assert number.value == 7 and number.data_type == "n"
