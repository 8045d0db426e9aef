"""Statistics exports never turn an organisation's or a unit's name into a formula."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from lotsa.statistics.tests import handbuilt

pytestmark = pytest.mark.django_db

QUERY = {"start": "2025-01-01", "end": "2025-06-30"}
FORMULA = '=HYPERLINK("https://example.com";"Klicka")'


@pytest.fixture
def world():
    world = handbuilt.build()
    world["organisation"].name = FORMULA
    world["organisation"].save(update_fields=["name"])
    return world


def test_csv_and_xlsx_write_the_name_as_text(client, world):
    client.force_login(world["manager"])
    text = client.get(reverse("statistics:board_export", args=["csv"]), QUERY).content
    cells = [
        cell
        for row in csv.reader(io.StringIO(text.decode("utf-8-sig")), delimiter=";")
        for cell in row
    ]
    assert FORMULA not in cells
    assert not any(cell.startswith("=") for cell in cells)
    response = client.get(reverse("statistics:board_export", args=["xlsx"]), QUERY)
    workbook = load_workbook(io.BytesIO(response.content))
    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
    assert not any(cell.data_type == "f" for cell in cells)
    assert any(cell.value == "'" + FORMULA for cell in cells)
    assert any(cell.data_type == "n" for cell in cells)  # counts stay numbers
