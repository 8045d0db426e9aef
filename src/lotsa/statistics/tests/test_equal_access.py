"""Equal access per district beside the population of working age, and its import."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lotsa.cases.tests.factories import CaseFactory
from lotsa.organisations.tests.factories import DistrictFactory
from lotsa.people.tests.factories import ParticipantFactory
from lotsa.statistics.equal_access import equal_access
from lotsa.statistics.models import DistrictPopulation
from lotsa.statistics.report import ReportFilter
from lotsa.statistics.services import district_populations_import
from lotsa.statistics.tables import publish
from lotsa.statistics.tests import handbuilt

pytestmark = pytest.mark.django_db
D = handbuilt.D


@pytest.fixture
def world():
    world = handbuilt.build()
    world["norr"] = DistrictFactory(organisation=world["organisation"], name="Norr")
    world["soder"] = DistrictFactory(organisation=world["organisation"], name="Söder")
    for district, count in ((world["norr"], 6), (world["soder"], 2)):
        for _number in range(count):
            person = ParticipantFactory(unit=world["unit"], district=district)
            CaseFactory(
                unit=world["unit"],
                coach=world["coach"],
                participant=person,
                start_date=D(2024, 12, 1),
                follow_up=False,
                next_follow_up_on=None,
            )
    return world


CSV = "stadsdel;befolkning\nNorr;3 000\nsöder;2000\n"


def test_rates_per_thousand_with_the_board_reports_suppression(world):
    district_populations_import(
        actor=world["manager"], year=2024, source="SCB 2024-12-31", text=CSV
    )
    result = equal_access(ReportFilter(organisation=world["organisation"], period=handbuilt.PERIOD))
    rows = dict(zip(result.table.rows, result.table.current, strict=True))
    # [population, year, active per 1 000, new per 1 000, applications, granted]
    assert rows["Norr"][:3] == [3000, 2024, 2.0]  # 6 active / 3 000 × 1 000
    assert rows["Söder"][:3] == [2000, 2024, 1.0]
    published = dict(publish(result.table, compare=False).rows)
    assert published["Norr"][2].text == "2"
    assert published["Söder"][2].hidden  # two people: hidden as in the board report
    assert published["Söder"][0].text == "2\u00a0000"  # the population is public
    assert [s.source for s in result.sources] == ["SCB 2024-12-31", "SCB 2024-12-31"]


def test_an_unknown_district_or_a_bad_number_names_the_row_and_imports_nothing(world):
    bad = "stadsdel;befolkning\nNorr;3000\nVäster;1200\nSöder;-5\n"
    with pytest.raises(ValidationError) as raised:
        district_populations_import(actor=world["manager"], year=2024, source="SCB", text=bad)
    messages = raised.value.message_dict["text"]
    assert "Rad 3: stadsdelen ”Väster” finns inte i organisationen." in messages
    assert "Rad 4: befolkningen för Söder ska vara ett heltal större än 0." in messages
    assert not DistrictPopulation.objects.exists()
    with pytest.raises(ValidationError) as raised:
        district_populations_import(
            actor=world["manager"], year=2024, source="SCB", text="namn,antal\nNorr,1"
        )
    assert "Rad 1" in raised.value.messages[0]


def test_the_pages_import_show_and_export(client, world):
    client.force_login(world["manager"])
    url = reverse("statistics:population_import")
    assert client.get(url).status_code == 200
    response = client.post(url, {"year": "2024", "source": "", "text": CSV})
    assert "Ange var befolkningssiffrorna kommer ifrån" in response.content.decode()
    response = client.post(url, {"year": "2024", "source": "SCB 2024", "text": CSV})
    assert response.status_code == 302
    page = client.get(
        reverse("statistics:equal_access"), {"start": "2025-01-01", "end": "2025-06-30"}
    )
    body = page.content.decode()
    assert "SCB 2024" in body and "Aktiva deltagare per 1 000" in body
    export = client.get(reverse("statistics:equal_access"), {"export": "csv"})
    assert "Befolkning 16–64 år" in export.content.decode("utf-8-sig")
