"""Demo: every national report for every demo organisation, for last year and last month.

Before producing them it enters, through the services as a manager would, what the surveys
need beside the cases: staff as full-time equivalents per unit for last year (SKR), and for
the coordination association two insatser with budget and outcome (Uppföljning Finsam, for
this year: the association's demo cases start today). Then it keeps the monthly and yearly
files as the schedule would, so the page of kept files has something to list. One of last
month's attendance reports the work demo left as drafts goes the whole way — the coach marks
the days without hours as registration gaps (never absence), the participant confirms, the
coach signs and shares it with the referring officer — so "Närvarorapporter" and the kept
attendance file have a row.

The demo history closes cases through the closing page's service with what a closure to work
or studies records, and outcomes' demo records the follow-ups one month after; so the reports
come out whole. This builder produces each one and says what it found, or which cases lack
what, in the demo's summary.
"""

from datetime import timedelta
from typing import Any

from lotsa.organisations.constants import Role
from lotsa.organisations.models import Organisation, Unit, User
from lotsa.portal.services import participant_account_for
from lotsa.reporting import kept, services
from lotsa.reporting.common import ReportIncompleteError
from lotsa.reporting.esf import produce_esf
from lotsa.reporting.finsam import budget_total, produce_finsam
from lotsa.reporting.kolada import COUNTED, produce_kolada
from lotsa.reporting.models import Orientation
from lotsa.reporting.skr import produce_skr
from lotsa.reporting.socialstyrelsen import produce_socialstyrelsen
from lotsa.statistics.periods import Period, year
from lotsa.work import services as work_services
from lotsa.work.constants import AttendanceReportStatus, DayReview
from lotsa.work.models import AttendanceReport

# Full-time equivalents per unit running support: synthetic, by the unit's place in the list.
DEMO_FTE = ("6,5", "4", "3,25", "2")


def build_demo(context: Any) -> list[str]:
    last_year = year(context.today.year - 1)
    month_end = context.today.replace(day=1) - timedelta(days=1)
    last_month = Period(month_end.replace(day=1), month_end)
    lines = []
    for organisation in Organisation.objects.order_by("name"):
        manager = (
            User.objects.filter(organisation=organisation, role=Role.MANAGER, unit__isnull=False)
            .order_by("pk")
            .first()
        )
        if manager is not None:
            _survey_data(manager, organisation, context.today.year)
        try:
            kolada = produce_kolada(organisation, last_year)
            monthly = produce_socialstyrelsen(organisation, last_month)
            esf = produce_esf(organisation, last_year)
        except ReportIncompleteError as incomplete:
            lines.append(f"Rapporter, {organisation.name}: {incomplete.title}")
            continue
        counted = sum(kolada.counts[key] for key in COUNTED)
        closed = sum(kolada.counts.values())
        lines.append(
            f"Rapporter, {organisation.name}: resultat vid avslut {last_year.start.year} "
            f"{counted} av {closed}; månadsfil {last_month.start:%Y-%m} {len(monthly.rows)} "
            f"rader; uppföljda efter en månad {closed - esf.counts[1]['none']}"
        )
        lines.extend(_surveys(organisation, last_year, year(context.today.year)))
        shared = _share_an_attendance_month(organisation, last_month)
        if shared is not None:
            lines.append(
                f"Närvarorapport {last_month.start:%Y-%m} skickad till handläggaren, "
                f"{organisation.name}: ärende {shared.case_id}"
            )
    kept_files = (
        kept.keep_files(kept.MONTHLY, last_month)
        + kept.keep_files(kept.ATTENDANCE, last_month)
        + kept.keep_files(kept.YEARLY, last_year)
    )
    lines.append(f"Sparade rapportfiler: {len(kept_files)}")
    return lines


def _share_an_attendance_month(
    organisation: Organisation, month: Period
) -> AttendanceReport | None:
    """The first draft of the month whose case has a referring officer, through the services
    as the coach and the participant would: reviewed, confirmed, signed, shared."""
    report = (
        AttendanceReport.objects.filter(
            case__organisation=organisation,
            month=month.start,
            status=AttendanceReportStatus.DRAFT,
            case__referral__referrer__isnull=False,
            case__participant__is_protected=False,
        )
        .select_related("case__coach", "case__participant")
        .order_by("pk")
        .first()
    )
    if report is None or report.case.coach is None:
        return None
    coach = report.case.coach
    entries = {
        line.pk: work_services.DayEntry(review=DayReview.GAP)
        for line in report.days.all()
        if line.is_unreviewed
    }
    work_services.attendance_report_review(
        actor=coach, report=report, version=report.version, entries=entries
    )
    work_services.attendance_report_confirm(
        actor=participant_account_for(report.case.participant),
        report=report,
        version=report.version,
        agrees=True,
    )
    work_services.attendance_report_sign(actor=coach, report=report, version=report.version)
    work_services.attendance_report_share(actor=coach, report=report, version=report.version)
    return report


def _survey_data(manager: User, organisation: Organisation, this_year: int) -> None:
    units = Unit.objects.filter(organisation=organisation, runs_support=True).order_by("name")
    for unit, fte in zip(units, DEMO_FTE, strict=False):
        services.staff_fte_set(
            actor=manager, unit=unit, year=this_year - 1, fte=fte, expected_version=0
        )
    if not organisation.is_coordination_association:
        return
    individual = services.insats_save(
        actor=manager,
        insats=None,
        name="Jobbtorget för unga vuxna",
        orientation=Orientation.INDIVIDUAL,
        target_group="Unga vuxna 18–29 år långt från arbetsmarknaden",
        unit=manager.unit,
        follows_individuals=True,
    )
    structural = services.insats_save(
        actor=manager,
        insats=None,
        name="Gemensam kompetensutveckling",
        orientation=Orientation.STRUCTURAL,
        target_group="Personal hos förbundets parter",
        unit=None,
        follows_individuals=False,
    )
    for insats, budget, outcome in (
        (individual, 1_200_000, 1_130_000),
        (structural, 150_000, None),
    ):
        services.insats_year_set(
            actor=manager, insats=insats, year=this_year - 1, budget=budget, outcome=outcome
        )
        services.insats_year_set(
            actor=manager, insats=insats, year=this_year, budget=budget, outcome=None
        )


def _surveys(organisation: Organisation, last_year: Period, this_year: Period) -> list[str]:
    lines = []
    try:
        skr = produce_skr(organisation, last_year)
    except ReportIncompleteError as incomplete:
        lines.append(f"SKR:s enkät, {organisation.name}: {incomplete.title}")
    else:
        lines.append(
            f"SKR:s enkät {last_year.start.year}, {organisation.name}: {skr.participants} "
            f"deltagare, {skr.left} avslutade, årsarbetare registrerade för "
            f"{sum(1 for v in skr.fte.values() if v is not None)} enheter"
        )
    if organisation.is_coordination_association:
        finsam = produce_finsam(organisation, this_year)
        people = sum(sum(by_gender.values()) for by_gender in finsam.participants.values())
        lines.append(
            f"Uppföljning Finsam {this_year.start.year}, {organisation.name}: "
            f"{len(finsam.insatser)} insatser, {people} deltagare, budget {budget_total(finsam)} kr"
        )
    return lines
