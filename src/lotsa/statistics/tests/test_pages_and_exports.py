"""The board report page, its exports and the command line give the same numbers."""

import csv
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from lotsa.organisations.tests.factories import UserFactory
from lotsa.statistics.tests import handbuilt

pytestmark = pytest.mark.django_db

QUERY = {"start": "2025-01-01", "end": "2025-06-30"}


@pytest.fixture
def world():
    return handbuilt.build()


def test_the_page_shows_charts_tables_and_definitions(client, world):
    client.force_login(world["manager"])
    response = client.get(reverse("statistics:board"), QUERY)
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count("<svg") >= 5
    assert "Definition:" in body
    # the year so far is compared with the same part of last year, said in words
    assert "Jämförs med samma del av föregående år (2024-01-01 – 2024-06-30)." in body
    assert "&lt;5" in body  # small counts hidden
    # no person is named anywhere in a statistics page
    for key in "ABCDEF":
        assert world[key].participant.last_name not in body


def test_a_bad_period_shows_a_swedish_message(client, world):
    client.force_login(world["manager"])
    response = client.get(reverse("statistics:board"), {"start": "2025-06-30", "end": "2025-01-01"})
    assert "Slutdatum kan inte vara före startdatum." in response.content.decode()


def test_coaches_and_referrers_may_not_read_statistics(client, world):
    client.force_login(world["coach"])
    assert client.get(reverse("statistics:board")).status_code == 403


def _csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_xlsx_export_has_the_numbers_of_the_page(client, world, settings):
    settings.LOTSA_SUPPRESS_BELOW = 1  # show every count so the numbers can be compared
    client.force_login(world["manager"])
    response = client.get(reverse("statistics:board_export", args=["xlsx"]), QUERY)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [tuple(row) for row in sheet.iter_rows(values_only=True)]
    flow = next(i for i, row in enumerate(rows) if row[0] == "Deltagare: nya, aktiva och avslutade")
    # title, definition, header, then Nya / Aktiva / Avslutade: current and previous period
    assert rows[flow + 3][:3] == ("Nya", 2, 0)
    assert rows[flow + 4][:3] == ("Aktiva", 4, 3)
    assert rows[flow + 5][:3] == ("Avslutade", 2, 2)


def test_the_command_line_report_matches_the_page(client, world, tmp_path):
    client.force_login(world["manager"])
    page_csv = client.get(reverse("statistics:board_export", args=["csv"]), QUERY).content
    output = tmp_path / "board.csv"
    call_command(
        "report",
        "board",
        "--org",
        "Handby kommun",
        "--from",
        "2025-01-01",
        "--to",
        "2025-06-30",
        "--format",
        "csv",
        "--output",
        str(output),
    )
    assert _csv_rows(output.read_text(encoding="utf-8")) == _csv_rows(page_csv.decode())


def test_without_org_every_organisation_gets_a_section(world, tmp_path):
    other = UserFactory(manager=True).organisation
    output = tmp_path / "all.xlsx"
    call_command(
        "report",
        "board",
        "--from",
        "2025-01-01",
        "--to",
        "2025-06-30",
        "--format",
        "xlsx",
        "--output",
        str(output),
        "--no-progress",
    )
    names = load_workbook(output).sheetnames
    assert "Handby kommun" in names and other.name in names
    html = tmp_path / "all.html"
    call_command(
        "report",
        "board",
        "--from",
        "2025-01-01",
        "--to",
        "2025-06-30",
        "--format",
        "html",
        "--output",
        str(html),
        "--no-progress",
    )
    assert html.read_text(encoding="utf-8").count("<h2>") >= 2
