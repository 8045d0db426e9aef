"""Socio-economic evaluation after NyttoSam's idea (seed 003, Futuro), and Timrå's long-term
support analysis (seed 004, Bilaga 3).

NyttoSam compares each person's support situation before and after the programme and prices
the difference for each public payer and for the person. Here "before" is the main income
source at the case's first mapping and "after" at its latest (assessments.mappings_for_cases),
for cases closed in the period with at least two mappings. Prices come from the organisation's
assumptions (or Lotsa's defaults, marked as such).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    BooleanField,
    Count,
    DateField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Greatest, Least
from django.utils.translation import gettext as _

from lotsa.assessments.constants import IncomeSource
from lotsa.assessments.models import Mapping
from lotsa.assessments.queries import mappings_for_cases
from lotsa.organisations.models import Organisation
from lotsa.statistics.constants import Payer
from lotsa.statistics.db import DayNumber
from lotsa.statistics.defaults import (
    HORIZON_YEARS,
    PROGRAMME_COST_PER_YEAR,
    PROGRAMME_COST_SOURCE,
    default_costs,
)
from lotsa.statistics.models import EvaluationAssumptions
from lotsa.statistics.report import ReportFilter, base_cases
from lotsa.statistics.suppression import suppress_below
from lotsa.statistics.tables import Table

DAYS_PER_YEAR = 365


@dataclass
class Assumptions:
    costs: dict[str, dict[str, Any]]
    defaults: set[str]  # income sources using Lotsa's default
    programme_cost_per_year: int
    programme_cost_source: str
    programme_is_default: bool
    horizon_years: int
    version: int = 0

    def cost(self, source: str) -> dict[str, Any]:
        return self.costs.get(source) or self.costs[IncomeSource.UNKNOWN]


def assumptions_for(organisation: Organisation) -> Assumptions:
    stored = EvaluationAssumptions.objects.filter(organisation=organisation).first()
    costs = default_costs()
    defaults = set(costs)
    if stored is not None:
        for source, row in (stored.costs or {}).items():
            if source in costs:
                costs[source] = row
                defaults.discard(source)
    programme = stored.programme_cost_per_year if stored is not None else None
    has_programme = programme is not None
    return Assumptions(
        costs=costs,
        defaults=defaults,
        programme_cost_per_year=programme if programme is not None else PROGRAMME_COST_PER_YEAR,
        programme_cost_source=(
            stored.programme_cost_source
            if stored is not None and has_programme
            else str(PROGRAMME_COST_SOURCE)
        ),
        programme_is_default=not has_programme,
        horizon_years=stored.horizon_years if stored else HORIZON_YEARS,
        version=stored.version if stored else 0,
    )


@dataclass
class Evaluation:
    participants: int
    transitions: Table
    per_payer: Table
    summary: Table
    assumptions: Assumptions
    payback_years: float | None = None
    notes: list[str] = field(default_factory=list)


def _money(value: float) -> int:
    return int(round(value))


def evaluation(report_filter: ReportFilter) -> Evaluation:
    """Before/after per person, priced per payer per year, for cases closed in the period."""

    assumptions = assumptions_for(report_filter.organisation)
    period = report_filter.period
    closed = base_cases(report_filter).filter(
        closed_on__gte=period.start, closed_on__lte=period.end
    )

    mapped_twice = Subquery(
        Mapping.objects.filter(case=OuterRef("pk"))
        .values("case")
        .annotate(n=Count("id"))
        .values("n")[:1]
    )
    # Days in support of the cases the evaluation covers (two mappings or more), summed in SQL.
    days = (
        closed.annotate(mapping_count=mapped_twice)
        .filter(mapping_count__gte=2)
        .annotate(days=DayNumber("closed_on") - DayNumber("start_date") + 1)
        .aggregate(total=Sum("days", default=0))["total"]
    )
    changes = {
        case_id: change
        for case_id, change in mappings_for_cases(closed.values_list("pk", flat=True)).items()
        if change.mappings >= 2
    }
    sources = list(IncomeSource.values)
    labels = [str(label) for label in IncomeSource.labels]
    pairs: dict[tuple[str, str], int] = defaultdict(int)
    for change in changes.values():
        pairs[(change.first, change.latest)] += 1
    n = len(changes)
    transitions = Table(
        key="transitions",
        title=_("Huvudsaklig försörjning före och efter"),
        definition=_(
            "Ärenden avslutade under perioden med minst två kartläggningar: försörjning vid första "
            "(rader) och senaste kartläggningen (kolumner)."
        ),
        row_header=_("Före \\ efter"),
        rows=labels,
        columns=labels,
        current=[[pairs[(before, after)] for after in sources] for before in sources],
        column_totals=True,
        row_totals=True,
    )
    payers = [payer for payer in Payer.values if payer != Payer.NONE]
    yearly: dict[str, float] = defaultdict(float)
    income_change = 0.0
    for (before, after), count in pairs.items():
        was, now = assumptions.cost(before), assumptions.cost(after)
        yearly[str(was["payer"])] -= float(was["yearly_cost"]) * count
        yearly[str(now["payer"])] += float(now["yearly_cost"]) * count
        income_change += (float(now["disposable_income"]) - float(was["disposable_income"])) * count
    programme = assumptions.programme_cost_per_year * days / DAYS_PER_YEAR
    horizon = assumptions.horizon_years
    payer_labels = dict(Payer.choices)
    per_payer = Table(
        key="per_payer",
        title=_("Resultat per betalare"),
        definition=_(
            "Förändrad årlig kostnad när varje persons försörjning före ersätts med den efter "
            "(negativt = besparing), enligt antagandena nedan; insatsens kostnad bärs av kommunen."
        ),
        row_header=_("Betalare"),
        rows=[str(payer_labels[payer]) for payer in payers],
        columns=[
            _("Kostnadsförändring per år"),
            _("Över %(years)s år") % {"years": horizon},
        ],
        current=[[_money(yearly[payer]), _money(yearly[payer] * horizon)] for payer in payers],
        current_basis=[[n, n] for _payer in payers],
        kind="measure",
        unit="kr",
    )
    saving = -yearly[Payer.MUNICIPALITY]
    payback = round(programme / saving, 1) if saving > 0 else None
    summary = Table(
        key="evaluation_summary",
        title=_("Sammanfattning"),
        definition=_(
            "Insatsens kostnad = dagar i stöd × kostnad per deltagarår / 365. Återbetalningstid = "
            "insatsens kostnad / kommunens årliga besparing. Disponibel inkomst enligt "
            "antagandena per försörjningsform."
        ),
        row_header=_("Mått"),
        rows=[
            _("Deltagare i underlaget"),
            _("Insatsens kostnad (kr)"),
            _("Kommunens besparing per år (kr)"),
            _("Återbetalningstid för kommunen (år)"),
            _("Förändrad disponibel inkomst per deltagare och år (kr)"),
        ],
        columns=[_("Värde")],
        current=[
            [n],
            [_money(programme)],
            [_money(saving)],
            [payback],
            [_money(income_change / n) if n else None],
        ],
        current_basis=[[n]] * 5,
        kind="measure",
    )
    return Evaluation(
        participants=n,
        transitions=transitions,
        per_payer=per_payer,
        summary=summary,
        assumptions=assumptions,
        payback_years=payback,
    )


# -- Long-term support (Timrå, seed 004 Bilaga 3) ------------------------------------------------


def long_term(report_filter: ReportFilter) -> tuple[Table, Table]:
    """Of the participants in the period, those present throughout, and their share of the
    support time and of the cost (programme cost plus the public cost of their support form)."""

    assumptions = assumptions_for(report_filter.organisation)
    period = report_filter.period
    first_source = Subquery(
        Mapping.objects.filter(case=OuterRef("pk"))
        .order_by("mapped_on", "id")
        .values("main_income_source")[:1]
    )
    period_start = Value(period.start, output_field=DateField())
    period_end = Value(period.end, output_field=DateField())
    first_day = Greatest(F("start_date"), period_start)
    last_day = Least(Coalesce(F("closed_on"), period_end), period_end)
    throughout = Q(start_date__lte=period.start) & (
        Q(closed_on__isnull=True) | Q(closed_on__gte=period.end)
    )
    rows = (
        base_cases(report_filter)
        .filter(
            Q(closed_on__isnull=True) | Q(closed_on__gte=period.start),
            start_date__lte=period.end,
        )
        .annotate(
            throughout=ExpressionWrapper(throughout, output_field=BooleanField()),
            source=first_source,
            overlap=DayNumber(last_day) - DayNumber(first_day) + 1,
        )
        .values("throughout", "source")
        .annotate(people=Count("participant", distinct=True), days=Sum("overlap"))
        .order_by()
    )
    people = {True: 0, False: 0}
    days = {True: 0, False: 0}
    cost = {True: 0.0, False: 0.0}
    for row in rows:
        group = bool(row["throughout"])
        people[group] += row["people"]
        days[group] += row["days"] or 0
        yearly = assumptions.programme_cost_per_year + float(
            assumptions.cost(row["source"] or IncomeSource.UNKNOWN)["yearly_cost"]
        )
        cost[group] += yearly * (row["days"] or 0) / DAYS_PER_YEAR
    total_people = people[True] + people[False]
    below = suppress_below()
    basis = 0 if any(0 < people[group] < below for group in (True, False)) else total_people
    counts = Table(
        key="long_term_counts",
        title=_("Deltagare hela perioden och övriga"),
        definition=_(
            "Deltagare med ett ärende som pågick någon dag under perioden; 'hela perioden' = "
            "ärendet pågick från periodens första till sista dag."
        ),
        row_header=_("Grupp"),
        rows=[_("I stöd hela perioden"), _("Övriga")],
        columns=[_("Deltagare"), _("Dagar i stöd")],
        current=[[people[True], days[True]], [people[False], days[False]]],
        # The two groups add up to the active participants the board report publishes, so a small
        # group would show through the other: both are hidden when either is small.
        current_basis=[[basis] * 2] * 2,
        kind="measure",
    )
    total_days, total_cost = days[True] + days[False], cost[True] + cost[False]

    def share(part: float, whole: float) -> float | None:
        return round(100 * part / whole, 1) if whole else None

    shares = Table(
        key="long_term_shares",
        title=_("Långvarigt stöd: andel av deltagarna, av tiden och av kostnaden"),
        definition=_(
            "Som Timrås analys av försörjningsstöd: andelen som var i stöd hela perioden och deras "
            "andel av dagarna i stöd och av kostnaden. Kostnad = dagar × (insatsens kostnad + "
            "försörjningsformens offentliga kostnad vid första kartläggningen) / 365."
        ),
        row_header=_("Andel"),
        rows=[_("Av deltagarna"), _("Av tiden i stöd"), _("Av kostnaden")],
        columns=[_("Procent")],
        current=[
            [share(people[True], total_people)],
            [share(days[True], total_days)],
            [share(cost[True], total_cost)],
        ],
        current_basis=[[basis]] * 3,
        kind="measure",
        unit="%",
    )
    return counts, shares
