"""Reads of applications and decisions, filtered by what the actor may see (decisions.policy)."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from lotsa.audit.services import audit_view
from lotsa.cases.caseload import CaseloadContext
from lotsa.cases.models import Case
from lotsa.cases.policy import can_view_case
from lotsa.core.formatting import format_number
from lotsa.core.statements import compiled_rows
from lotsa.core.suppression import PRIMARY, SECONDARY, Counts, Measure, protect, suppress_below
from lotsa.decisions import policy
from lotsa.decisions.constants import (
    REMINDER_THRESHOLDS,
    ApplicationStatus,
    DecisionKind,
    DecisionOutcome,
)
from lotsa.decisions.models import Application, Decision, Delegation, ParallelSupport
from lotsa.guidelines.constants import VersionStatus
from lotsa.guidelines.models import Criterion, GuidelineVersion, TargetGroup
from lotsa.organisations.models import District, Unit
from lotsa.people.policy import visible_participants_q

if TYPE_CHECKING:
    from lotsa.organisations.models import User


def applications_visible_to(actor: "User") -> QuerySet[Application]:
    return Application.objects.filter(policy.visible_applications_q(actor))


def application_rows_visible_to(actor: "User", *, status: str = "") -> QuerySet[Application]:
    """The actor's applications with what the list shows, in a constant number of queries."""
    applications = applications_visible_to(actor).select_related(
        "participant", "referrer", "guideline_version__guideline"
    )
    if status in ApplicationStatus.values:
        applications = applications.filter(status=status)
    return applications.prefetch_related(
        Prefetch("decisions", queryset=Decision.objects.order_by("decided_on", "id"))
    )


def application_get(actor: "User", application_id: int, *, log: bool = True) -> Application:
    """One application `actor` may see (404 otherwise); the look-up is written to the log."""
    application = get_object_or_404(
        applications_visible_to(actor)
        .select_related(
            "participant",
            "participant__district",
            "referrer",
            "unit",
            "continues",
            "guideline_version__guideline",
        )
        .prefetch_related(
            "target_groups",
            Prefetch(
                "guideline_version__criteria",
                queryset=Criterion.objects.order_by("position", "id"),
            ),
            Prefetch(
                "guideline_version__target_groups",
                queryset=TargetGroup.objects.order_by("position", "id"),
            ),
            Prefetch(
                "decisions",
                queryset=Decision.objects.select_related("decided_by", "referral").order_by(
                    "decided_on", "id"
                ),
            ),
        ),
        pk=application_id,
    )
    if log:
        audit_view(actor=actor, obj=application, participant=application.participant)
    return application


def decision_get(actor: "User", decision_id: int, *, log: bool = True) -> Decision:
    """One decision `actor` may see (404 otherwise); the look-up is written to the log."""
    decision = get_object_or_404(
        Decision.objects.filter(application__in=applications_visible_to(actor)).select_related(
            "application__referrer",
            "application__unit",
            "participant",
            "decided_by",
            "guideline_version__guideline",
            "extends",
            "referral__receiving_unit",
            "case",
        ),
        pk=decision_id,
    )
    if log:
        audit_view(actor=actor, obj=decision, participant=decision.participant)
    return decision


def published_versions_visible_to(actor: "User", on: date) -> QuerySet[GuidelineVersion]:
    """The organisation's published versions in force on `on` that are granted by decision,
    one per guideline (the newest in force): a city can have several guidelines."""
    newer = GuidelineVersion.objects.filter(
        guideline_id=OuterRef("guideline_id"),
        status=VersionStatus.PUBLISHED,
        effective_from__lte=on,
        effective_from__gt=OuterRef("effective_from"),
    )
    return (
        GuidelineVersion.objects.filter(
            guideline__organisation_id=actor.organisation_id,
            guideline__uses_formal_decisions=True,
            status=VersionStatus.PUBLISHED,
            effective_from__lte=on,
        )
        .exclude(Exists(newer))
        .select_related("guideline")
        .order_by("guideline__name")
    )


def parallel_supports_visible_to(actor: "User", participant_id: int) -> QuerySet[ParallelSupport]:

    return ParallelSupport.objects.filter(
        participant_id=participant_id,
        organisation_id=actor.organisation_id,
        participant__in=(
            __import__("lotsa.people.models", fromlist=["Participant"])
            .Participant.objects.filter(visible_participants_q(actor))
            .values("pk")
        ),
    )


def current_decisions() -> QuerySet[Decision]:
    """Granted decisions not replaced by an extension."""
    return Decision.objects.filter(outcome=DecisionOutcome.GRANTED).filter(extension__isnull=True)


def annotate_decision_end(cases: "QuerySet[Case]", actor: "User", today: date) -> "QuerySet[Case]":
    """The case list's column "Beslut gäller till" (registered in decisions.extensions): the
    last day of the case's current granted decision as `decision_ends_on`. A subquery, so the
    list runs no extra query; whether it ends soon or has ended is read off the date
    (`decision_end_state`), so the subquery is not repeated in the statement. Whoever sees a
    case may see the decisions behind it (decisions.policy), so `actor` narrows nothing."""
    current = current_decisions().filter(case_id=OuterRef("pk")).order_by("-valid_to", "-id")
    return cases.annotate(decision_ends_on=Subquery(current.values("valid_to")[:1]))


def decision_end_state(ends_on: date | None, today: date) -> str:
    """ "ended", "soon" (within the first reminder threshold) or "" for a decision's last day."""
    if ends_on is None:
        return ""
    if ends_on < today:
        return "ended"
    if ends_on <= today + timedelta(days=min(REMINDER_THRESHOLDS)):
        return "soon"
    return ""


def expiring_decisions(actor: "User", *, today: date, within_days: int) -> QuerySet[Decision]:
    """Granted decisions the actor may see that end within `within_days` from `today`."""
    if not policy.can_view_expiry(actor):
        raise PermissionDenied
    return (
        current_decisions()
        .filter(
            application__in=applications_visible_to(actor),
            valid_to__gte=today,
            valid_to__lte=today + timedelta(days=within_days),
        )
        .select_related("participant", "application__referrer", "guideline_version__guideline")
        .order_by("valid_to", "id")
    )


@dataclass
class EqualAccessRow:
    key: int | None
    name: str
    applications: int
    granted: int
    rejected: int

    @property
    def decided(self) -> int:
        return self.granted + self.rejected

    @property
    def granted_share(self) -> int | None:
        """Granted decisions as a whole percentage of decisions; None without decisions."""
        return round(100 * self.granted / self.decided) if self.decided else None


@dataclass(frozen=True)
class PublishedAccessRow:
    """An equal-access row as published: counts as text ("<5", ".." or the number), and the
    share granted as text ("–" when there is none or it is withheld)."""

    name: str
    applications: str
    granted: str
    rejected: str
    granted_share: str


def equal_access_published(rows: list[EqualAccessRow]) -> list[PublishedAccessRow]:
    """The rows through the one suppression routine (lotsa.core.suppression): counts from 1 to
    K-1 hidden, and a share published only when its base (the decisions) is shown and at least K.
    There are no published totals, so nothing else needs hiding."""
    fields = ("applications", "granted", "rejected")
    values = {
        (i, j): getattr(row, name) for i, row in enumerate(rows) for j, name in enumerate(fields)
    }
    measures = tuple(
        Measure(
            key=("share", i),
            weights={(i, 1): 1.0},
            denominator=((i, 1), (i, 2)),
            value=float(row.granted_share),
            half_step=0.5,
            scale=100.0,
        )
        for i, row in enumerate(rows)
        if row.granted_share is not None
    )
    below = suppress_below()
    hidden = protect(Counts(values=values, measures=measures), below)
    marks = {PRIMARY: f"<{below}", SECONDARY: ".."}

    def text(i: int, j: int) -> str:
        return marks.get(hidden.mark((i, j)), format_number(values[(i, j)]))

    return [
        PublishedAccessRow(
            name=row.name,
            applications=text(i, 0),
            granted=text(i, 1),
            rejected=text(i, 2),
            granted_share="–"
            if row.granted_share is None or ("share", i) in hidden.withheld
            else f"{format_number(row.granted_share)} %",
        )
        for i, row in enumerate(rows)
    ]


def _period_counts(actor: "User", start: date, end: date, group: str) -> list[dict[str, Any]]:
    return _periods_counts(actor, [(start, end)], group)[0]


def _periods_counts(
    actor: "User", periods: Sequence[tuple[date, date]], group: str
) -> list[list[dict[str, Any]]]:
    """Per period, the groups with anything in it: {group, applications, granted, rejected},
    ordered by group; every period's counts are filtered counts of one grouped query."""
    if not policy.can_view_equal_access(actor):
        raise PermissionDenied

    def build() -> QuerySet[Any]:
        applications = Application.objects.filter(
            organisation_id=actor.organisation_id,
            participant__is_protected=False,
        )
        counts, anything = _period_annotations(periods)
        return applications.values(group).annotate(**counts).filter(anything).order_by(group)

    # Compiled once per organisation, group and periods (the SQL depends on nothing else).
    statement = ("decision counts", actor.organisation_id, group, tuple(periods))
    found: list[list[dict[str, Any]]] = [[] for _period in periods]
    for row in compiled_rows(Application, statement, build):
        for index, rows in enumerate(found):
            mine = {key: row[f"p{index}_{key}"] for key in ("applications", "granted", "rejected")}
            if any(mine.values()):
                rows.append({group: row[group], **mine})
    return found


def _period_annotations(periods: Sequence[tuple[date, date]]) -> tuple[dict[str, Count], Q]:
    """Each period's filtered counts, and a filter for groups with anything in any period."""
    counts: dict[str, Count] = {}
    anything = Q()
    for index, (start, end) in enumerate(periods):
        in_period = Q(received_on__gte=start, received_on__lte=end)
        decided = Q(
            decisions__kind=DecisionKind.INITIAL,
            decisions__decided_on__gte=start,
            decisions__decided_on__lte=end,
        )
        counts[f"p{index}_applications"] = Count("pk", filter=in_period, distinct=True)
        counts[f"p{index}_granted"] = Count(
            "decisions",
            filter=decided & Q(decisions__outcome=DecisionOutcome.GRANTED),
            distinct=True,
        )
        counts[f"p{index}_rejected"] = Count(
            "decisions",
            filter=decided & Q(decisions__outcome=DecisionOutcome.REJECTED),
            distinct=True,
        )
        for key in ("applications", "granted", "rejected"):
            anything |= Q(**{f"p{index}_{key}__gt": 0})
    return counts, anything


def decisions_by_district(actor: "User", start: date, end: date) -> list[EqualAccessRow]:
    """Applications and first decisions per district of the actor's organisation in a period.

    For equal access (issue 4) and the statistics. Managers and administrators only
    (PermissionDenied otherwise). Counts only; people with protected identity are left out.

    Returns one `EqualAccessRow` per district of the organisation, ordered by name, then one
    row with `key=None`, name "Stadsdel saknas" for applicants without a district (only if it
    has counts). Each row has:
      - `key`: the District id (None for the missing-district row),
      - `name`: the district's name,
      - `applications`: applications received from `start` to `end` (inclusive),
      - `granted`, `rejected`: initial decisions (not extensions) decided in the period,
        whenever the application came in,
      - `decided` (property): granted + rejected,
      - `granted_share` (property): granted as a whole percentage of decided, or None.
    Districts with nothing in the period are included with zeros, so gaps are visible.
    Runs two queries.
    """

    return decisions_by_district_periods(actor, [(start, end)])[0]


def decisions_by_district_periods(
    actor: "User", periods: Sequence[tuple[date, date]]
) -> list[list[EqualAccessRow]]:
    """`decisions_by_district` for several periods (start, end) at once, in two queries."""
    found = _periods_counts(actor, periods, "participant__district_id")
    organisation_id = actor.organisation_id
    districts = compiled_rows(
        District,
        ("districts", organisation_id),
        lambda: District.objects.filter(organisation_id=organisation_id),
    )
    result = []
    for period_rows in found:
        counts = {row["participant__district_id"]: row for row in period_rows}
        rows = [
            _row(district.pk, district.name, counts.pop(district.pk, None))
            for district in districts
        ]
        missing = counts.pop(None, None)
        if missing:
            rows.append(_row(None, _("Stadsdel saknas"), missing))
        result.append(rows)
    return result


def decisions_by_target_group(actor: "User", start: date, end: date) -> list[EqualAccessRow]:
    """As `decisions_by_district`, per target group chosen in the application (a person in two
    groups counts in both); `key` is the target group's code, rows ordered by name."""
    counts = _period_counts(actor, start, end, "target_groups__code")
    names = dict(
        TargetGroup.objects.filter(
            version__guideline__organisation_id=actor.organisation_id
        ).values_list("code", "name")
    )
    rows = [
        _row(None, names.get(row["target_groups__code"], _("Målgrupp saknas")), row)
        for row in counts
    ]
    for row, source in zip(rows, counts, strict=True):
        row.key = source["target_groups__code"]  # type: ignore[assignment]
    return sorted(rows, key=lambda row: row.name)


def _row(key: int | None, name: str, counts: dict[str, Any] | None) -> EqualAccessRow:
    counts = counts or {}
    return EqualAccessRow(
        key=key,
        name=name,
        applications=counts.get("applications", 0),
        granted=counts.get("granted", 0),
        rejected=counts.get("rejected", 0),
    )


def case_decisions(actor: "User", case: "Case") -> list[Decision]:
    """Decisions about the case's person that the actor may see, newest first (one query)."""
    return list(
        Decision.objects.filter(
            participant_id=case.participant_id,
            organisation_id=case.organisation_id,
            application__in=applications_visible_to(actor),
        )
        .select_related("guideline_version__guideline")
        .order_by("-decided_on", "-id")
    )


def support_units(actor: "User") -> QuerySet[Unit]:
    """The active units of the actor's organisation that run the support a decision grants."""
    return Unit.objects.filter(
        organisation_id=actor.organisation_id, runs_support=True, is_active=True
    )


def first_decision(decision: Decision) -> Decision:
    """The decision that `decision` extends, and so on back to the first one (with referral)."""
    first = decision
    while first.extends_id is not None:
        first = Decision.objects.select_related("referral").get(pk=first.extends_id)
    return first


def is_extended(decision: Decision) -> bool:
    """Whether a later decision already extends `decision`."""
    return Decision.objects.filter(extends=decision).exists()


def decision_case(actor: "User", decision: Decision) -> "Case | None":
    """The case the decision belongs to, if there is one and the actor may see it."""
    if not decision.case_id:
        return None
    case = Case.objects.filter(pk=decision.case_id).first()
    return case if case is not None and can_view_case(actor, case) else None


def delegation_register(actor: "User") -> list[Delegation]:
    """The organisation's delegation register, for its administrator (one query)."""
    if not policy.can_manage_delegations(actor):
        raise PermissionDenied
    return list(
        Delegation.objects.filter(organisation_id=actor.organisation_id)
        .select_related("user", "unit")
        .order_by("-valid_from", "-id")
    )


def delegation_get(actor: "User", delegation_id: int) -> Delegation:
    if not policy.can_manage_delegations(actor):
        raise PermissionDenied
    return get_object_or_404(Delegation, pk=delegation_id, organisation_id=actor.organisation_id)


def decision_ends_soon_q(context: CaseloadContext) -> Q:
    """The caseload filter "Beslut slutar inom 30 dagar": the case's current granted decision
    ends between today and 30 days from now."""
    ending = current_decisions().filter(
        case_id__isnull=False, valid_to__gte=context.today, valid_to__lte=context.ending_by
    )
    return Q(pk__in=ending.values("case_id"))
