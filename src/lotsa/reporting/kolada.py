"""Kolada's "resultat vid avslut", exactly, beside the 18-month measure of the board report.

Of the participants who left the municipal labour-market activity in the period (here: each
closure of a case in the period), the share who started **work** — regular employment,
subsidised or not, that has lasted at least one continuous month; municipal labour-market
employments do not count — or **studies** that give the right to student finance (CSN).
Source: Kolada / SKR, "Deltagare som gått till arbete eller studier efter avslutad kommunal
arbetsmarknadsinsats" (docs/statistics.md). What a closure records for it:
`cases.closure_details`; "lasted one month" is the answer at the follow-up one month after
closure (`outcomes`, `work_lasted_month`).
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _

from lotsa.cases.closure_details import missing_closure_details
from lotsa.cases.constants import WORK_REASONS, CaseStatus, ClosureReason
from lotsa.cases.models import Case
from lotsa.organisations.models import Organisation
from lotsa.outcomes.constants import OutcomeStatus
from lotsa.outcomes.models import OutcomeFollowUp
from lotsa.reporting.common import Problem, ReportIncompleteError
from lotsa.statistics.periods import Period
from lotsa.statistics.report import BoardReportBuilder, ReportFilter
from lotsa.statistics.suppression import suppress_below
from lotsa.statistics.tables import Table

WORK = "work"
STUDIES = "studies"
MUNICIPAL = "municipal"
SHORT_WORK = "short_work"
STUDIES_NO_CSN = "studies_no_csn"
OTHER = "other"
CATEGORIES = (WORK, STUDIES, MUNICIPAL, SHORT_WORK, STUDIES_NO_CSN, OTHER)
COUNTED = (WORK, STUDIES)


def category_labels() -> dict[str, str]:
    return {
        WORK: _("Arbete som varat minst en månad i följd"),
        STUDIES: _("Studier med rätt till studiemedel"),
        MUNICIPAL: _("Kommunal arbetsmarknadsanställning (räknas inte)"),
        SHORT_WORK: _("Arbete som inte varade en månad (räknas inte)"),
        STUDIES_NO_CSN: _("Studier utan rätt till studiemedel (räknas inte)"),
        OTHER: _("Annan avslutsorsak"),
    }


@dataclass(frozen=True)
class Closure:
    """A closure as the definition reads it."""

    case: Case
    follow_up_due: Any  # the one-month follow-up's due date (None: none scheduled)
    follow_up_status: str
    work_lasted_month: bool | None


def classify(closure: Closure) -> tuple[str, str]:
    """(category, problem): where Kolada puts the closure, or what keeps it from saying."""
    case = closure.case
    missing = missing_closure_details(case)
    if missing:
        return "", " ".join(missing)
    if case.closure_reason == ClosureReason.STUDIES:
        return (STUDIES, "") if case.closure_csn_eligible else (STUDIES_NO_CSN, "")
    if case.closure_reason not in WORK_REASONS:
        return OTHER, ""
    if case.closure_municipal_employment:
        return MUNICIPAL, ""
    if closure.follow_up_due is None:
        return "", _(
            "Uppföljningen en månad efter avslut saknas (lotsa schedule_outcomes planerar den)."
        )
    if not closure.follow_up_status:
        return "", _(
            "Uppföljningen en månad efter avslut (planerad %(due)s) är inte registrerad: den "
            "visar om arbetet varade en månad."
        ) % {"due": closure.follow_up_due.isoformat()}
    if closure.follow_up_status != OutcomeStatus.IN_WORK:
        return SHORT_WORK, ""
    if closure.work_lasted_month is None:
        return "", _(
            "Uppföljningen en månad efter avslut saknar svar på om arbetet varade en månad."
        )
    return (WORK, "") if closure.work_lasted_month else (SHORT_WORK, "")


def closures(organisation: Organisation, period: Period) -> list[Closure]:
    """The organisation's closures in the period with their one-month follow-up: one query."""
    one_month = OutcomeFollowUp.objects.filter(case=OuterRef("pk"), months_after=1)
    cases = (
        Case.objects.filter(
            organisation=organisation,
            status=CaseStatus.CLOSED,
            closed_on__gte=period.start,
            closed_on__lte=period.end,
        )
        .annotate(
            follow_up_due=Subquery(one_month.values("due_on")[:1]),
            follow_up_status=Subquery(one_month.values("status")[:1]),
            follow_up_lasted=Subquery(one_month.values("work_lasted_month")[:1]),
        )
        .only(
            "pk",
            "closure_reason",
            "closure_employment_start",
            "closure_municipal_employment",
            "closure_study_form",
            "closure_csn_eligible",
        )
        .order_by("pk")
    )
    return [
        Closure(
            case=case,
            follow_up_due=case.follow_up_due,  # type: ignore[attr-defined]
            follow_up_status=case.follow_up_status or "",  # type: ignore[attr-defined]
            work_lasted_month=case.follow_up_lasted,  # type: ignore[attr-defined]
        )
        for case in cases
    ]


@dataclass
class KoladaReport:
    organisation: Organisation
    period: Period
    counts: dict[str, int]
    tables: list[Table]

    @property
    def title(self) -> str:
        return _("Resultat vid avslut (Kolada) %(period)s") % {"period": str(self.period)}


def produce_kolada(organisation: Organisation, period: Period) -> KoladaReport:
    """Kolada's "resultat vid avslut" for the organisation and period, with the 18-month
    measure beside it; ReportIncompleteError naming every case that lacks what it needs."""
    counts = dict.fromkeys(CATEGORIES, 0)
    problems = []
    for closure in closures(organisation, period):
        category, problem = classify(closure)
        if problem:
            problems.append(Problem(closure.case.pk, problem))
        else:
            counts[category] += 1
    if problems:
        raise ReportIncompleteError(
            _("Resultat vid avslut kan inte tas fram: %(n)s avslut saknar uppgifter.")
            % {"n": len(problems)},
            problems,
        )
    labels = category_labels()
    total = sum(counts.values())
    counted = counts[WORK] + counts[STUDIES]
    below = suppress_below()
    small = any(0 < n < below for n in (counted, total - counted))
    count_table = Table(
        key="kolada_closures",
        title=_("Avslut efter vad som hände sedan"),
        definition=_(
            "Ärenden som avslutades under perioden. Arbete räknas när det är en anställning, "
            "med eller utan subvention, som enligt uppföljningen en månad efter avslut har "
            "varat minst en månad i följd; kommunala arbetsmarknadsanställningar räknas inte. "
            "Studier räknas när de ger rätt till studiemedel från CSN (Komvux, folkhögskola, "
            "högskola m.fl.)."
        ),
        row_header=_("Efter avslut"),
        rows=[labels[key] for key in CATEGORIES],
        columns=[_("Avslut")],
        current=[[counts[key]] for key in CATEGORIES],
        column_totals=True,
    )
    share_table = Table(
        key="kolada_share",
        title=_("Andel till arbete eller studier (Koladas resultat vid avslut)"),
        definition=_(
            "Avslut till arbete som varat minst en månad eller till studier med rätt till "
            "studiemedel, i procent av alla avslut under perioden; visas inte när den skulle "
            "avslöja färre än fem."
        ),
        row_header=_("Mått"),
        rows=[_("Andel till arbete eller studier")],
        columns=[_("Procent")],
        current=[[round(100 * counted / total, 1) if total else None]],
        current_basis=[[0 if small else total]],
        kind="measure",
        unit="%",
    )
    eighteen = BoardReportBuilder(ReportFilter(organisation=organisation, period=period))
    return KoladaReport(
        organisation=organisation,
        period=period,
        counts=counts,
        tables=[count_table, share_table, *eighteen.work_or_studies()],
    )
