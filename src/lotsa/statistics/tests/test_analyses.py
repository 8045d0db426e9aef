"""SKR's categories, long-term support and the socio-economic evaluation, by hand."""

import pytest
from django.urls import reverse

from lotsa.assessments.tests.factories import MappingFactory
from lotsa.cases.tests.factories import ActivityFactory
from lotsa.organisations.tests.factories import UserFactory
from lotsa.statistics.evaluation import evaluation, long_term
from lotsa.statistics.models import EvaluationAssumptions
from lotsa.statistics.periods import year
from lotsa.statistics.report import ReportFilter
from lotsa.statistics.skr import skr_tables
from lotsa.statistics.suppression import Grid, recoverable
from lotsa.statistics.tables import publish
from lotsa.statistics.tests import handbuilt

pytestmark = pytest.mark.django_db
D = handbuilt.D


@pytest.fixture
def world():
    return handbuilt.build()


def _activity(case, category, starts_on, ends_on, status="ongoing"):
    return ActivityFactory(
        case=case,
        activity_type__skr_category=category,
        activity_type__name=f"Kategori {category}",
        skr_category=category,
        starts_on=starts_on,
        ends_on=ends_on,
        status=status,
    )


def test_skr_participants_per_category_unit_and_gender(world):
    _activity(world["A"], 5, D(2024, 11, 1), D(2025, 1, 31))
    _activity(world["B"], 2, D(2025, 2, 1), None)
    _activity(world["B"], 5, D(2025, 3, 1), D(2025, 4, 30))
    _activity(world["C"], 3, D(2025, 3, 1), D(2025, 5, 31))
    _activity(world["C"], 5, D(2025, 3, 1), D(2025, 5, 31), status="cancelled")
    _activity(world["D"], 2, D(2023, 6, 1), D(2024, 12, 31))  # not in 2025
    units, gender, distinct = skr_tables(
        ReportFilter(organisation=world["organisation"], period=year(2025))
    )
    assert len(units.rows) == 12
    assert units.columns == ["Arbetsmarknadsenheten"]
    column = [row[0] for row in units.current]
    assert column[1] == 1 and column[2] == 1 and column[4] == 2  # categories 2, 3, 5
    assert sum(column) == 4
    assert gender.current[4] == [1, 1, 0]  # category 5: A (woman), B (man)
    assert distinct.current == [[3]]
    published = publish(units, below=5)
    hidden = {
        (i, j)
        for i, (_label, cells) in enumerate(published.rows)
        for j, cell in enumerate(cells)
        if cell.hidden
    }
    grid = Grid(tuple(tuple(row) for row in units.current), column_totals=True, row_totals=True)
    assert recoverable(grid, hidden) == set()


def test_long_term_support_shares(world):
    MappingFactory(case=world["D"], mapped_on=D(2023, 6, 1), main_income_source="social_assistance")
    counts, shares = long_term(
        ReportFilter(organisation=world["organisation"], period=handbuilt.PERIOD)
    )
    # D is in support all 181 days; A 46, B 150 and C 93 days of the period
    assert counts.current == [[1, 181], [3, 289]]
    # cost: D (120 000 + 110 000) * 181 / 365; the others 120 000 * 289 / 365
    d_cost = 230_000 * 181 / 365
    others = 120_000 * 289 / 365
    assert shares.current == [
        [25.0],
        [round(100 * 181 / 470, 1)],
        [round(100 * d_cost / (d_cost + others), 1)],
    ]
    # one person throughout: too few to publish
    assert all(cell.hidden for _label, cells in publish(shares).rows for cell in cells)
    # and the group counts too: the other group's count and the total would reveal it
    assert all(cell.hidden for _label, cells in publish(counts).rows for cell in cells)


def _map(world):
    MappingFactory(
        case=world["A"], mapped_on=D(2024, 10, 1), main_income_source="social_assistance"
    )
    MappingFactory(case=world["A"], mapped_on=D(2025, 2, 10), main_income_source="salary")
    MappingFactory(case=world["C"], mapped_on=D(2025, 3, 1), main_income_source="social_assistance")
    MappingFactory(case=world["C"], mapped_on=D(2025, 5, 30), main_income_source="student_finance")


def test_socio_economic_evaluation_with_the_defaults(world):
    _map(world)
    result = evaluation(ReportFilter(organisation=world["organisation"], period=handbuilt.PERIOD))
    assert result.participants == 2
    rows = dict(zip(result.per_payer.rows, result.per_payer.current, strict=True))
    assert rows["Kommunen"] == [-220_000, -1_100_000]  # two people off försörjningsstöd, 5 years
    assert rows["CSN"] == [40_000, 200_000]
    assert rows["Försäkringskassan"] == [0, 0]
    # support days A 138, C 93 -> programme cost 120 000 * 231 / 365
    programme = 120_000 * 231 / 365
    assert result.summary.current == [
        [2],
        [round(programme)],
        [220_000],
        [round(programme / 220_000, 1)],
        [60_000],  # A +120 000, C ±0
    ]
    matrix = result.transitions.current
    assert matrix[0][6] == 1 and matrix[0][5] == 1  # försörjningsstöd -> lön, -> studiemedel
    assert "social_assistance" in result.assumptions.defaults


def test_the_organisations_own_assumptions_replace_the_defaults(client, world):
    _map(world)
    admin = UserFactory(administrator=True, unit=None, organisation=world["organisation"])
    client.force_login(admin)
    url = reverse("statistics:assumptions")
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {name: "" if value is None else value for name, value in data.items()}
    data["social_assistance__yearly_cost"] = "-5"
    response = client.post(url, data)
    assert "Ange ett belopp mellan 0 och 10 000 000 kr." in response.content.decode()
    assert not EvaluationAssumptions.objects.exists()
    data["social_assistance__yearly_cost"] = "100000"
    data["social_assistance__source"] = "Kommunens bokslut 2024."
    data["programme_cost_per_year"] = "90000"
    data["programme_cost_source"] = "Budget 2025 / 50 deltagarår."
    assert client.post(url, data).status_code == 302
    result = evaluation(ReportFilter(organisation=world["organisation"], period=handbuilt.PERIOD))
    rows = dict(zip(result.per_payer.rows, result.per_payer.current, strict=True))
    assert rows["Kommunen"][0] == -200_000
    assert "social_assistance" not in result.assumptions.defaults
    assert result.assumptions.programme_cost_per_year == 90_000
    client.force_login(world["manager"])
    body = client.get(
        reverse("statistics:evaluation"), {"start": "2025-01-01", "end": "2025-06-30"}
    ).content.decode()
    assert "Kommunens bokslut 2024." in body
    assert "Standardvärde." in body  # the other forms still use Lotsa's figures


def test_analysis_pages_render_and_export(client, world):
    client.force_login(world["manager"])
    for name in ("statistics:skr", "statistics:long_term", "statistics:evaluation"):
        assert client.get(reverse(name)).status_code == 200
        response = client.get(reverse(name), {"export": "xlsx"})
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
