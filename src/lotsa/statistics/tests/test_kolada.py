"""Kolada export files for comparison municipalities, shown beside the own key figure."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lotsa.statistics.kolada import parse_kolada
from lotsa.statistics.models import KoladaValue
from lotsa.statistics.services import kolada_import
from lotsa.statistics.tests import handbuilt

pytestmark = pytest.mark.django_db

KOLADA_JSON = json.dumps(
    {
        "count": 2,
        "values": [
            {
                "kpi": "N00001",
                "municipality": "0180",
                "period": 2024,
                "values": [
                    {"gender": "K", "count": 1, "status": "", "value": 40.0},
                    {"gender": "T", "count": 1, "status": "", "value": 41.5},
                ],
            },
            {
                "kpi": "N00001",
                "municipality": "1280",
                "period": 2025,
                "values": [
                    {"gender": "T", "count": 1, "status": "", "value": 38},
                ],
            },
        ],
    }
)


def test_json_and_csv_exports_are_read():
    rows = parse_kolada(KOLADA_JSON, "N00001")
    assert [(r.municipality, r.year, str(r.value)) for r in rows] == [
        ("0180", 2024, "41.5"),
        ("1280", 2025, "38"),
    ]
    csv = "kpi;kommun;kommunnamn;år;värde\nN00001;0180;Stockholm;2024;41,5\n"
    (row,) = parse_kolada(csv, "N00001")
    assert (row.name, row.value) == ("Stockholm", 41.5)


def test_another_kpi_or_a_malformed_row_is_named_and_nothing_is_imported():
    world = handbuilt.build()
    bad = "kpi;kommun;år;värde\nN00001;0180;2024;41\nU99999;0180;2025;12\nN00001;18;2025;x\n"
    with pytest.raises(ValidationError) as raised:
        kolada_import(actor=world["manager"], figure="work_or_studies", kpi="N00001", text=bad)
    messages = raised.value.message_dict["text"]
    assert "Rad 3: KPI U99999 är inte N00001 som importen gäller." in messages
    assert "Rad 4: kommunkoden ska vara fyra siffror." in messages
    assert not KoladaValue.objects.exists()
    with pytest.raises(ValidationError) as raised:
        parse_kolada('{"values": [', "N00001")
    assert "inte giltig JSON" in raised.value.messages[0]


def test_the_summary_shows_the_comparison_beside_the_own_figure(client):
    world = handbuilt.build()
    client.force_login(world["manager"])
    url = reverse("statistics:kolada_import")
    assert client.get(url).status_code == 200
    response = client.post(url, {"figure": "work_or_studies", "kpi": "N00001", "text": KOLADA_JSON})
    assert response.status_code == 302
    body = client.get(reverse("statistics:summary"), {"year": 2025}).content.decode()
    assert "jämfört med andra kommuner (Kolada N00001)" in body
    assert "Kommun 0180 (Kolada N00001)" in body and "41,5" in body
    assert "Handby kommun (eget nyckeltal)" in body
