"""SKR's categories, long-term support and the socio-economic evaluation, by hand."""

from decimal import Decimal

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
from lotsa.work.models import Employer, Placement

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
    """A: försörjningsstöd, part-time sick leave, 10 psychiatric contacts and 4 in-patient days
    -> salary, 2 contacts. C: sickness benefit (full-time sick leave, care use not known) ->
    student finance, no care. A had a wage-subsidy employment Nov 2024 – Jan 2025."""
    MappingFactory(
        case=world["A"],
        mapped_on=D(2024, 10, 1),
        main_income_source="social_assistance",
        sick_certificate="part_time",
        psychiatric_contacts=10,
        inpatient_days=4,
    )
    MappingFactory(
        case=world["A"],
        mapped_on=D(2025, 2, 10),
        main_income_source="salary",
        psychiatric_contacts=2,
        inpatient_days=0,
    )
    MappingFactory(
        case=world["C"],
        mapped_on=D(2025, 3, 1),
        main_income_source="sickness_benefit",
        sick_certificate="full_time",
    )
    MappingFactory(
        case=world["C"],
        mapped_on=D(2025, 5, 30),
        main_income_source="student_finance",
        psychiatric_contacts=0,
        inpatient_days=0,
    )
    employer = Employer.objects.create(
        organisation=world["organisation"],
        organisation_number="556016-0680",
        name="Handby Bygg AB",
        sector="private",
    )
    Placement.objects.create(
        organisation=world["organisation"],
        case=world["A"],
        kind="employment",
        subsidy_type="wage_subsidy",
        employer=employer,
        starts_on=D(2024, 11, 1),
        ends_on=D(2025, 1, 31),
        hours_per_week=Decimal(40),
        monthly_salary_cost=Decimal(30_000),
        grant_rate=Decimal(80),
        status="ongoing",
        created_by=world["coach"],
    )


PROGRAMME = 120_000 * (138 + 93) / 365  # support days: A 138, C 93
WORK_DURING = 350_000 * 92 / 365  # A employed 92 days (Nov–Jan)


def test_socio_economic_evaluation_counts_every_payer_by_hand(world):
    _map(world)
    result = evaluation(ReportFilter(organisation=world["organisation"], period=handbuilt.PERIOD))
    assert result.participants == 2
    rows = dict(zip(result.per_payer.rows, result.per_payer.current, strict=True))
    # [before per year, after per year, change per year, during the support, net over 5 years]
    # Kommunen: A's försörjningsstöd 110 000 ends; the programme and 20 % of A's salary cost
    # (3 × 6 000) during the support.
    during = PROGRAMME + 18_000
    assert rows["Kommunen"] == [110_000, 0, -110_000, round(during), round(-550_000 + during)]
    # Arbetsförmedlingen: the wage subsidy's grant, 80 % of 3 × 30 000.
    assert rows["Arbetsförmedlingen"] == [0, 0, 0, 72_000, 72_000]
    # Försäkringskassan: C's sickness benefit 200 000 and A's half-time sick leave 100 000 end;
    # C's full-time sick leave is her sickness benefit, not counted twice.
    assert rows["Försäkringskassan"] == [300_000, 0, -300_000, 0, -1_500_000]
    # Regionen: A 10 × 3 000 + 4 × 9 000 before, 2 × 3 000 after; C's care use is not known.
    assert rows["Regionen"] == [66_000, 6_000, -60_000, 0, -300_000]
    assert rows["CSN"] == [0, 40_000, 40_000, 0, 200_000]
    # The value of A's work: a year's work after, 92 days in the subsidised employment.
    assert rows["Samhället: värdet av utfört arbete"] == [
        0,
        -350_000,
        -350_000,
        round(-WORK_DURING),
        round(-1_750_000 - WORK_DURING),
    ]
    public_net = -550_000 + during + 72_000 - 1_500_000 - 300_000 + 200_000
    assert result.summary.current == [
        [2],
        [round(public_net)],
        [round(during)],
        [110_000],
        [round(during / 110_000, 1)],
        [35_000],  # disposable income: A +120 000, C 160 000 -> 110 000 = -50 000; / 2
    ]
    # Regionen's computation: which rows, how many people, which prices.
    computation = dict(result.computations)["region"]
    lines = dict(zip(computation.rows, computation.current, strict=True))
    assert lines["Kontakt med psykiatrisk öppenvård (kr per kontakt)"] == [
        1,
        3_000.0,
        10,
        2,
        0,
        30_000,
        6_000,
        0,
    ]
    assert lines["Vårddygn i slutenvård (kr per vårddygn)"] == [1, 9_000.0, 4, 0, 0, 36_000, 0, 0]
    # Two people: every computation is hidden when published.
    assert all(cell.hidden for _label, cells in publish(computation).rows for cell in cells)
    matrix = result.transitions.current
    assert matrix[0][6] == 1  # försörjningsstöd -> lön
    assert "social_assistance" in result.assumptions.defaults


def test_sensitivity_moves_the_priced_figures_and_not_the_placements_actual_costs(world):
    _map(world)
    result = evaluation(ReportFilter(organisation=world["organisation"], period=handbuilt.PERIOD))
    sensitivity = dict(zip(result.sensitivity.rows, result.sensitivity.current, strict=True))
    priced_change = -110_000 - 300_000 - 60_000 + 40_000  # per year
    actual = 72_000 + 18_000  # the grant and the municipality's part of the salary cost

    def public(factor, years):
        return round((priced_change * years + PROGRAMME) * factor + actual)

    assert sensitivity["Som antaget (5 år)"][0] == public(1.0, 5)
    assert sensitivity["Priserna 20 % högre"][0] == public(1.2, 5)
    assert sensitivity["Priserna 20 % lägre"][0] == public(0.8, 5)
    assert sensitivity["Kortare horisont: 2 år"][0] == public(1.0, 2)
    assert sensitivity["Kortare horisont: 1 år"] == [
        public(1.0, 1),
        round(350_000 + WORK_DURING),
    ]


def test_arbetsformedlingens_figure_agrees_with_the_cost_page(client, world):
    _map(world)
    result = evaluation(ReportFilter(organisation=world["organisation"], period=handbuilt.PERIOD))
    client.force_login(world["manager"])
    for year_number, expected in ((2024, 48_000), (2025, 24_000)):
        page = client.get(reverse("work:costs"), {"year": year_number})
        total_row = page.context["months"][-1]  # [label, employments, salary, grant, remainder]
        assert total_row[3] == result.grants_by_year[year_number] == expected
    rows = dict(zip(result.per_payer.rows, result.per_payer.current, strict=True))
    assert rows["Arbetsförmedlingen"][3] == sum(result.grants_by_year.values())


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
    data["price__inpatient_day__price"] = ""
    response = client.post(url, data)
    body = response.content.decode()
    assert "Försörjningsstöd: ange ett belopp mellan 0 och 10 000 000 kr." in body
    assert "Vårddygn i slutenvård: ange ett pris mellan 0 och 10 000 000 kr." in body
    assert not EvaluationAssumptions.objects.exists()
    data["social_assistance__yearly_cost"] = "100000"
    data["social_assistance__source"] = "Kommunens bokslut 2024."
    data["price__inpatient_day__price"] = "10000"
    data["price__inpatient_day__source"] = "Regionens prislista 2025."
    data["programme_cost_per_year"] = "90000"
    data["programme_cost_source"] = "Budget 2025 / 50 deltagarår."
    assert client.post(url, data).status_code == 302
    result = evaluation(ReportFilter(organisation=world["organisation"], period=handbuilt.PERIOD))
    rows = dict(zip(result.per_payer.rows, result.per_payer.current, strict=True))
    assert rows["Kommunen"][0] == 100_000
    assert rows["Regionen"][0] == 30_000 + 4 * 10_000
    assert "social_assistance" not in result.assumptions.defaults
    assert "price:inpatient_day" not in result.assumptions.defaults
    assert result.assumptions.programme_cost_per_year == 90_000
    # Someone else saved meanwhile: the version check keeps the editor's input and says so.
    data["version"] = client.get(url).context["form"]["version"].value()
    assert client.post(url, dict(data, programme_cost_per_year="85000")).status_code == 302
    conflict = client.post(url, dict(data, programme_cost_per_year="80000"))
    assert conflict.status_code == 200
    assert conflict.context["form"]["programme_cost_per_year"].value() == "80000"
    assert EvaluationAssumptions.objects.get().programme_cost_per_year == 85_000
    client.force_login(world["manager"])
    body = client.get(
        reverse("statistics:evaluation"), {"start": "2025-01-01", "end": "2025-06-30"}
    ).content.decode()
    assert "Kommunens bokslut 2024." in body
    assert "Regionens prislista 2025." in body
    assert "Standardvärde." in body  # the other forms still use Lotsa's figures


def test_analysis_pages_render_and_export(client, world):
    client.force_login(world["manager"])
    for name in ("statistics:skr", "statistics:long_term", "statistics:evaluation"):
        assert client.get(reverse(name)).status_code == 200
        response = client.get(reverse(name), {"export": "xlsx"})
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
