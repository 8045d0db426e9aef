"""Every statistics CSV opens in Excel as it is: UTF-8 with a byte-order mark, semicolons."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from lotsa.statistics.tests import handbuilt

pytestmark = pytest.mark.django_db

QUERY = {"start": "2025-01-01", "end": "2025-06-30"}
BOM = b"\xef\xbb\xbf"


@pytest.fixture
def manager_client(client):
    world = handbuilt.build()
    client.force_login(world["manager"])
    return client


@pytest.mark.parametrize(
    ("name", "args", "query"),
    [
        ("statistics:board_export", ["csv"], QUERY),
        ("statistics:skr", [], {**QUERY, "export": "csv"}),
        ("statistics:long_term", [], {**QUERY, "export": "csv"}),
        ("statistics:evaluation", [], {**QUERY, "export": "csv"}),
    ],
)
def test_statistics_csv_starts_with_the_byte_order_mark_excel_needs(
    manager_client, name, args, query
):
    response = manager_client.get(reverse(name, args=args), query)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].endswith('.csv"')
    assert response.content.startswith(BOM)
    text = response.content.decode("utf-8-sig")
    assert not text.startswith("\ufeff")  # exactly one mark
    assert ";" in text
    assert "färre än" in text  # the legend, in Swedish letters that survive the round trip


def test_the_command_line_csv_starts_with_the_byte_order_mark_too(manager_client, tmp_path):
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
    assert output.read_bytes().startswith(BOM)
