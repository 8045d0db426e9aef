"""Reads of employers and training arenas, limited to the actor's organisation."""

from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Replace
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from lotsa.audit.constants import AuditAction
from lotsa.audit.services import audit_export, audit_records, audit_view
from lotsa.cases.caseload import CaseloadContext
from lotsa.cases.constants import CaseStatus
from lotsa.cases.effective_end import effective_end, ran_between_q, runs_on_q
from lotsa.cases.queries import cases_visible_to
from lotsa.collaboration.constants import ConsentScope
from lotsa.collaboration.sections import PartnerAccess
from lotsa.core.statements import compiled_rows
from lotsa.core.text import ascii_digits
from lotsa.organisations.constants import Role
from lotsa.organisations.models import Unit, User
from lotsa.work import policy
from lotsa.work.constants import (
    ABSENCE_REVIEWS,
    OPEN_PLACEMENT_STATUSES,
    ActivityKind,
    AttendanceReportStatus,
    AttendanceStatus,
    DayReview,
    PlacementKind,
    PlacementStatus,
)
from lotsa.work.costs import month_cost, month_end, months_between
from lotsa.work.models import (
    Attendance,
    AttendanceReport,
    AttendanceReportDay,
    Employer,
    EmployerContactLog,
    Placement,
    TrainingArena,
)
from lotsa.work.organisation_number import OrganisationNumberError, parse_organisation_number


def employers_visible_to(
    *, actor: User, text: str = "", sector: str = "", has_capacity: bool = False
) -> QuerySet[Employer]:
    """Employers of the actor's organisation, searched by name or organisation number."""
    if not policy.can_view_employers(actor):
        return Employer.objects.none()
    employers = Employer.objects.filter(organisation_id=actor.organisation_id)
    text = text.replace("\x00", "").strip()[:100]
    if text:
        digits = "".join(char for char in ascii_digits(text) if "0" <= char <= "9")
        match = Q(name__icontains=text) | Q(organisation_number__icontains=text)
        with suppress(OrganisationNumberError):  # a whole number, in whatever form it is written
            match |= Q(organisation_number=parse_organisation_number(text))
        if len(digits) >= 4:  # 5560160680 finds 556016-0680
            employers = employers.annotate(
                number_digits=Replace("organisation_number", Value("-"), Value(""))
            )
            match |= Q(number_digits__contains=digits)
        employers = employers.filter(match)
    if sector:
        employers = employers.filter(sector=sector)
    if has_capacity:
        employers = employers.filter(placement_capacity__gt=0)
    return employers.order_by("name", "pk")


def employer_get(*, actor: User, employer_id: int) -> Employer:
    """One employer with its contacts, agreements and contact log; 404 outside the organisation."""
    if not policy.can_view_employers(actor):
        raise Http404
    log = EmployerContactLog.objects.select_related("staff", "contact")
    return get_object_or_404(
        Employer.objects.prefetch_related(
            "contacts", "agreements", Prefetch("contact_log", queryset=log)
        ),
        pk=employer_id,
        organisation_id=actor.organisation_id,
    )


def training_arenas_visible_to(*, actor: User, text: str = "") -> QuerySet[TrainingArena]:
    """The organisation's own training arenas with their units, searched by name."""
    if not policy.can_view_arenas(actor):
        return TrainingArena.objects.none()
    arenas = TrainingArena.objects.filter(organisation_id=actor.organisation_id)
    text = text.replace("\x00", "").strip()[:100]
    if text:
        arenas = arenas.filter(name__icontains=text)
    return arenas.select_related("unit").order_by("name", "pk")


def training_arena_get(*, actor: User, arena_id: int) -> TrainingArena:
    return get_object_or_404(training_arenas_visible_to(actor=actor), pk=arena_id)


# Placements ------------------------------------------------------------------------------------


def placements_visible_to(actor: User) -> QuerySet[Placement]:
    """Placements on cases `actor` may open (so protected people stay with those entitled)."""

    return Placement.objects.filter(
        organisation_id=actor.organisation_id, case__in=cases_visible_to(actor).values("pk")
    ).select_related("case", "case__participant", "case__unit", "employer", "arena")


def placement_get(*, actor: User, placement_id: int, log: bool = True) -> Placement:
    """One placement `actor` may open (404 otherwise); the look-up is written to the log."""
    placement = get_object_or_404(
        placements_visible_to(actor).select_related("case__coach", "case__participant"),
        pk=placement_id,
    )
    if log:
        audit_view(actor=actor, obj=placement, participant=placement.case.participant)
    return placement


def placements_in_period(actor: User, start: date, end: date) -> QuerySet[Placement]:
    """Placements that overlap `start`..`end` (inclusive), on cases `actor` may open.

    For the statistics app. Each Placement has `kind` (PlacementKind), `subsidy_type`
    (SubsidyType, "" unless an employment), `status`, `starts_on`, `ends_on` (None: open),
    `hours_per_week` (Decimal), `employer_id` / `arena_id` (exactly one set), `case` (with
    `unit` and `participant` selected) and `activity.skr_category` through `activity_id`. Cancelled
    placements are included; filter on `status` if they should not count.
    """
    return (
        placements_visible_to(actor).filter(ran_between_q(start, end)).order_by("starts_on", "pk")
    )


def _occupied_q(today: date) -> Q:
    return Q(placements__status__in=OPEN_PLACEMENT_STATUSES) & runs_on_q(today, "placements__")


def employer_occupied(employer: Employer, today: date) -> int:
    """How many of the employer's placements run today (see `occupancy`)."""
    occupied: int = (
        occupancy(Employer.objects.filter(pk=employer.pk), today)
        .values_list("occupied", flat=True)
        .get()
    )
    return occupied


def occupancy(queryset: QuerySet[Any], today: date) -> QuerySet[Any]:
    """Employers or arenas annotated with `occupied`: placements running today, up to their
    effective end (a closed case holds no seat), all participants, counted without names."""
    return queryset.annotate(occupied=Count("placements", filter=_occupied_q(today)))


def employer_placements(*, actor: User, employer: Employer) -> tuple[list[Placement], int]:
    """The employer's placements, past and present, that `actor` may see, and how many others
    there are (on cases the actor may not open: they are counted, never named)."""
    visible = list(
        placements_visible_to(actor).filter(employer=employer).order_by("-starts_on", "-pk")
    )
    total = Placement.objects.filter(employer=employer).count()
    return visible, total - len(visible)


def arena_placements(*, actor: User, arena: TrainingArena) -> tuple[list[Placement], int]:
    visible = list(placements_visible_to(actor).filter(arena=arena).order_by("-starts_on", "-pk"))
    total = Placement.objects.filter(arena=arena).count()
    return visible, total - len(visible)


def case_placements(*, actor: User, case: Any) -> list[Placement]:
    """The case's placements for its case panel (one query)."""
    return list(case_placements_read(actor=actor, case=case))


def case_placements_read(*, actor: User, case: Any) -> QuerySet[Placement]:
    """`case_placements` as a queryset, for the case page to read with its other lists."""
    return placements_visible_to(actor).filter(case_id=case.pk).order_by("-starts_on", "-pk")


def partner_placements(access: PartnerAccess) -> list[Placement]:
    """The case's placements for a partner with consent to placements, newest first.

    `access` carries consents in force to placements, checked by collaboration at this moment.
    One query; cancelled placements are left out (they never happened), costs never shown.
    """
    if access.scope != ConsentScope.PLACEMENTS or not access.consent_ids:
        raise PermissionDenied
    return list(
        Placement.objects.filter(case=access.case)
        .exclude(status=PlacementStatus.CANCELLED)
        .select_related("employer", "arena")
        .order_by("-starts_on", "-pk")
    )


# Subsidised employments: costs ----------------------------------------------------------------


@dataclass(frozen=True)
class CostLine:
    """One subsidised employment's cost in one month (whole kronor, prorated by days)."""

    month: date  # the first day of the month
    unit_id: int
    unit_name: str
    placement_id: int
    subsidy_type: str
    days: int  # days employed in the month
    salary_cost: Decimal
    grant: Decimal  # paid by Arbetsförmedlingen
    remainder: Decimal  # charged to the social-services budget


def subsidy_costs(actor: User, start: date, end: date, unit: Unit | None = None) -> list[CostLine]:
    """Monthly cost lines of the organisation's employments with a salary cost, for every month
    from `start`'s to `end`'s, optionally for one unit (the unit of the case).

    Returns a list of CostLine (month, unit_id, unit_name, placement_id, subsidy_type, days,
    salary_cost, grant, remainder), sorted by month, unit name and placement; months in which
    an employment had no days are left out; an employment stops costing at its effective end
    (the earlier of its end and its case's closure). Amounts are Decimal whole kronor; see
    `lotsa.work.costs` for proration and rounding. No participant data: the lines are for
    summaries and statistics. Empty for actors who may not see costs. Cancelled employments do
    not count.
    """
    return subsidy_costs_periods(actor, [(start, end)], unit)[0]


def subsidy_costs_periods(
    actor: User, periods: Sequence[tuple[date, date]], unit: Unit | None = None
) -> list[list[CostLine]]:
    """`subsidy_costs` for several periods (start, end) at once, from one query."""
    if not policy.can_view_costs(actor):
        return [[] for _period in periods]
    assert actor.organisation_id is not None  # can_view_costs asks for one
    return organisation_subsidy_costs_periods(actor.organisation_id, periods, unit)


def organisation_subsidy_costs(
    organisation_id: int, start: date, end: date, unit: Unit | None = None
) -> list[CostLine]:
    """`subsidy_costs` of one organisation, for a published report's totals (SKR's net cost,
    reporting.skr), which pass the one suppression routine; no access check of its own."""
    return organisation_subsidy_costs_periods(organisation_id, [(start, end)], unit)[0]


def organisation_subsidy_costs_periods(
    organisation_id: int, periods: Sequence[tuple[date, date]], unit: Unit | None = None
) -> list[list[CostLine]]:
    """`organisation_subsidy_costs` for several periods (start, end) at once: the employments
    of every period read in one query, each period's lines from those that ran in it (the same
    condition as the query's, `ran_between_q`, checked per period)."""
    # Each period's months, and the days its employments must have run between.
    ranges: list[tuple[list[date], date, date] | None] = []
    for start, end in periods:
        months = months_between(start, end)
        ranges.append((months, months[0], month_end(months[-1])) if months else None)
    wanted = [(found[1], found[2]) for found in ranges if found]
    if not wanted:
        return [[] for _period in periods]

    def build() -> QuerySet[Any]:
        ran = Q()
        for first, last in wanted:
            ran |= ran_between_q(first, last)
        employments = Placement.objects.filter(
            ran,
            organisation_id=organisation_id,
            kind=PlacementKind.EMPLOYMENT,
            monthly_salary_cost__isnull=False,
        ).exclude(status=PlacementStatus.CANCELLED)
        if unit is not None:
            employments = employments.filter(case__unit=unit)
        return employments.values_list(
            "pk",
            "case__unit_id",
            "case__unit__name",
            "subsidy_type",
            "monthly_salary_cost",
            "grant_rate",
            "starts_on",
            "ends_on",
            "case__closed_on",
        )

    # Compiled once per organisation, unit and periods (the statistics ask the same again).
    key = ("subsidy costs", organisation_id, unit.pk if unit else None, tuple(wanted))
    rows = compiled_rows(Placement, key, build)
    return [_cost_lines(rows, *found) if found else [] for found in ranges]


def _ran_between(
    first: date, last: date, starts_on: date, ends_on: date | None, closed_on: date | None
) -> bool:
    """`ran_between_q(first, last)` for one placement's own dates."""
    return (
        starts_on <= last
        and (ends_on is None or ends_on >= first)
        and (closed_on is None or (closed_on >= first and closed_on >= starts_on))
    )


def _cost_lines(rows: list[Any], months: list[date], first: date, last: date) -> list[CostLine]:
    lines = []
    for pk, unit_id, unit_name, subsidy, salary, rate, starts_on, ends_on, closed_on in rows:
        if not _ran_between(first, last, starts_on, ends_on, closed_on):
            continue
        ends_on = effective_end(ends_on, closed_on)  # the cost stops when the case closes
        for month in months:
            cost = month_cost(
                month,
                monthly_salary_cost=salary if salary is not None else Decimal(0),
                grant_rate=rate,
                starts_on=starts_on,
                ends_on=ends_on,
            )
            if cost.days:
                lines.append(
                    CostLine(
                        month=month,
                        unit_id=unit_id,
                        unit_name=unit_name,
                        placement_id=pk,
                        subsidy_type=subsidy,
                        days=cost.days,
                        salary_cost=cost.salary_cost,
                        grant=cost.grant,
                        remainder=cost.remainder,
                    )
                )
    lines.sort(key=lambda line: (line.month, line.unit_name, line.placement_id))
    return lines


@dataclass
class CostTotals:
    salary_cost: Decimal = Decimal(0)
    grant: Decimal = Decimal(0)
    remainder: Decimal = Decimal(0)
    employments: set[int] = field(default_factory=set)

    def add(self, line: CostLine) -> None:
        self.salary_cost += line.salary_cost
        self.grant += line.grant
        self.remainder += line.remainder
        self.employments.add(line.placement_id)


@dataclass
class CostSummary:
    """Totals per unit and month, per month (the organisation) and for the whole period."""

    months: list[date]
    by_unit_month: dict[tuple[str, date], CostTotals]
    by_month: dict[date, CostTotals]
    by_unit: dict[str, CostTotals]
    total: CostTotals


def cost_summary(lines: list[CostLine], months: list[date]) -> CostSummary:
    summary = CostSummary(months, {}, {m: CostTotals() for m in months}, {}, CostTotals())
    for line in lines:
        summary.by_unit_month.setdefault((line.unit_name, line.month), CostTotals()).add(line)
        summary.by_month[line.month].add(line)
        summary.by_unit.setdefault(line.unit_name, CostTotals()).add(line)
        summary.total.add(line)
    return summary


# Attendance ------------------------------------------------------------------------------------


def arena_week_placements(*, actor: User, arena: TrainingArena, monday: date) -> list[Placement]:
    """Placements at the arena during the week that `actor` may record attendance for: open
    cases of the actor's own unit (coaches and managers), not cancelled."""

    if actor.role not in (Role.COACH, Role.MANAGER):
        return []
    friday = monday + timedelta(days=4)
    return list(
        placements_visible_to(actor)
        .filter(ran_between_q(monday, friday), arena=arena, case__unit_id=actor.unit_id)
        .exclude(case__status=CaseStatus.CLOSED)
        .exclude(status=PlacementStatus.CANCELLED)
        .order_by("case__participant__last_name", "case__participant__first_name", "pk")
    )


def attendance_by_day(
    placements: list[Placement], first: date, last: date
) -> dict[tuple[int, date], Attendance]:
    rows = Attendance.objects.filter(placement__in=placements, day__gte=first, day__lte=last)
    return {(row.placement_id, row.day): row for row in rows}


@dataclass
class MonthAttendance:
    """A participant's attendance in one month over all their placements on the case."""

    month: date
    entries: list[Attendance]
    counts: dict[str, int]


def case_month_attendance(*, actor: User, case: Any, month: date) -> MonthAttendance:
    first, last = month.replace(day=1), month_end(month)
    placements = placements_visible_to(actor).filter(case_id=case.pk)
    entries = list(
        Attendance.objects.filter(placement__in=placements, day__gte=first, day__lte=last)
        .select_related("placement", "placement__employer", "placement__arena")
        .order_by("day", "placement_id")
    )
    counts = {status: 0 for status in AttendanceStatus.values}
    for entry in entries:
        counts[entry.status] += 1
    return MonthAttendance(first, entries, counts)


def placement_ends_soon_q(context: CaseloadContext) -> Q:
    """The caseload filter "Placering slutar inom 30 dagar": a planned or ongoing placement of
    the case ends between today and 30 days from now."""
    ending = Placement.objects.filter(
        status__in=OPEN_PLACEMENT_STATUSES,
        ends_on__gte=context.today,
        ends_on__lte=context.ending_by,
    )
    return Q(pk__in=ending.values("case_id"))


# The monthly attendance report ----------------------------------------------------------------


def _reports() -> QuerySet[AttendanceReport]:
    return AttendanceReport.objects.select_related(
        "case__participant", "case__coach", "case__unit", "case__referral", "signed_by"
    ).prefetch_related(
        Prefetch(
            "days",
            queryset=AttendanceReportDay.objects.order_by(
                "day", "activity__starts_on", "activity_id"
            ),
        )
    )


def attendance_report_get(
    *,
    actor: User,
    report_id: int,
    log: bool = True,
    allowed: Callable[[User, AttendanceReport], bool] | None = None,
) -> AttendanceReport:
    """One monthly report on a case `actor` may open (404 otherwise), its days prefetched;
    PermissionDenied when `allowed` says no; the look-up is written to the log."""
    report = _reports().filter(case__in=cases_visible_to(actor), pk=report_id).first()
    if report is None:
        raise Http404
    if allowed is not None and not allowed(actor, report):
        raise PermissionDenied
    if log:
        audit_view(actor=actor, obj=report, participant=report.case.participant)
    return report


def case_attendance_reports(*, actor: User, case: Any) -> list[AttendanceReport]:
    """The case's monthly reports, newest month first (one query, no days)."""
    return list(case_attendance_reports_read(actor=actor, case=case))


def case_attendance_reports_read(*, actor: User, case: Any) -> QuerySet[AttendanceReport]:
    """`case_attendance_reports` as a queryset, for the case page to read with its other lists."""
    if policy.is_referring_officer(actor, case):
        return case_reports_of(case.pk, shared_only=True)
    if policy.can_keep_attendance_reports(actor, case):
        return case_reports_of(case.pk, shared_only=False)
    return AttendanceReport.objects.none()


def case_reports_of(case_id: int, *, shared_only: bool) -> QuerySet[AttendanceReport]:
    """A case's monthly reports, newest first (only those shared with the referring officer
    when `shared_only`); the caller has asked the policy (`case_attendance_reports_read`)."""
    reports = AttendanceReport.objects.filter(case_id=case_id).order_by("-month")
    if shared_only:
        return reports.filter(status=AttendanceReportStatus.SHARED)
    return reports


def shared_attendance_summaries(
    *, actor: User, month: date | None = None, with_days: bool = False
) -> QuerySet[AttendanceReport]:
    """The summaries shared with `actor` as the referring officer, across their cases, newest
    month first: only those of cases they may still see (so a protected person's only for the
    officer entitled to see them, never for a service account). One query (and one for the
    days with `with_days`); the caller writes the audit record."""
    if not policy.can_list_attendance_summaries(actor):
        return AttendanceReport.objects.none()
    reports = (
        _reports() if with_days else AttendanceReport.objects.select_related("case__participant")
    )
    reports = reports.filter(
        status=AttendanceReportStatus.SHARED,
        case__referral__referrer=actor,
        case__in=cases_visible_to(actor),
    )
    if month is not None:
        reports = reports.filter(month=month)
    return reports.order_by("-month", "-shared_at", "-pk")


def attendance_summaries_export(
    *, actor: User, month: date, description: str
) -> list[AttendanceReport]:
    """A month's shared summaries with their days, handed out as an export (the API): one
    export record per summary, naming its participant, written in one chain append (or one
    record saying nothing was handed out), so the count of queries stays the same."""
    reports = list(shared_attendance_summaries(actor=actor, month=month, with_days=True))
    summary = _("%(what)s (%(rows)s rader)") % {"what": description, "rows": len(reports)}
    if reports:
        audit_records(
            actor=actor,
            action=AuditAction.EXPORT,
            items=[(report, report.case.participant) for report in reports],
            summary=summary,
        )
    else:
        audit_export(actor=actor, object_type="work.attendancereport", summary=summary)
    return reports


def organisation_shared_attendance_summaries(
    organisation: Any, month: date
) -> list[AttendanceReport]:
    """Every summary of the organisation shared with a referring officer for `month`, with
    its days, for the scheduled / command-line file (no actor): never a person with protected
    identity, whose summary reaches only the officer who referred them, on the page. Two
    queries."""
    return list(
        _reports()
        .filter(
            status=AttendanceReportStatus.SHARED,
            month=month,
            case__organisation=organisation,
            case__participant__is_protected=False,
        )
        .order_by("case_id")
    )


def own_attendance_reports(participant: Any) -> list[AttendanceReport]:
    """A participant's own monthly reports over all their cases, newest first (Mina sidor)."""
    return list(
        AttendanceReport.objects.filter(case__participant=participant)
        .select_related("case")
        .order_by("-month", "-pk")
    )


def own_attendance_report(participant: Any, report_id: int) -> AttendanceReport:
    """One of the participant's own reports with its days; 404 for anyone else's."""
    report = _reports().filter(case__participant=participant, pk=report_id).first()
    if report is None:
        raise Http404
    return report


@dataclass
class ReportDayRow:
    day: date
    hours: dict[str, Decimal]
    lines: list[AttendanceReportDay]

    @property
    def total(self) -> Decimal:
        return sum(self.hours.values(), Decimal(0))


@dataclass
class MonthTable:
    """A report as people read it: hours per activity kind per day, and the month's totals."""

    kinds: list[tuple[str, str]]
    rows: list[ReportDayRow]
    totals: dict[str, Decimal]
    absence_days: list[tuple[str, int]]
    gap_days: int
    unreviewed_days: int

    @property
    def total(self) -> Decimal:
        return sum(self.totals.values(), Decimal(0))


def month_table(report: AttendanceReport) -> MonthTable:
    """Hours per kind per day from the report's (prefetched) lines; absence days per reason
    count only what the coach has reviewed as absence."""
    kinds = [(str(value), str(label)) for value, label in ActivityKind.choices]
    rows: dict[date, ReportDayRow] = {}
    totals = {value: Decimal(0) for value, _label in kinds}
    absence: dict[str, set[date]] = {reason: set() for reason in ABSENCE_REVIEWS}
    gaps: set[date] = set()
    unreviewed: set[date] = set()
    for line in report.days.all():
        row = rows.setdefault(
            line.day, ReportDayRow(line.day, {value: Decimal(0) for value, _l in kinds}, [])
        )
        row.lines.append(line)
        if line.hours is not None:
            row.hours[line.kind] += line.hours
            totals[line.kind] += line.hours
        elif line.review in absence:
            absence[line.review].add(line.day)
        elif line.review == DayReview.GAP:
            gaps.add(line.day)
        else:
            unreviewed.add(line.day)
    return MonthTable(
        kinds=kinds,
        rows=[rows[day] for day in sorted(rows)],
        totals=totals,
        absence_days=[
            (str(DayReview(reason).label), len(days)) for reason, days in absence.items()
        ],
        gap_days=len(gaps),
        unreviewed_days=len(unreviewed),
    )
