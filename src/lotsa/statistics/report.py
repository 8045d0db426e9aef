"""The board report: one organisation, any period and filter, compared with the period before.

Every figure is a GROUP BY in the database (one query per table and period, however many cases
there are); Python only arranges the grouped rows. People with protected identity are counted
like everyone else — the report shows counts only, never a person, and small counts are hidden
(`tables.publish`).
"""

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db.models import Case as When_
from django.db.models import CharField, Count, Q, QuerySet, Value, When
from django.utils.translation import gettext as _

from lotsa.cases.constants import WORK_OR_STUDIES, ClosureReason
from lotsa.cases.models import Case
from lotsa.core.dates import add_months
from lotsa.core.registry import Registry
from lotsa.core.statements import compiled_rows
from lotsa.guidelines.models import TargetGroup
from lotsa.organisations.constants import Role
from lotsa.organisations.models import District, Organisation, Unit, User
from lotsa.outcomes.constants import OutcomeStatus
from lotsa.outcomes.models import OutcomeFollowUp
from lotsa.outcomes.services import chosen_months
from lotsa.people.constants import Gender
from lotsa.referrals.models import Referral
from lotsa.statistics.db import percentile_from_histogram
from lotsa.statistics.flows import TOTAL, ByGroup, CaseFigures, case_figures, grouped_flows
from lotsa.statistics.periods import Period
from lotsa.statistics.suppression import suppress_below
from lotsa.statistics.tables import Matrix, Table

# Sections built on other apps' data (placements, step change, surveys, decisions), registered
# in lotsa/statistics/extensions.py; each takes the builder and returns a Section or None.
board_sections: Registry[Callable[["BoardReportBuilder"], "Section | None"]] = Registry(
    "board report sections"
)

AGE_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("16–24", 16, 24),
    ("25–29", 25, 29),
    ("30–54", 30, 54),
    ("55–64", 55, 64),
    ("65+", 65, None),
)
UNDER_16 = "under 16"
WORK_OR_STUDIES_DAYS = 548  # 18 months
WORK_REASONS = (ClosureReason.WORK_UNSUBSIDISED, ClosureReason.WORK_SUBSIDISED)


@dataclass(frozen=True)
class ReportFilter:
    organisation: Organisation
    period: Period
    unit: Unit | None = None
    district: District | None = None
    target_group: str = ""  # a target group's code; the same code across guideline versions

    def describe(self) -> str:
        parts = [self.organisation.name, str(self.period)]
        if self.unit:
            parts.append(f"{_('enhet')}: {self.unit.name}")
        if self.district:
            parts.append(f"{_('stadsdel')}: {self.district.name}")
        if self.target_group:
            name = (
                TargetGroup.objects.filter(
                    version__guideline__organisation=self.organisation, code=self.target_group
                )
                .values_list("name", flat=True)
                .first()
            )
            parts.append(f"{_('målgrupp')}: {name or self.target_group}")
        return ", ".join(parts)


@dataclass
class Section:
    key: str
    title: str
    tables: list[Table] = field(default_factory=list)
    note: str = ""


@dataclass
class Report:
    filter: ReportFilter
    sections: list[Section]
    missing: list[str] = field(default_factory=list)

    @property
    def period(self) -> Period:
        return self.filter.period

    @property
    def previous(self) -> Period:
        return self.filter.period.previous()

    @property
    def comparison_text(self) -> str:
        """Which period the report compares with, in words (see periods.Period.comparison)."""
        return self.filter.period.comparison()[1]

    def tables(self) -> list[Table]:
        return [table for section in self.sections for table in section.tables]


def report_actor(organisation: Organisation, unit: Unit | None = None) -> User:
    """An unsaved manager of `organisation` (of `unit`): other apps' statistics functions take an
    actor and scope to the actor's organisation; the report asks them as this reader, so the page
    and the command line get the same numbers. It is never saved and cannot sign in."""
    return User(
        username="lotsa-statistics",
        role=Role.MANAGER,
        organisation=organisation,
        organisation_id=organisation.pk,
        unit=unit,
        unit_id=unit.pk if unit else None,
    )


def _small(count: int) -> bool:
    return 0 < count < suppress_below()


def base_cases(report_filter: ReportFilter) -> QuerySet[Case]:
    # The participant's organisation is the case's; saying so lets PostgreSQL reach people through
    # the organisation's index instead of scanning every organisation's participants.
    cases = Case.objects.filter(
        organisation=report_filter.organisation,
        participant__organisation=report_filter.organisation,
    )
    if report_filter.unit is not None:
        cases = cases.filter(unit=report_filter.unit)
    if report_filter.district is not None:
        cases = cases.filter(participant__district=report_filter.district)
    if report_filter.target_group:
        referrals = Referral.objects.filter(
            organisation=report_filter.organisation,
            target_groups__code=report_filter.target_group,
        )
        cases = cases.filter(referral__in=referrals.values("pk"))
    return cases


def _flow_filters(period: Period) -> dict[str, Q]:
    started = Q(start_date__gte=period.start, start_date__lte=period.end)
    active = Q(start_date__lte=period.end) & (
        Q(closed_on__isnull=True) | Q(closed_on__gte=period.start)
    )
    closed = Q(closed_on__gte=period.start, closed_on__lte=period.end)
    return {"new": started, "active": active, "closed": closed}


FLOW_KEYS = ("new", "active", "closed")


def _flow_annotations(period: Period) -> dict[str, Count]:
    return {
        key: Count("participant", distinct=True, filter=condition)
        for key, condition in _flow_filters(period).items()
    }


def age_band_expression(on: Any) -> When_:
    whens = [When(participant__birth_date__gt=add_months(on, -12 * 16), then=Value(UNDER_16))]
    previous_label = AGE_BANDS[0][0]
    for label, low, _high in AGE_BANDS[1:]:
        whens.append(
            When(participant__birth_date__gt=add_months(on, -12 * low), then=Value(previous_label))
        )
        previous_label = label
    return When_(*whens, default=Value(previous_label), output_field=CharField())


def _grouped_periods(
    cases: QuerySet[Case] | Callable[[], QuerySet[Case]],
    periods: tuple[Period, ...],
    group: str,
    key: Hashable | None = None,
) -> list[dict[Any, dict[str, int]]]:
    """`_grouped` for several periods in one grouped pass (a group that does not depend on
    the period): each period's three counts are filtered aggregates of the same rows. With a
    `key` (everything the SQL depends on) compiled once per key."""

    def build() -> QuerySet[Any]:
        annotations = {
            f"p{index}_{key}": count
            for index, period in enumerate(periods)
            for key, count in _flow_annotations(period).items()
        }
        source = cases if isinstance(cases, QuerySet) else cases()
        return source.values(group).annotate(**annotations).order_by()

    rows: Iterable[Mapping[str, Any]] = build() if key is None else compiled_rows(Case, key, build)
    found: list[dict[Any, dict[str, int]]] = [{} for _period in periods]
    for row in rows:
        for index, by_group in enumerate(found):
            by_group[row[group]] = {key: row[f"p{index}_{key}"] for key in FLOW_KEYS}
    return found


class BoardReportBuilder:
    """Builds the board report's sections for one filter; each `table_*` method one table."""

    def __init__(self, report_filter: ReportFilter, actor: User | None = None) -> None:
        self.filter = report_filter
        # Other apps' statistics functions take an actor; a reader of the whole organisation.
        self.actor = report_actor(report_filter.organisation, report_filter.unit)
        self.period = report_filter.period
        self.previous = report_filter.period.previous()
        self.missing: list[str] = []
        self._flows: dict[str, list[ByGroup]] | None = None
        self._units: list[Unit] | None = None
        self._case_figures: CaseFigures | None = None

    # The participant flow tables' groups that come from one grouped pass over the cases
    # (`flows.grouped_flows`): field paths the same in every period, and the age band at each
    # period's end.
    FLOW_GROUPS: dict[str, str] = {
        "participant__gender": "participant__gender",
        "participant__district_id": "participant__district_id",
        "unit_id": "unit_id",
        "participant__member_municipality_id": "participant__member_municipality_id",
    }

    @cached_property
    def cases(self) -> QuerySet[Case]:
        """The report's cases (built only when a statement of the report is built)."""
        return base_cases(self.filter)

    def key(self, *parts: Hashable) -> tuple[Hashable, ...]:
        """A statement's key: everything the report's SQL depends on (the filter, by id, and
        the periods), and `parts` for what the statement adds."""
        report_filter = self.filter
        return (
            "board report",
            report_filter.organisation.pk,
            report_filter.organisation.is_coordination_association,
            report_filter.unit.pk if report_filter.unit else None,
            report_filter.district.pk if report_filter.district else None,
            report_filter.target_group,
            self.period,
            self.previous,
            *parts,
        )

    def units(self) -> list[Unit]:
        """The organisation's units by name (read once; the unit table and the sections)."""
        if self._units is None:
            organisation = self.filter.organisation
            self._units = compiled_rows(
                Unit,
                ("board units", organisation.pk),
                lambda: Unit.objects.filter(organisation=organisation),
            )
        return self._units

    def case_figures(self) -> CaseFigures:
        """The time, closure and result tables' figures, both periods, from one statement."""
        if self._case_figures is None:
            self._case_figures = case_figures(
                lambda: self.cases,
                self.periods(),
                [period.shifted_months(-18) for period in self.periods()],
                WORK_OR_STUDIES,
                WORK_OR_STUDIES_DAYS,
                key=self.key("case figures"),
            )
        return self._case_figures

    def flows(self) -> dict[str, list[ByGroup]]:
        """Every participant flow table's figures (overview, gender, age, district, unit and,
        for an association, member municipality), both periods, from one statement."""
        if self._flows is None:
            fixed = dict(self.FLOW_GROUPS)
            if not self.filter.organisation.is_coordination_association:
                del fixed["participant__member_municipality_id"]
            self._flows = grouped_flows(
                lambda: self.cases,
                self.periods(),
                fixed,
                {"age_band": lambda period: age_band_expression(period.end)},
                key=self.key("flows"),
            )
        return self._flows

    def periods(self) -> tuple[Period, Period]:
        return self.period, self.previous

    # -- participants ----------------------------------------------------------------------

    def flow_overview(self) -> Table:
        empty = dict.fromkeys(FLOW_KEYS, 0)
        totals = [found.get(None, empty) for found in self.flows()[TOTAL]]
        values = [[[totals[index][key]] for key in FLOW_KEYS] for index in range(2)]
        return Table(
            key="flow",
            title=_("Deltagare: nya, aktiva och avslutade"),
            definition=_(
                "Personer (räknade en gång) med ett ärende som startade, pågick någon dag eller "
                "avslutades under perioden."
            ),
            row_header=_("Deltagare"),
            rows=[_("Nya"), _("Aktiva"), _("Avslutade")],
            columns=[_("Antal")],
            current=values[0],
            previous=values[1],
            chart=True,
        )

    def _flow_table(
        self,
        key: str,
        title: str,
        definition: str,
        row_header: str,
        labels: list[tuple[Any, str]],
        group: str,
        totals: bool = True,
        extra_label: Callable[[Any], str] | None = None,
        cases: Callable[[], QuerySet[Case]] | None = None,
        cases_key: Hashable | None = None,
    ) -> Table:
        """One flow table by `group`: from the grouped pass (`flows`) when it is one of its
        groups over the report's own cases, else one grouped query of its own (over `cases`,
        built only on a miss of `cases_key`: what they add to the report's cases)."""
        if cases is None and group in self.flows():
            grouped = self.flows()[group]
        else:
            grouped = _grouped_periods(
                (lambda: self.cases) if cases is None else cases,
                self.periods(),
                group,
                self.key("flow table", group, cases_key),
            )
        keys = [value for value, _label in labels]
        names = dict(labels)
        for found in grouped:
            for value in found:
                if value not in names:
                    keys.append(value)
                    names[value] = extra_label(value) if extra_label else str(value)
        matrices = [
            [[found.get(value, {}).get(flow, 0) for flow in FLOW_KEYS] for value in keys]
            for found in grouped
        ]
        return Table(
            key=key,
            title=title,
            definition=definition,
            row_header=row_header,
            rows=[names[value] for value in keys],
            columns=[_("Nya"), _("Aktiva"), _("Avslutade")],
            current=matrices[0],
            previous=matrices[1],
            column_totals=totals,
            chart=True,
            chart_column=1,
        )

    def by_gender(self) -> Table:
        return self._flow_table(
            "gender",
            _("Deltagare efter kön"),
            _("Som ovan, efter kön registrerat på personen."),
            _("Kön"),
            [(value, str(label)) for value, label in Gender.choices],
            "participant__gender",
        )

    def by_age(self) -> Table:
        labels = [(label, label) for label, _low, _high in AGE_BANDS]
        table = self._flow_table(
            "age",
            _("Deltagare efter åldersgrupp"),
            _("Som ovan, efter ålder vid periodens slut (för föregående period: vid dess slut)."),
            _("Ålder"),
            labels,
            "age_band",
            extra_label=lambda value: _("under 16"),
        )
        return table

    def by_target_group(self) -> Table:

        organisation = self.filter.organisation
        names = dict(
            compiled_rows(
                TargetGroup,
                ("board target groups", organisation.pk),
                lambda: TargetGroup.objects.filter(
                    version__guideline__organisation=organisation
                ).values_list("code", "name"),
            )
        )
        return self._flow_table(
            "target_group",
            _("Deltagare efter målgrupp"),
            _(
                "Som ovan, efter målgrupp i remissen. En person i två målgrupper räknas i båda; "
                "totalen är summan av raderna."
            ),
            _("Målgrupp"),
            [(code, name) for code, name in sorted(names.items(), key=lambda item: item[1])],
            "referral__target_groups__code",
            extra_label=lambda value: _("Ingen målgrupp (utan remiss)"),
            # As for participants: the organisation's index instead of every referral.
            cases=lambda: self.cases.filter(
                Q(referral__isnull=True) | Q(referral__organisation=organisation)
            ),
            cases_key="without referral or the organisation's",
        )

    def by_district(self) -> Table:
        organisation = self.filter.organisation
        districts = compiled_rows(
            District,
            ("board districts", organisation.pk),
            lambda: District.objects.filter(organisation=organisation).values_list("pk", "name"),
        )
        return self._flow_table(
            "district",
            _("Deltagare efter stadsdel"),
            _("Som ovan, efter stadsdel registrerad på personen (lika tillgång)."),
            _("Stadsdel"),
            districts,
            "participant__district_id",
            extra_label=lambda value: _("Stadsdel saknas"),
        )

    def by_unit(self) -> Table:
        units = [(unit.pk, unit.name) for unit in self.units() if unit.runs_support]
        others = {unit.pk: unit.name for unit in self.units()}
        return self._flow_table(
            "unit",
            _("Deltagare efter enhet"),
            _(
                "Som ovan, efter enheten som driver ärendet. En person med ärenden i två enheter "
                "räknas i båda; totalen är summan av raderna."
            ),
            _("Enhet"),
            units,
            "unit_id",
            extra_label=lambda value: others.get(value, str(value)),
        )

    # -- time ----------------------------------------------------------------------------

    def by_period(self, condition: Callable[[Period], Q]) -> tuple[Q, dict[str, Q]]:
        """A filter matching any of the report's periods, and one condition per period (named
        p0, p1): both periods' figures as filtered counts of one grouped query."""
        conditions = {f"p{index}": condition(period) for index, period in enumerate(self.periods())}
        either = Q()
        for one in conditions.values():
            either |= one
        return either, conditions

    def times(self) -> Table:
        rows: list[Matrix] = []
        bases: list[list[list[int]]] = []
        figures = self.case_figures()
        waitings, supports = figures.waiting, figures.support
        for waiting, support in zip(waitings, supports, strict=True):
            n_wait, n_support = sum(waiting.values()), sum(support.values())
            rows.append(
                [
                    [percentile_from_histogram(waiting, 0.5)],
                    [percentile_from_histogram(waiting, 0.9)],
                    [percentile_from_histogram(support, 0.5)],
                    [percentile_from_histogram(support, 0.9)],
                ]
            )
            bases.append([[n_wait], [n_wait], [n_support], [n_support]])
        return Table(
            key="times",
            title=_("Väntetid och tid i stöd"),
            definition=_(
                "Väntetid: dagar från remiss till start för ärenden som startade under perioden. "
                "Tid i stöd: dagar från start till avslut för ärenden avslutade under perioden. "
                "Percentil enligt närmaste rang: minsta värdet som minst 50 % (median) resp. "
                "90 % av ärendena ligger på eller under."
            ),
            row_header=_("Mått"),
            rows=[
                _("Väntetid, median"),
                _("Väntetid, 90:e percentilen"),
                _("Tid i stöd, median"),
                _("Tid i stöd, 90:e percentilen"),
            ],
            columns=[_("Dagar")],
            current=rows[0],
            previous=rows[1],
            current_basis=bases[0],
            previous_basis=bases[1],
            kind="measure",
        )

    # -- closures and results ------------------------------------------------------------

    def closures(self) -> Table:
        matrices = [
            [[found.get(value, 0)] for value in ClosureReason.values]
            for found in self.case_figures().closures
        ]
        return Table(
            key="closures",
            title=_("Avslut efter orsak"),
            definition=_("Ärenden avslutade under perioden, efter avslutsorsak."),
            row_header=_("Avslutsorsak"),
            rows=[str(label) for label in ClosureReason.labels],
            columns=[_("Avslutade ärenden")],
            current=matrices[0],
            previous=matrices[1],
            column_totals=True,
            chart=True,
        )

    def work_or_studies(self) -> tuple[Table, Table]:
        counts, shares, bases = [], [], []
        figures = self.case_figures()
        for started, succeeded in zip(
            figures.cohort_started, figures.cohort_succeeded, strict=True
        ):
            counts.append([[succeeded], [started - succeeded]])
            shares.append([[round(100 * succeeded / started, 1) if started else None]])
            # A share with its base would reveal a small count (or a small complement).
            bases.append([[0 if _small(succeeded) or _small(started - succeeded) else started]])
        count_table = Table(
            key="work_studies_counts",
            title=_("Arbete eller studier inom 18 månader: underlag"),
            definition=_(
                "Ärenden som startade 18 månader före perioden (så att 18 månader har gått under "
                "perioden), och hur många av dem som avslutades till arbete (med eller utan "
                "subvention) eller studier inom 548 dagar från start (Koladas definition av "
                "resultat vid avslut)."
            ),
            row_header=_("Ärenden som startade 18 månader tidigare"),
            rows=[_("Till arbete eller studier"), _("Annat avslut eller pågår")],
            columns=[_("Antal")],
            current=counts[0],
            previous=counts[1],
            column_totals=True,
        )
        share_table = Table(
            key="work_studies_share",
            title=_("Andel till arbete eller studier inom 18 månader"),
            definition=_(
                "Andelen av ärendena ovan, i procent av de startade; visas inte när den skulle "
                "avslöja färre än fem."
            ),
            row_header=_("Mått"),
            rows=[_("Andel till arbete eller studier")],
            columns=[_("Procent")],
            current=shares[0],
            previous=shares[1],
            current_basis=bases[0],
            previous_basis=bases[1],
            kind="measure",
            unit="%",
        )
        return count_table, share_table

    def outcomes(self) -> tuple[Table, Table]:

        months = chosen_months(self.filter.organisation.pk)
        statuses = [*OutcomeStatus.values, ""]
        status_matrices: list[dict[tuple[int, str], int]] = [defaultdict(int) for _p in range(2)]
        still_matrices: list[dict[int, Any]] = [{} for _p in range(2)]
        # Both periods and both tables from one grouped query: each follow-up by months and
        # status, counted per period, and again when its case closed to work.
        due, due_in = self.by_period(
            lambda period: Q(due_on__gte=period.start, due_on__lte=period.end)
        )
        to_work = Q(case__closure_reason__in=WORK_REASONS)

        def build() -> QuerySet[Any]:
            follow_ups = OutcomeFollowUp.objects.filter(
                due, case__in=self.cases.filter(status="closed")
            )
            return (
                follow_ups.values("months_after", "status")
                .annotate(
                    **{name: Count("id", filter=q) for name, q in due_in.items()},
                    **{
                        f"{name}_work": Count("id", filter=q & to_work)
                        for name, q in due_in.items()
                    },
                )
                .order_by()
            )

        rows: Iterable[Mapping[str, Any]] = compiled_rows(
            OutcomeFollowUp, self.key("outcomes"), build
        )
        for row in rows:
            month, status = row["months_after"], row["status"]
            for index, name in enumerate(due_in):
                if row[name]:
                    status_matrices[index][(month, status)] += row[name]
                    if month not in months:
                        months.append(month)
                if row[f"{name}_work"]:
                    still = still_matrices[index].setdefault(
                        month, {"in_work": 0, "not_in_work": 0}
                    )
                    if status == OutcomeStatus.IN_WORK:
                        still["in_work"] += row[f"{name}_work"]
                    elif status:
                        still["not_in_work"] += row[f"{name}_work"]
        months = sorted(set(months))
        status_table = Table(
            key="outcomes",
            title=_("Uppföljning efter avslut"),
            definition=_(
                "Uppföljningar efter avslut som var planerade under perioden, efter läge vid "
                "kontakten och antal månader efter avslutet."
            ),
            row_header=_("Läge"),
            rows=[str(label) for label in OutcomeStatus.labels] + [_("Ännu inte registrerad")],
            columns=[_("%(months)s mån") % {"months": month} for month in months],
            current=[[status_matrices[0][(m, s)] for m in months] for s in statuses],
            previous=[[status_matrices[1][(m, s)] for m in months] for s in statuses],
            column_totals=True,
        )
        still_table = Table(
            key="still_in_work",
            title=_("Fortfarande i arbete efter avslut till arbete"),
            definition=_(
                "Ärenden avslutade till arbete vars uppföljning var planerad under perioden och "
                "har registrerats: i arbete eller inte vid kontakten; totalen är de uppföljda."
            ),
            row_header=_("Uppföljda ärenden"),
            rows=[_("Fortfarande i arbete"), _("Inte i arbete")],
            columns=[_("%(months)s mån") % {"months": month} for month in months],
            current=[
                [still_matrices[0].get(m, {}).get(key, 0) for m in months]
                for key in ("in_work", "not_in_work")
            ],
            previous=[
                [still_matrices[1].get(m, {}).get(key, 0) for m in months]
                for key in ("in_work", "not_in_work")
            ],
            column_totals=True,
        )
        return status_table, still_table

    # -- the whole report ----------------------------------------------------------------

    def build(self) -> Report:
        sections = [
            Section(
                "participants",
                _("Deltagare"),
                [
                    self.flow_overview(),
                    self.by_gender(),
                    self.by_age(),
                    self.by_target_group(),
                    self.by_district(),
                    self.by_unit(),
                ],
            ),
            Section("times", _("Väntetid och tid i stöd"), [self.times()]),
            Section(
                "closures", _("Avslut och resultat"), [self.closures(), *self.work_or_studies()]
            ),
            Section("outcomes", _("Efter avslut"), [*self.outcomes()]),
        ]
        for extension in board_sections:
            section = extension(self)
            if section is not None:
                sections.append(section)
        return Report(filter=self.filter, sections=sections, missing=self.missing)


def board_report(report_filter: ReportFilter, actor: User | None = None) -> Report:
    """The board report for one organisation, period and filter (the same for every reader)."""
    return BoardReportBuilder(report_filter, actor).build()
