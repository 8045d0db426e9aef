"""Board-report sections built on other apps' data: placements and their costs (work), step
change (assessments), surveys, and applications and decisions per district (decisions).

Each function takes the report builder and returns a Section (or None when the organisation has
nothing of the kind). Functions of other apps that take an actor are asked as the report's
reader of the whole organisation (`report.report_actor`), per period; their filters are the
organisation (and the unit where they take one), which each definition says.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count
from django.utils.translation import gettext as _

from lotsa.assessments.queries import step_change_by_area_periods
from lotsa.cases.effective_end import ran_between_q
from lotsa.core.statements import compiled_rows
from lotsa.decisions.queries import decisions_by_district_periods
from lotsa.statistics.suppression import suppress_below
from lotsa.statistics.tables import Matrix, Table, TableMean
from lotsa.surveys.constants import QuestionKind
from lotsa.surveys.queries import survey_results_periods
from lotsa.work.constants import PlacementKind, PlacementStatus, SubsidyType
from lotsa.work.models import Placement
from lotsa.work.queries import subsidy_costs_periods

if TYPE_CHECKING:
    from lotsa.statistics.report import BoardReportBuilder, Section

NOT_FILTERED = _("Filtren stadsdel och målgrupp gäller inte denna tabell.")


def placements(builder: "BoardReportBuilder") -> "Section | None":
    from lotsa.statistics.report import Section

    rows: list[tuple[str, str]] = [
        (kind, "") for kind in PlacementKind.values if kind != PlacementKind.EMPLOYMENT
    ] + [(PlacementKind.EMPLOYMENT, subsidy) for subsidy in SubsidyType.values]
    labels = dict(PlacementKind.choices)
    subsidies = dict(SubsidyType.choices)
    # Both periods in one grouped query; a placement never counts after its case closed.
    ran, ran_in = builder.by_period(lambda period: ran_between_q(period.start, period.end))
    found: list[dict[tuple[str, str], int]] = [defaultdict(int) for _name in ran_in]
    grouped: Iterable[Mapping[str, Any]] = compiled_rows(
        Placement,
        builder.key("placements"),
        lambda: (
            Placement.objects.filter(ran, case__in=builder.cases)
            .exclude(status=PlacementStatus.CANCELLED)
            .values("kind", "subsidy_type")
            .annotate(**{name: Count("id", filter=condition) for name, condition in ran_in.items()})
            .order_by()
        ),
    )
    for row in grouped:
        for index, name in enumerate(ran_in):
            found[index][(row["kind"], row["subsidy_type"] or "")] += row[name]
    matrices: list[Matrix] = [[[counts.get(key, 0)] for key in rows] for counts in found]
    count_table = Table(
        key="placements",
        title=_("Placeringar efter typ och stöd"),
        definition=_(
            "Praktik, arbetsträning, arbetsprövning och anställningar (efter subventionsform) "
            "som pågick någon dag under perioden; avbrutna räknas inte."
        ),
        row_header=_("Placering"),
        rows=[
            str(labels[kind]) if not subsidy else f"{labels[kind]} – {subsidies[subsidy]}"
            for kind, subsidy in rows
        ],
        columns=[_("Placeringar")],
        current=matrices[0],
        previous=matrices[1],
        column_totals=True,
        chart=True,
    )
    cost_rows: list[Matrix] = []
    bases: list[list[list[int]]] = []
    periods = [(period.start, period.end) for period in builder.periods()]
    for lines in subsidy_costs_periods(builder.actor, periods, builder.filter.unit):
        sums: dict[str, list[Decimal]] = defaultdict(lambda: [Decimal(0)] * 3)
        employments: dict[str, set[int]] = defaultdict(set)
        for line in lines:
            for key in (line.subsidy_type, "__all__"):
                total = sums[key]
                total[0] += line.salary_cost
                total[1] += line.grant
                total[2] += line.remainder
                employments[key].add(line.placement_id)
        keys = [*SubsidyType.values, "__all__"]
        cost_rows.append([list(sums[key]) if key in sums else [None] * 3 for key in keys])
        counts = {key: len(employments[key]) for key in keys}
        # The total is a sum of the rows: with exactly one row hidden it would reveal that row,
        # so the total is hidden too.
        below = suppress_below()
        if sum(1 for key in SubsidyType.values if 0 < counts[key] < below) == 1:
            counts["__all__"] = 0
        bases.append([[counts[key]] * 3 for key in keys])
    cost_table = Table(
        key="subsidy_costs",
        title=_("Kostnader för anställningar med stöd (OSA m.fl.)"),
        definition=_(
            "Lönekostnad för anställningar under perioden, fördelad per dag; bidraget betalas av "
            "Arbetsförmedlingen, resten av kommunen. Döljs för färre än fem anställningar. "
        )
        + NOT_FILTERED,
        row_header=_("Stöd"),
        rows=[str(label) for label in SubsidyType.labels] + [_("Alla anställningar")],
        columns=[_("Lönekostnad"), _("Bidrag"), _("Kommunens del")],
        current=cost_rows[0],
        previous=cost_rows[1],
        current_basis=bases[0],
        previous_basis=bases[1],
        kind="measure",
        unit="kr",
    )
    return Section("placements", _("Placeringar och kostnader"), [count_table, cost_table])


def _step_change(
    builder: "BoardReportBuilder", periods: Sequence[tuple[date, date]] | None = None
) -> list[dict[tuple[str, str], Any]]:
    """Step change per (instrument, area) for each of `periods` (start, end; the report's
    periods by default): the unit's, or the sum over the units that run support, one query
    per unit for every period."""
    from lotsa.statistics.report import report_actor

    units = (
        [builder.filter.unit]
        if builder.filter.unit
        else [unit for unit in builder.units() if unit.runs_support]
    )
    if periods is None:
        periods = [(period.start, period.end) for period in builder.periods()]
    merged: list[dict[tuple[str, str], dict[str, Any]]] = [{} for _period in periods]
    for unit in units:
        actor = report_actor(builder.filter.organisation, unit)
        for into, rows in zip(merged, step_change_by_area_periods(actor, periods), strict=True):
            for row in rows:
                key = (row.instrument, row.area)
                total = into.setdefault(
                    key,
                    {
                        "position": row.position,
                        "cases": 0,
                        "first": 0.0,
                        "latest": 0.0,
                        "up": 0,
                        "same": 0,
                        "down": 0,
                    },
                )
                total["cases"] += row.cases
                total["first"] += row.first_mean * row.cases
                total["latest"] += row.latest_mean * row.cases
                total["up"] += row.improved
                total["same"] += row.unchanged
                total["down"] += row.worsened
    return merged


def step_change(builder: "BoardReportBuilder") -> "Section | None":
    from lotsa.statistics.report import Section

    found = _step_change(builder)
    keys = sorted(
        set(found[0]) | set(found[1]),
        key=lambda key: (key[0], (found[0].get(key) or found[1][key])["position"], key[1]),
    )
    if not keys:
        return None
    labels = [f"{instrument} – {area}" for instrument, area in keys]
    counts = [
        [[data.get(key, {}).get(name, 0) for name in ("up", "same", "down")] for key in keys]
        for data in found
    ]

    def means(data: dict) -> Matrix:
        out = []
        for key in keys:
            row = data.get(key)
            if not row or not row["cases"]:
                out.append([None, None, None])
                continue
            first, latest = row["first"] / row["cases"], row["latest"] / row["cases"]
            out.append([round(first, 1), round(latest, 1), round(latest - first, 1)])
        return out

    basis = [[[data.get(key, {}).get("cases", 0)] * 3 for key in keys] for data in found]
    definition_scope = _("Enhetens eller alla enheters ärenden. ") + NOT_FILTERED
    return Section(
        "steps",
        _("Stegförflyttning per område"),
        [
            Table(
                key="steps_counts",
                title=_("Stegförflyttning: ärenden som gick upp, stod still eller gick ned"),
                definition=_(
                    "Ärenden bedömda minst två gånger under perioden i området; första mot "
                    "senaste bedömningen. "
                )
                + definition_scope,
                row_header=_("Instrument och område"),
                rows=labels,
                columns=[_("Förbättrade"), _("Oförändrade"), _("Försämrade")],
                current=counts[0],
                previous=counts[1],
                row_totals=True,
            ),
            Table(
                key="steps_means",
                title=_("Stegförflyttning: medelvärden"),
                definition=_(
                    "Medelvärde av första och senaste bedömningen i området, och skillnaden; "
                    "döljs när färre än fem ärenden bedömts."
                ),
                row_header=_("Instrument och område"),
                rows=labels,
                columns=[_("Första"), _("Senaste"), _("Förändring")],
                current=means(found[0]),
                previous=means(found[1]),
                current_basis=basis[0],
                previous_basis=basis[1],
                kind="measure",
            ),
        ],
    )


def surveys(builder: "BoardReportBuilder") -> "Section | None":
    from lotsa.statistics.report import Section

    results = survey_results_periods(
        builder.actor, [(period.start, period.end) for period in builder.periods()]
    )
    previous = {
        question.question_id: question for survey in results[1] for question in survey.questions
    }
    tables = []
    for survey in results[0]:
        for question in survey.questions:
            if question.kind == QuestionKind.FREE_TEXT:
                continue  # free text can name people; it stays on the survey's own page
            before = previous.get(question.question_id)
            keys = list(question.counts or (before.counts if before else {}))
            if not keys:
                continue
            names = {"yes": _("Ja"), "no": _("Nej")}
            tables.append(
                Table(
                    key=f"survey_{question.question_id}",
                    title=f"{survey.name}: {question.text}",
                    definition=_(
                        "Svar givna under periodens månader; visas bara när minst fem har svarat. "
                    )
                    + NOT_FILTERED,
                    row_header=_("Svar"),
                    rows=[names.get(key, key) for key in keys],
                    columns=[_("Antal svar")],
                    current=[[question.counts.get(key, 0)] for key in keys],
                    previous=[[(before.counts if before else {}).get(key, 0)] for key in keys],
                    column_totals=True,
                    chart=True,
                    # The same mean as the survey's page, withheld by the same rule.
                    mean=(
                        TableMean(_("Medelvärde 1–5"), [float(key) for key in keys])
                        if question.kind == QuestionKind.SCALE
                        else None
                    ),
                )
            )
    if not tables:
        return None
    return Section("surveys", _("Enkätresultat"), tables)


def decisions(builder: "BoardReportBuilder") -> "Section | None":
    from lotsa.statistics.report import Section

    periods = [(period.start, period.end) for period in builder.periods()]
    found = [
        {row.name: row for row in rows}
        for rows in decisions_by_district_periods(builder.actor, periods)
    ]
    names = list(found[0]) + [name for name in found[1] if name not in found[0]]
    if not names or not any(
        row.applications or row.decided for data in found for row in data.values()
    ):
        return None

    def matrix(data: dict) -> Matrix:
        return [
            [
                getattr(data[name], field) if name in data else 0
                for field in ("applications", "granted", "rejected")
            ]
            for name in names
        ]

    return Section(
        "decisions",
        _("Ansökningar och beslut per stadsdel"),
        [
            Table(
                key="decisions",
                title=_("Ansökningar och beslut per stadsdel (lika tillgång)"),
                definition=_(
                    "Ansökningar som kom in och första beslut som fattades under perioden, efter "
                    "den sökandes stadsdel. Personer med skyddad identitet räknas inte här. "
                )
                + NOT_FILTERED,
                row_header=_("Stadsdel"),
                rows=names,
                columns=[_("Ansökningar"), _("Beviljade"), _("Avslag")],
                current=matrix(found[0]),
                previous=matrix(found[1]),
                column_totals=True,
                chart=True,
            )
        ],
    )
