"""Equal access that can be judged: each district's participants and applications beside its
population of working age (imported or entered, with source and year), as rates per 1 000.

The counts are the board report's own (participants per district, `BoardReportBuilder.by_district`;
applications and decisions per district, `sections.decisions`), published with their
suppression first: a rate is shown only when the count it is computed from is shown there, so
a rate with its population never reveals a count the board report hides (a small count or its
protector). The population used is the latest year up to the period's last year.
"""

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils.translation import gettext as _

from lotsa.organisations.models import District, Organisation
from lotsa.statistics.models import DistrictPopulation
from lotsa.statistics.report import BoardReportBuilder, ReportFilter
from lotsa.statistics.sections import decisions
from lotsa.statistics.suppression import suppress_below
from lotsa.statistics.tables import Cell, Table, publish

MAX_POPULATION = 10_000_000


@dataclass
class PopulationSource:
    district: str
    year: int
    population: int
    source: str


@dataclass
class EqualAccess:
    table: Table
    sources: list[PopulationSource] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # districts without a population


def populations_for(organisation: Organisation, year: int) -> dict[int, DistrictPopulation]:
    """Each district's population for the latest year up to `year` (two queries)."""
    latest = dict(
        DistrictPopulation.objects.filter(organisation=organisation, year__lte=year)
        .values("district_id")
        .annotate(latest=Max("year"))
        .values_list("district_id", "latest")
    )
    rows = DistrictPopulation.objects.filter(
        organisation=organisation, district_id__in=list(latest)
    ).select_related("district")
    return {row.district_id: row for row in rows if row.year == latest[row.district_id]}


def _per_thousand(cell: Cell | None, population: int | None) -> tuple[float | None, int]:
    """The rate and its basis: hidden (basis 0) when the count is hidden in the board report."""
    if cell is None or population is None or not population:
        return None, suppress_below()
    if cell.hidden or cell.value is None:
        return round(1000 * float(cell.value or 0) / population, 1), 0
    return round(1000 * float(cell.value) / population, 1), int(cell.value)


def equal_access(report_filter: ReportFilter) -> EqualAccess:
    organisation = report_filter.organisation
    # Per district, for the whole organisation: a district filter would leave one row.
    whole = ReportFilter(
        organisation=organisation,
        period=report_filter.period,
        unit=report_filter.unit,
        target_group=report_filter.target_group,
    )
    builder = BoardReportBuilder(whole)
    participants = dict(publish(builder.by_district(), compare=False).rows)
    section = decisions(builder)
    applications = dict(publish(section.tables[0], compare=False).rows) if section else {}
    populations = populations_for(organisation, report_filter.period.end.year)
    districts = list(District.objects.filter(organisation=organisation).order_by("name"))
    values, bases = [], []
    sources, missing = [], []
    for district in districts:
        found = populations.get(district.pk)
        population = found.population if found else None
        if found:
            sources.append(
                PopulationSource(district.name, found.year, found.population, found.source)
            )
        else:
            missing.append(district.name)
        cells = participants.get(district.name, [])
        decided = applications.get(district.name, [])
        rates = [
            _per_thousand(cells[1] if len(cells) > 1 else None, population),  # active
            _per_thousand(cells[0] if cells else None, population),  # new
            _per_thousand(decided[0] if decided else None, population),  # applications
            _per_thousand(decided[1] if len(decided) > 1 else None, population),  # granted
        ]
        below = suppress_below()
        values.append([population, found.year if found else None, *[r for r, _b in rates]])
        bases.append([below, below, *[b for _r, b in rates]])
    table = Table(
        key="equal_access",
        title=_("Lika tillgång: per 1 000 invånare 16–64 år"),
        definition=_(
            "Deltagare (aktiva och nya) och ansökningar och beviljade beslut under perioden per "
            "1 000 invånare 16–64 år i stadsdelen, med befolkningen för senaste året till och "
            "med periodens sista år. En kvot visas bara när talet den bygger på visas i "
            "styrelserapporten."
        ),
        row_header=_("Stadsdel"),
        rows=[district.name for district in districts],
        columns=[
            _("Befolkning 16–64 år"),
            _("Befolkningens år"),
            _("Aktiva deltagare per 1 000"),
            _("Nya deltagare per 1 000"),
            _("Ansökningar per 1 000"),
            _("Beviljade per 1 000"),
        ],
        current=values,
        current_basis=bases,
        kind="measure",
    )
    return EqualAccess(table=table, sources=sources, missing=missing)


@dataclass(frozen=True)
class PopulationRow:
    line: int
    district: District
    population: int


def parse_population_csv(organisation: Organisation, text: str) -> list[PopulationRow]:
    """Rows of `stadsdel;befolkning` (a header line first; semicolon, comma or tab), each
    district named as in Lotsa. Every bad row is reported by its line number; nothing is
    returned unless every row is good."""
    districts = {
        district.name.casefold(): district
        for district in District.objects.filter(organisation=organisation)
    }
    text = text.lstrip("\ufeff")
    try:
        dialect: Any = csv.Sniffer().sniff(text.splitlines()[0] if text else "", ";,\t")
    except csv.Error:
        dialect = csv.excel
        dialect.delimiter = ";"
    reader = csv.reader(io.StringIO(text), delimiter=dialect.delimiter)
    errors: list[str] = []
    rows: list[PopulationRow] = []
    seen: dict[int, int] = {}
    lines = list(reader)
    if not lines or [cell.strip().casefold() for cell in lines[0][:2]] != [
        "stadsdel",
        "befolkning",
    ]:
        raise ValidationError(
            _("Rad 1: första raden ska vara rubrikerna ”stadsdel” och ”befolkning”.")
        )
    for number, cells in enumerate(lines[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) < 2:
            errors.append(_("Rad %(n)s: ange stadsdel och befolkning.") % {"n": number})
            continue
        name, amount = cells[0].strip(), cells[1].strip().replace(" ", "").replace("\u00a0", "")
        district = districts.get(name.casefold())
        if district is None:
            errors.append(
                _("Rad %(n)s: stadsdelen ”%(name)s” finns inte i organisationen.")
                % {"n": number, "name": name[:100]}
            )
            continue
        if not amount.isdigit() or not 0 < int(amount) <= MAX_POPULATION:
            errors.append(
                _("Rad %(n)s: befolkningen för %(name)s ska vara ett heltal större än 0.")
                % {"n": number, "name": district.name}
            )
            continue
        if district.pk in seen:
            errors.append(
                _("Rad %(n)s: %(name)s finns redan på rad %(first)s.")
                % {"n": number, "name": district.name, "first": seen[district.pk]}
            )
            continue
        seen[district.pk] = number
        rows.append(PopulationRow(number, district, int(amount)))
    if errors:
        raise ValidationError(errors)
    if not rows:
        raise ValidationError(_("Filen har inga rader med stadsdelar."))
    return rows
