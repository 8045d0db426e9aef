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
from datetime import date
from decimal import Decimal
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

from lotsa.assessments.constants import IncomeSource, SickCertificate
from lotsa.assessments.models import Mapping
from lotsa.assessments.queries import Situation, situations_for_cases
from lotsa.organisations.models import Organisation
from lotsa.statistics.constants import Payer
from lotsa.statistics.db import DayNumber
from lotsa.statistics.defaults import (
    HORIZON_YEARS,
    PROGRAMME_COST_PER_YEAR,
    PROGRAMME_COST_SOURCE,
    UNIT_PRICES,
    default_costs,
    default_prices,
)
from lotsa.statistics.models import EvaluationAssumptions
from lotsa.statistics.report import ReportFilter, base_cases, report_actor
from lotsa.statistics.suppression import suppress_below
from lotsa.statistics.tables import Table
from lotsa.work.constants import PlacementKind, PlacementStatus, SubsidyType
from lotsa.work.models import Placement
from lotsa.work.queries import subsidy_costs

DAYS_PER_YEAR = 365


@dataclass
class Assumptions:
    costs: dict[str, dict[str, Any]]
    defaults: set[str]  # income sources (and unit prices) using Lotsa's default
    programme_cost_per_year: int
    programme_cost_source: str
    programme_is_default: bool
    horizon_years: int
    version: int = 0
    prices: dict[str, dict[str, Any]] = field(default_factory=default_prices)

    def cost(self, source: str) -> dict[str, Any]:
        return self.costs.get(source) or self.costs[IncomeSource.UNKNOWN]

    def price(self, key: str) -> float:
        return float(self.prices[key]["price"])


def assumptions_for(organisation: Organisation) -> Assumptions:
    stored = EvaluationAssumptions.objects.filter(organisation=organisation).first()
    costs = default_costs()
    prices = default_prices()
    defaults = set(costs) | {f"price:{key}" for key in prices}
    if stored is not None:
        for source, row in (stored.costs or {}).items():
            if source in costs:
                costs[source] = row
                defaults.discard(source)
        for key, row in (stored.prices or {}).items():
            if key in prices:
                prices[key] = row
                defaults.discard(f"price:{key}")
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
        prices=prices,
    )


SOCIETY = "society"  # the value of work performed: no payer, a gain for society
# Income sources that already are Försäkringskassan's sickness benefits: their sick-leave level
# is not priced a second time.
FK_SICKNESS = (IncomeSource.SICKNESS_BENEFIT, IncomeSource.SICKNESS_COMPENSATION)
SICK_LEAVE_LEVEL: dict[str, float] = {
    SickCertificate.PART_TIME: 0.5,
    SickCertificate.FULL_TIME: 1.0,
}


@dataclass
class Line:
    """One row of a payer's computation: what is counted, for whom, at which price.

    `before`/`after` are yearly amounts at the first and the latest mapping; `during` is the
    cost while the support ran (the placements' own cost data, the programme's cost). `priced`
    lines follow the assumptions (and move in the sensitivity analysis); the placements' cost
    data are actual amounts and do not."""

    payer: str
    label: str
    unit: str
    price: float | None
    quantity_before: float = 0.0
    quantity_after: float = 0.0
    quantity_during: float = 0.0
    before: float = 0.0
    after: float = 0.0
    during: float = 0.0
    priced: bool = True
    people: set[int] = field(default_factory=set)

    @property
    def change(self) -> float:
        return self.after - self.before

    def net(self, horizon: int, factor: float = 1.0) -> float:
        scale = factor if self.priced else 1.0
        return self.change * factor * horizon + self.during * scale


@dataclass
class Evaluation:
    participants: int
    transitions: Table
    per_payer: Table
    summary: Table
    assumptions: Assumptions
    payback_years: float | None = None
    notes: list[str] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    # One table per payer: the rows, people and prices behind its figure.
    computations: list[tuple[str, Table]] = field(default_factory=list)
    sensitivity: Table | None = None
    # Arbetsförmedlingen's grants per calendar year for the evaluated people's employments: the
    # same amounts as the cost page (work.queries.subsidy_costs) for those employments.
    grants_by_year: dict[int, Decimal] = field(default_factory=dict)
    public_net: float = 0.0


def _money(value: float) -> int:
    return int(round(value))


def _payer_label(payer: str) -> str:
    if payer == SOCIETY:
        return _("Samhället: värdet av utfört arbete")
    return str(dict(Payer.choices).get(payer, payer))


class _Ledger:
    def __init__(self) -> None:
        self.lines: dict[tuple[str, str], Line] = {}

    def line(self, payer: str, key: str, **defaults: Any) -> Line:
        found = self.lines.get((payer, key))
        if found is None:
            found = self.lines[(payer, key)] = Line(payer=payer, **defaults)
        return found


def _price_line(ledger: _Ledger, assumptions: Assumptions, key: str) -> Line:
    _price, payer, label, unit, _note = UNIT_PRICES[key]
    return ledger.line(
        str(payer), key, label=str(label), unit=str(unit), price=assumptions.price(key)
    )


def _situation(
    ledger: _Ledger, assumptions: Assumptions, case_id: int, state: Situation, when: str
) -> None:
    """Add one person's yearly amounts in one state ("before" or "after") to the ledger."""
    income = assumptions.cost(state.income_source)
    payer = str(income["payer"])
    if payer != Payer.NONE:
        label = dict(IncomeSource.choices).get(state.income_source, state.income_source)
        line = ledger.line(
            payer,
            f"income:{state.income_source}",
            label=_("Försörjning: %(source)s") % {"source": label},
            unit=_("kr per person och år"),
            price=float(income["yearly_cost"]),
        )
        _add(line, case_id, when, 1, float(income["yearly_cost"]))
    care = (
        ("psychiatric_contact", state.psychiatric_contacts),
        ("inpatient_day", state.inpatient_days),
    )
    for key, quantity in care:
        if quantity:
            line = _price_line(ledger, assumptions, key)
            _add(line, case_id, when, quantity, quantity * assumptions.price(key))
    level = SICK_LEAVE_LEVEL.get(state.sick_certificate, 0.0)
    if level and state.income_source not in FK_SICKNESS:
        line = _price_line(ledger, assumptions, "sick_leave_year")
        _add(line, case_id, when, level, level * assumptions.price("sick_leave_year"))
    if state.income_source == IncomeSource.SALARY:
        line = _price_line(ledger, assumptions, "work_value_year")
        # The value of work is a gain: negative, like a saving, so the signs read the same way.
        _add(line, case_id, when, 1, -assumptions.price("work_value_year"))


def _add(line: Line, case_id: int, when: str, quantity: float, amount: float) -> None:
    line.people.add(case_id)
    setattr(line, f"quantity_{when}", getattr(line, f"quantity_{when}") + quantity)
    setattr(line, when, getattr(line, when) + amount)


def _during_support(
    ledger: _Ledger,
    assumptions: Assumptions,
    report_filter: ReportFilter,
    spans: dict[int, tuple[date, date]],
) -> dict[int, Decimal]:
    """The support's own costs: the programme (coach time) per participant-year, and the
    subsidised employments' grants (Arbetsförmedlingen) and remainders (the municipality) from
    the placements' cost data, with the value of the work performed in them. Returns AF's
    grants per calendar year."""
    programme = ledger.line(
        Payer.MUNICIPALITY,
        "programme",
        label=_("Insatsens kostnad (coachtid m.m.)"),
        unit=_("kr per deltagarår"),
        price=float(assumptions.programme_cost_per_year),
    )
    for case_id, (start, end) in spans.items():
        days = (end - start).days + 1
        programme.people.add(case_id)
        programme.quantity_during += days / DAYS_PER_YEAR
        programme.during += assumptions.programme_cost_per_year * days / DAYS_PER_YEAR
    grants: dict[int, Decimal] = defaultdict(Decimal)
    if not spans:
        return grants
    employments = dict(
        Placement.objects.filter(case_id__in=list(spans), kind=PlacementKind.EMPLOYMENT)
        .exclude(status=PlacementStatus.CANCELLED)
        .values_list("pk", "case_id")
    )
    if not employments:
        return grants
    first = min(start for start, _end in spans.values())
    actor = report_actor(report_filter.organisation, report_filter.unit)
    subsidies = dict(SubsidyType.choices)
    work_value = assumptions.price("work_value_year")
    for cost in subsidy_costs(actor, first, report_filter.period.end, report_filter.unit):
        employed = employments.get(cost.placement_id)
        if employed is None:
            continue
        case_id = int(employed)
        subsidy = str(subsidies.get(cost.subsidy_type, cost.subsidy_type))
        for payer, amount, label in (
            (Payer.ARBETSFORMEDLINGEN, cost.grant, _("Bidrag: %(s)s")),
            (Payer.MUNICIPALITY, cost.remainder, _("Kommunens del av lönekostnaden: %(s)s")),
        ):
            if not amount:
                continue
            line = ledger.line(
                payer,
                f"subsidy:{cost.subsidy_type}",
                label=label % {"s": subsidy},
                unit=_("kr enligt kostnadsuppgifterna"),
                price=None,
                priced=False,
            )
            line.people.add(case_id)
            line.quantity_during += cost.days / DAYS_PER_YEAR
            line.during += float(amount)
        grants[cost.month.year] += cost.grant
        value = _price_line(ledger, assumptions, "work_value_year")
        value.people.add(case_id)
        value.quantity_during += cost.days / DAYS_PER_YEAR
        value.during -= work_value * cost.days / DAYS_PER_YEAR
    return dict(grants)


PAYER_ORDER = [*(p for p in Payer.values if p != Payer.NONE), SOCIETY]


def evaluation(report_filter: ReportFilter) -> Evaluation:
    """Before/after per person, priced per payer per year, plus what the support itself cost
    each payer, for cases closed in the period with two mappings or more."""

    assumptions = assumptions_for(report_filter.organisation)
    period = report_filter.period
    closed = base_cases(report_filter).filter(
        closed_on__gte=period.start, closed_on__lte=period.end
    )
    situations = {
        case_id: change
        for case_id, change in situations_for_cases(closed.values_list("pk", flat=True)).items()
        if change.mappings >= 2
    }
    spans = {
        pk: (start, end or period.end)
        for pk, start, end in closed.filter(pk__in=list(situations)).values_list(
            "pk", "start_date", "closed_on"
        )
    }
    sources = list(IncomeSource.values)
    labels = [str(label) for label in IncomeSource.labels]
    pairs: dict[tuple[str, str], int] = defaultdict(int)
    ledger = _Ledger()
    income_change = 0.0
    for case_id, change in situations.items():
        before, after = change.first.income_source, change.latest.income_source
        pairs[(before, after)] += 1
        _situation(ledger, assumptions, case_id, change.first, "before")
        _situation(ledger, assumptions, case_id, change.latest, "after")
        income_change += float(assumptions.cost(after)["disposable_income"]) - float(
            assumptions.cost(before)["disposable_income"]
        )
    grants = _during_support(ledger, assumptions, report_filter, spans)
    n = len(situations)
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
    horizon = assumptions.horizon_years
    lines = sorted(
        ledger.lines.values(), key=lambda line: (PAYER_ORDER.index(line.payer), line.label)
    )
    by_payer: dict[str, list[Line]] = {payer: [] for payer in PAYER_ORDER}
    for line in lines:
        by_payer[line.payer].append(line)

    def total(payer: str, attribute: str) -> float:
        return sum(getattr(line, attribute) for line in by_payer[payer])

    def net(payer: str, horizon: int, factor: float = 1.0) -> float:
        return sum(line.net(horizon, factor) for line in by_payer[payer])

    per_payer = Table(
        key="per_payer",
        title=_("Resultat per betalare"),
        definition=_(
            "Kostnad per år vid första och senaste kartläggningen (försörjning, vård, "
            "sjukskrivning), vad stödet självt kostade (insatsen, bidrag och lönekostnad för "
            "anställningar enligt placeringarnas kostnadsuppgifter), och netto över "
            "tidshorisonten = förändring per år × år + kostnad under stödet. Negativt = "
            "besparing. Sista raden är värdet av arbetet som utförts (negativt = ett värde)."
        ),
        row_header=_("Betalare"),
        rows=[_payer_label(payer) for payer in PAYER_ORDER],
        columns=[
            _("Före (kr per år)"),
            _("Efter (kr per år)"),
            _("Förändring per år"),
            _("Under stödet"),
            _("Netto över %(years)s år") % {"years": horizon},
        ],
        current=[
            [
                _money(total(payer, "before")),
                _money(total(payer, "after")),
                _money(total(payer, "change")),
                _money(total(payer, "during")),
                _money(net(payer, horizon)),
            ]
            for payer in PAYER_ORDER
        ],
        current_basis=[[n] * 5 for _payer in PAYER_ORDER],
        kind="measure",
        unit="kr",
    )
    below = suppress_below()
    computations = []
    for payer in PAYER_ORDER:
        rows = by_payer[payer]
        # A row of fewer than five people would show through the payer's total: the whole
        # computation is hidden then (the payer's figure itself is hidden below five people).
        basis = 0 if any(0 < len(line.people) < below for line in rows) else n
        computations.append(
            (
                payer,
                Table(
                    key=f"computation_{payer}",
                    title=_("Så räknas %(payer)s") % {"payer": _payer_label(payer)},
                    definition=_(
                        "Varje rad: vad som räknas, antal personer, mängd före/efter/under "
                        "stödet, pris och belopp. Döljs när någon rad gäller färre än fem."
                    ),
                    row_header=_("Rad"),
                    rows=[f"{line.label} ({line.unit})" for line in rows],
                    columns=[
                        _("Personer"),
                        _("Pris"),
                        _("Mängd före"),
                        _("Mängd efter"),
                        _("Mängd under stödet"),
                        _("Före (kr per år)"),
                        _("Efter (kr per år)"),
                        _("Under stödet (kr)"),
                    ],
                    current=[
                        [
                            len(line.people),
                            line.price,
                            round(line.quantity_before, 1),
                            round(line.quantity_after, 1),
                            round(line.quantity_during, 1),
                            _money(line.before),
                            _money(line.after),
                            _money(line.during),
                        ]
                        for line in rows
                    ],
                    current_basis=[[basis] * 8 for _line in rows],
                    kind="measure",
                ),
            )
        )
    public = [payer for payer in PAYER_ORDER if payer != SOCIETY]
    public_net = sum(net(payer, horizon) for payer in public)
    short = max(1, horizon // 2)
    scenarios = [
        (_("Som antaget (%(years)s år)") % {"years": horizon}, 1.0, horizon),
        (_("Priserna 20 % högre"), 1.2, horizon),
        (_("Priserna 20 % lägre"), 0.8, horizon),
        (_("Kortare horisont: %(years)s år") % {"years": short}, 1.0, short),
        (_("Kortare horisont: 1 år"), 1.0, 1),
    ]
    sensitivity = Table(
        key="sensitivity",
        title=_("Känslighet: hur resultatet ändras med antagandena"),
        definition=_(
            "Offentliga betalares netto och värdet av utfört arbete när priserna i antagandena "
            "(försörjning, vård, sjukskrivning, insatsens kostnad, arbetets värde) ändras 20 % "
            "eller tidshorisonten kortas. Placeringarnas kostnadsuppgifter är faktiska belopp "
            "och ändras inte."
        ),
        row_header=_("Antagande"),
        rows=[label for label, _factor, _years in scenarios],
        columns=[_("Offentliga betalare netto"), _("Värdet av arbetet")],
        current=[
            [
                _money(sum(net(payer, years, factor) for payer in public)),
                _money(-net(SOCIETY, years, factor)),
            ]
            for _label, factor, years in scenarios
        ],
        current_basis=[[n, n] for _scenario in scenarios],
        kind="measure",
        unit="kr",
    )
    programme = total(Payer.MUNICIPALITY, "during")
    saving = -total(Payer.MUNICIPALITY, "change")
    payback = round(programme / saving, 1) if saving > 0 else None
    summary = Table(
        key="evaluation_summary",
        title=_("Sammanfattning"),
        definition=_(
            "Kommunens kostnad under stödet = insatsen (dagar i stöd × kostnad per deltagarår / "
            "365) och kommunens del av lönekostnaden för anställningar. Återbetalningstid = den "
            "kostnaden / kommunens besparing per år. Disponibel inkomst enligt antagandena per "
            "försörjningsform."
        ),
        row_header=_("Mått"),
        rows=[
            _("Deltagare i underlaget"),
            _("Offentliga betalare netto över %(years)s år (kr)") % {"years": horizon},
            _("Kommunens kostnad under stödet (kr)"),
            _("Kommunens besparing per år (kr)"),
            _("Återbetalningstid för kommunen (år)"),
            _("Förändrad disponibel inkomst per deltagare och år (kr)"),
        ],
        columns=[_("Värde")],
        current=[
            [n],
            [_money(public_net)],
            [_money(programme)],
            [_money(saving)],
            [payback],
            [_money(income_change / n) if n else None],
        ],
        current_basis=[[n]] * 6,
        kind="measure",
    )
    return Evaluation(
        participants=n,
        transitions=transitions,
        per_payer=per_payer,
        summary=summary,
        assumptions=assumptions,
        payback_years=payback,
        lines=lines,
        computations=computations,
        sensitivity=sensitivity,
        grants_by_year=grants,
        public_net=public_net,
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
