"""SKR's yearly survey of municipal labour-market activity, answered for a calendar year.

Laid out in the survey's order (SKR, "Kommunernas arbetsmarknadsverksamhet", docs/statistics.md):

1. participants per target group — persons with a case open some day of the year, in each
   target group of the referral that opened it (several groups: counted in each; a case
   without a referral or groups: "Målgrupp saknas");
2. participants per SKR category — the statistics' SKR tables (`statistics.skr`);
3. staff working with labour-market support as full-time equivalents per unit, entered once a
   year (`StaffFte`; "–" where nothing is entered);
4. net cost — what Lotsa holds: the employments with a salary cost (`work`), salary cost minus
   Arbetsförmedlingen's grant, per unit; staff, premises and purchased services are not in it;
5. education level and time without work before entry — the mapping "Vid start" of the
   person's first case open in the year ("Uppgift saknas" without one; for the time, also a
   mapping from before `Mapping.time_without_work` was asked);
6. the number who left (closures in the year) and the share who started work or studies —
   Kolada's "resultat vid avslut" (`reporting.kolada`, the same definition and refusal).

Every figure passes the one suppression routine (`reporting.exports.published_tables`).
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from lotsa.assessments.constants import Education, MappingOccasion, TimeWithoutWork
from lotsa.assessments.models import Mapping
from lotsa.cases.models import Case
from lotsa.organisations.models import Organisation, Unit
from lotsa.reporting.common import PeriodError
from lotsa.reporting.kolada import COUNTED, STUDIES, WORK, produce_kolada
from lotsa.reporting.models import StaffFte
from lotsa.statistics.periods import Period
from lotsa.statistics.report import ReportFilter, base_cases
from lotsa.statistics.skr import skr_tables
from lotsa.statistics.suppression import suppress_below
from lotsa.statistics.tables import Table
from lotsa.work.queries import organisation_subsidy_costs

MISSING = "missing"
NO_TARGET_GROUP = ""


def require_calendar_year(period: Period) -> None:
    if period.kind != "year":
        raise PeriodError(
            _("SKR:s enkät gäller ett helt kalenderår (du angav %(period)s).")
            % {"period": str(period)}
        )


def open_in(period: Period) -> Q:
    """A case open some day of the period."""
    return Q(start_date__lte=period.end) & (
        Q(closed_on__isnull=True) | Q(closed_on__gte=period.start)
    )


@dataclass
class SkrSurvey:
    organisation: Organisation
    period: Period
    participants: int
    by_target_group: dict[str, int]
    education: dict[str, int]
    without_work: dict[str, int]
    fte: dict[int, Decimal | None]
    net_cost: Decimal
    left: int
    to_work: int
    to_studies: int
    tables: list[Table]

    @property
    def title(self) -> str:
        return _("SKR:s enkät om arbetsmarknadsverksamheten %(year)s") % {
            "year": self.period.start.year
        }


def _target_groups(cases: QuerySet[Case]) -> tuple[dict[str, int], int]:
    """Persons per target group name (NO_TARGET_GROUP: none) and the number of persons."""
    rows = cases.values_list("participant_id", "referral__target_groups__name").distinct()
    people: dict[str, set[int]] = defaultdict(set)
    everyone: set[int] = set()
    for participant_id, name in rows:
        people[name or NO_TARGET_GROUP].add(participant_id)
        everyone.add(participant_id)
    # A person with a group on one case and none on another is counted in the group only.
    grouped = set().union(*(ids for name, ids in people.items() if name != NO_TARGET_GROUP))
    if NO_TARGET_GROUP in people:
        people[NO_TARGET_GROUP] -= grouped
        if not people[NO_TARGET_GROUP]:
            del people[NO_TARGET_GROUP]
    return {name: len(ids) for name, ids in people.items()}, len(everyone)


def _at_entry(cases: QuerySet[Case], participants: int) -> tuple[dict[str, int], dict[str, int]]:
    """Persons by the education and the time without work recorded at the start mapping of
    their first case open in the year; MISSING for those without one (or, for the time, a
    mapping from before the question was asked)."""
    mappings = (
        Mapping.objects.filter(case__in=cases.values("pk"), occasion=MappingOccasion.START)
        .order_by("case__start_date", "case_id", "mapped_on", "pk")
        .values_list("case__participant_id", "education", "time_without_work")
    )
    chosen: dict[int, tuple[str, str]] = {}
    for participant_id, level, time_without_work in mappings:
        chosen.setdefault(participant_id, (level, time_without_work or MISSING))
    education: dict[str, int] = dict.fromkeys([*Education.values, MISSING], 0)
    without_work: dict[str, int] = dict.fromkeys([*TimeWithoutWork.values, MISSING], 0)
    for level, time in chosen.values():
        education[level] += 1
        without_work[time] += 1
    education[MISSING] += participants - len(chosen)
    without_work[MISSING] += participants - len(chosen)
    return education, without_work


def produce_skr(organisation: Organisation, period: Period) -> SkrSurvey:
    """The survey's answers for one calendar year; PeriodError for another period, and
    Kolada's ReportIncompleteError when a closure lacks what its definition needs."""
    require_calendar_year(period)
    kolada = produce_kolada(organisation, period)  # refuses first: nothing produced half
    report_filter = ReportFilter(organisation=organisation, period=period)
    cases = base_cases(report_filter).filter(open_in(period))
    by_group, participants = _target_groups(cases)
    education, without_work = _at_entry(cases, participants)
    units = list(
        Unit.objects.filter(organisation=organisation, runs_support=True)
        .order_by("name")
        .values_list("pk", "name")
    )
    entered = dict(
        StaffFte.objects.filter(organisation=organisation, year=period.start.year).values_list(
            "unit_id", "fte"
        )
    )
    fte = {pk: entered.get(pk) for pk, _name in units}
    costs: dict[str, list[Decimal]] = defaultdict(lambda: [Decimal(0)] * 3)
    employments: dict[str, set[int]] = defaultdict(set)
    for line in organisation_subsidy_costs(organisation.pk, period.start, period.end):
        sums = costs[line.unit_name]
        sums[0] += line.salary_cost
        sums[1] += line.grant
        sums[2] += line.remainder
        employments[line.unit_name].add(line.placement_id)
    left = sum(kolada.counts.values())
    counted = sum(kolada.counts[key] for key in COUNTED)

    group_names = sorted(name for name in by_group if name != NO_TARGET_GROUP)
    group_rows = [*group_names, *([NO_TARGET_GROUP] if NO_TARGET_GROUP in by_group else [])]
    cost_units = sorted(costs)
    all_employments = set().union(*employments.values()) if employments else set()
    total_cost = [sum((costs[name][k] for name in cost_units), Decimal(0)) for k in range(3)]
    education_rows = [*Education.values, MISSING]
    education_labels = dict(Education.choices)
    year_text = _("Ärenden som var öppna någon dag %(period)s.") % {"period": str(period)}

    tables = [
        Table(
            key="skr_target_groups",
            title=_("1. Deltagare per målgrupp"),
            definition=year_text
            + " "
            + _(
                "Personer efter målgrupperna i remissen som öppnade ärendet; en person i "
                "flera målgrupper räknas i varje. Målgrupp saknas: ärendet öppnades utan "
                "remiss eller utan målgrupp."
            ),
            row_header=_("Målgrupp"),
            rows=[name or _("Målgrupp saknas") for name in group_rows],
            columns=[_("Deltagare")],
            current=[[by_group[name]] for name in group_rows],
        ),
        *[
            _renumbered(table, number)
            for number, table in zip(("2a", "2b", "2c"), skr_tables(report_filter), strict=True)
        ],
        Table(
            key="skr_staff",
            title=_("3. Personal i arbetsmarknadsverksamheten (årsarbetare)"),
            definition=_(
                "Årsarbetare som arbetar med arbetsmarknadsinsatser, per enhet, som enheten "
                "registrerat för året. – betyder att uppgift saknas."
            ),
            row_header=_("Enhet"),
            rows=[name for _pk, name in units] + [_("Totalt")],
            columns=[_("Årsarbetare")],
            current=[[fte[pk]] for pk, _name in units]
            + [[sum((v for v in fte.values() if v is not None), Decimal(0)) if entered else None]],
            kind="measure",
        ),
        Table(
            key="skr_net_cost",
            title=_("4. Nettokostnad för anställningar med lönekostnad (kr)"),
            definition=_(
                "Lönekostnad för anställningar registrerade i Lotsa med lönekostnad, minus "
                "Arbetsförmedlingens bidrag, per månad fördelat på dagar och avrundat till hela "
                "kronor. Ingår inte: personal, lokaler, köpta tjänster och andra kostnader som "
                "inte registreras i Lotsa. Visas inte för färre än fem anställningar."
            ),
            row_header=_("Enhet"),
            rows=[*cost_units, _("Totalt")],
            columns=[_("Lönekostnad"), _("Bidrag"), _("Nettokostnad")],
            current=[costs[name] for name in cost_units] + [total_cost],
            current_basis=[[len(employments[name])] * 3 for name in cost_units]
            + [[len(all_employments)] * 3],
            kind="measure",
            unit="kr",
        ),
        Table(
            key="skr_education",
            title=_("5a. Utbildningsnivå före inskrivning"),
            definition=year_text
            + " "
            + _(
                "Personer efter utbildningen i kartläggningen vid start i deras första ärende "
                "under året. SKR:s enkät frågar efter dem utan gymnasieutbildning (de två "
                "första raderna) och dem utan fullföljd grundskola (den första). Uppgift "
                "saknas: ingen kartläggning vid start."
            ),
            row_header=_("Utbildning"),
            rows=[
                str(education_labels[key]) if key != MISSING else _("Uppgift saknas")
                for key in education_rows
            ],
            columns=[_("Deltagare")],
            current=[[education[key]] for key in education_rows],
            column_totals=True,
        ),
        Table(
            key="skr_time_without_work",
            title=_("5b. Tid utan arbete före inskrivning"),
            definition=year_text
            + " "
            + _(
                "Personer efter tiden utan arbete i kartläggningen vid start i deras första "
                "ärende under året; SKR frågar efter dem som varit utan arbete mer än 24 "
                "månader. Uppgift saknas: ingen kartläggning vid start, eller en från innan "
                "frågan ställdes."
            ),
            row_header=_("Tid utan arbete"),
            rows=[str(label) for label in TimeWithoutWork.labels] + [_("Uppgift saknas")],
            columns=[_("Deltagare")],
            current=[[without_work[key]] for key in [*TimeWithoutWork.values, MISSING]],
            column_totals=True,
        ),
        Table(
            key="skr_left",
            title=_("6a. Avslutade under året och vad de gick till"),
            definition=_(
                "Avslut under året, enligt Koladas definition av resultat vid avslut: arbete "
                "som varat minst en månad i följd (inte kommunal arbetsmarknadsanställning), "
                "studier med rätt till studiemedel."
            ),
            row_header=_("Avslut"),
            rows=[_("Till arbete"), _("Till studier"), _("Annat")],
            columns=[_("Avslutade")],
            current=[[kolada.counts[WORK]], [kolada.counts[STUDIES]], [left - counted]],
            column_totals=True,
        ),
        Table(
            key="skr_left_share",
            title=_("6b. Andel som började arbeta eller studera"),
            definition=_(
                "I procent av alla avslut under året; visas inte när underlaget är färre än fem."
            ),
            row_header=_("Mått"),
            rows=[_("Andel till arbete"), _("Andel till studier")],
            columns=[_("Procent")],
            current=[
                [round(100 * kolada.counts[WORK] / left, 1) if left else None],
                [round(100 * kolada.counts[STUDIES] / left, 1) if left else None],
            ],
            current_basis=[
                [_basis(kolada.counts[WORK], left)],
                [_basis(kolada.counts[STUDIES], left)],
            ],
            kind="measure",
            unit="%",
        ),
    ]
    return SkrSurvey(
        organisation=organisation,
        period=period,
        participants=participants,
        by_target_group=by_group,
        education=education,
        without_work=without_work,
        fte=fte,
        net_cost=total_cost[2],
        left=left,
        to_work=kolada.counts[WORK],
        to_studies=kolada.counts[STUDIES],
        tables=tables,
    )


def _basis(part: int, total: int) -> int:
    """A share is hidden when its part or the rest would reveal fewer than five (0 hides)."""
    below = suppress_below()
    return 0 if any(0 < n < below for n in (part, total - part)) else total


def _renumbered(table: Table, number: str) -> Table:
    table.title = f"{number}. {table.title}"
    return table
