"""Reads of referrals, already filtered by what the asking user may see."""

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import (
    BooleanField,
    ExpressionWrapper,
    F,
    Field,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.http import Http404
from django.utils import timezone

from lotsa.audit.constants import AuditAction
from lotsa.audit.services import audit_record
from lotsa.cases.constants import OPEN_ACTIVITY_STATUSES
from lotsa.cases.models import Activity, Case, Goal
from lotsa.cases.policy import visible_cases_q
from lotsa.core.statements import compiled_rows
from lotsa.guidelines.constants import Eligibility
from lotsa.guidelines.evaluation import Evaluation
from lotsa.guidelines.models import TargetGroup
from lotsa.guidelines.queries import version_evaluate
from lotsa.organisations.models import Unit
from lotsa.people.personnummer import age_on
from lotsa.people.policy import participant_relations
from lotsa.referrals import policy
from lotsa.referrals.constants import ReferralStatus
from lotsa.referrals.eligibility import referral_facts
from lotsa.referrals.models import Referral, referral_days_waiting, referral_source_label

if TYPE_CHECKING:
    from lotsa.guidelines.models import GuidelineVersion
    from lotsa.organisations.models import User
    from lotsa.people.models import Participant


def referrals_visible_to(actor: "User") -> QuerySet[Referral]:
    """Every referral `actor` may see: referrers their own, managers those to their unit."""
    return Referral.objects.filter(policy.visible_referrals_q(actor)).select_related(
        "participant",
        "referrer",
        "referring_unit",
        "receiving_unit",
        "guideline_version__guideline",
    )


def my_referrals(actor: "User") -> QuerySet[Referral]:
    """The referrals `actor` sent, newest first, with the case (and its coach) once accepted."""
    return (
        referrals_visible_to(actor)
        .filter(referrer=actor)
        .select_related("case", "case__coach")
        .order_by("-submitted_at", "-pk")
    )


def _waiting_for_unit(actor: "User") -> QuerySet[Referral]:
    """The referrals the manager's unit has to decide, in queue order, with `ranks_as_priority`:
    a referral that does not meet the guideline is never ranked as prioritised, whatever was
    stored. No joins: the callers add what they show."""
    return (
        Referral.objects.filter(
            policy.visible_referrals_q(actor),
            receiving_unit_id=actor.unit_id,
            status=ReferralStatus.SUBMITTED,
        )
        .annotate(
            ranks_as_priority=ExpressionWrapper(
                Q(is_priority=True) & ~Q(eligibility=Eligibility.NOT_MET),
                output_field=BooleanField(),
            )
        )
        .order_by("-ranks_as_priority", "submitted_at", "pk")
    )


def intake_queue(actor: "User") -> QuerySet[Referral]:
    """Referrals waiting for the manager's unit: young people (priority) first, then oldest.

    A referral that does not meet the guideline is never ranked as prioritised, whatever was
    stored (`ranks_as_priority` on each row)."""
    if not policy.can_view_intake_queue(actor):
        return Referral.objects.none()
    return (
        _waiting_for_unit(actor)
        .select_related(
            "participant",
            "referrer",
            "referring_unit",
            "receiving_unit",
            "guideline_version__guideline",
        )
        .prefetch_related(
            Prefetch("target_groups", queryset=TargetGroup.objects.order_by("position", "id"))
        )
    )


@dataclass(frozen=True)
class QueueRow:
    """One row of the intake queue page, with what its cells show worked out."""

    pk: int
    last_name: str
    first_name: str
    is_protected: bool
    age: int
    ranks_as_priority: bool
    priority_age_below: int
    eligibility: str
    eligibility_label: str
    days_waiting: int
    target_groups: list[str]
    referring_unit: str
    referrer: str
    source_label: str


_QUEUE_COLUMNS = (
    "pk",
    "ranks_as_priority",
    "participant__last_name",
    "participant__first_name",
    "participant__is_protected",
    "participant__birth_date",
    "guideline_version__priority_age_below",
    "eligibility",
    "submitted_at",
    "decided_at",
    "source",
    "source_name",
    "identity_verified",
    "referring_unit__name",
    "referrer__first_name",
    "referrer__last_name",
    "referrer__username",
)


class _TargetGroupNames(Subquery):
    """A referral's target group names in their order, as one value of its row: a PostgreSQL
    array, or on SQLite a JSON array in text (`_names` reads either)."""

    template = "ARRAY(%(subquery)s)"
    output_field = Field()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return super().as_sql(
            compiler,
            connection,
            template='(SELECT json_group_array("group_name") FROM (%(subquery)s))',
            **extra,
        )


def _target_group_names() -> QuerySet[Any]:
    through = Referral.target_groups.through
    return (
        through.objects.filter(referral_id=OuterRef("pk"))
        .order_by("targetgroup__position", "targetgroup__id")
        .annotate(group_name=F("targetgroup__name"))
        .values("group_name")
    )


def _names(value: Any) -> list[str]:
    if isinstance(value, str):  # SQLite's JSON text
        return list(json.loads(value))
    return list(value or [])


def _user_name(first_name: str | None, last_name: str | None, username: str | None) -> str:
    # What str(User) gives: the full name, else the user name.
    return f"{first_name or ''} {last_name or ''}".strip() or (username or "")


def intake_queue_rows(actor: "User") -> list[QueueRow]:
    """The intake queue as its page shows it, in `intake_queue`'s order and under its
    visibility filter, in one query: the referrals with only the columns shown (joined to the
    participant, the guideline version and the sender) and each one's target groups."""
    if not policy.can_view_intake_queue(actor):
        return []
    # Compiled once per actor: building and compiling it cost more than running it
    # (lotsa.core.statements).
    found: list[Any] = compiled_rows(
        Referral,
        (
            "intake_queue",
            actor.pk,
            actor.role,
            actor.unit_id,
            actor.organisation_id,
            bool(getattr(actor, "is_service_account", False)),
            participant_relations.version,
        ),
        lambda: (
            _waiting_for_unit(actor)
            .annotate(target_group_names=_TargetGroupNames(_target_group_names()))
            .values_list(*_QUEUE_COLUMNS, "target_group_names", named=True)
        ),
    )
    groups = {row.pk: _names(row.target_group_names) for row in found}
    today = timezone.localdate()
    labels = dict(Eligibility.choices)
    rows = []
    for row in found:
        referrer = _user_name(
            row.referrer__first_name, row.referrer__last_name, row.referrer__username
        )
        unit = row.referring_unit__name or ""
        rows.append(
            QueueRow(
                pk=row.pk,
                last_name=row.participant__last_name,
                first_name=row.participant__first_name,
                is_protected=row.participant__is_protected,
                age=age_on(row.participant__birth_date, today),
                ranks_as_priority=row.ranks_as_priority,
                priority_age_below=row.guideline_version__priority_age_below,
                eligibility=row.eligibility,
                eligibility_label=str(labels.get(row.eligibility, row.eligibility)),
                days_waiting=referral_days_waiting(row.submitted_at, row.decided_at),
                target_groups=groups[row.pk],
                referring_unit=unit,
                referrer=referrer,
                source_label=referral_source_label(
                    row.source,
                    identity_verified=row.identity_verified,
                    source_name=row.source_name,
                    referrer=lambda referrer=referrer, unit=unit: f"{referrer}, {unit}",
                ),
            )
        )
    return rows


def referral_get(actor: "User", referral_id: int, *, log: bool = True) -> Referral:
    """One referral `actor` may see (404 otherwise); the look-up is written to the audit log."""
    try:
        referral = (
            referrals_visible_to(actor)
            .select_related("decided_by")
            .prefetch_related(
                Prefetch("target_groups", queryset=TargetGroup.objects.order_by("position", "id"))
            )
            .get(pk=referral_id)
        )
    except Referral.DoesNotExist as missing:
        raise Http404 from missing
    if log:
        audit_record(
            actor=actor,
            action=AuditAction.VIEW,
            obj=referral,
            participant=referral.participant,
        )
    return referral


def referral_case(actor: "User", referral: Referral) -> Case | None:
    """The case opened from `referral` if `actor` may see it, with goals and open activities."""
    return (
        Case.objects.filter(visible_cases_q(actor), referral_id=referral.pk)
        .select_related("coach", "unit")
        .prefetch_related(
            Prefetch("goals", queryset=Goal.objects.order_by("id")),
            Prefetch(
                "activities",
                queryset=Activity.objects.filter(status__in=OPEN_ACTIVITY_STATUSES)
                .select_related("activity_type")
                .order_by("starts_on", "id"),
                to_attr="open_activities",
            ),
        )
        .first()
    )


def receiving_units_visible_to(actor: "User") -> QuerySet[Unit]:
    """Units of the actor's organisation that take referrals."""
    return Unit.objects.filter(
        organisation_id=actor.organisation_id, runs_support=True, is_active=True
    ).order_by("name")


def referral_eligibility_preview(
    *,
    version: "GuidelineVersion",
    participant: "Participant | None",
    target_groups: Iterable[TargetGroup],
    answers: Mapping[str, str] | None = None,
    work_capacity_investigated_on: date | None = None,
    work_capacity_investigated_by: str = "",
    work_capacity_summary: str = "",
    stability_since: date | None = None,
    consent_parties: Sequence[str] = (),
    consent_given_on: date | None = None,
) -> Evaluation:
    """The result the referral would get if submitted now (shown while the form is filled in).

    `participant` comes from `people.queries.participants_visible_to`, so it is one the actor
    may see; only the birth date is used (for priority).
    """
    facts = referral_facts(
        on=timezone.localdate(),
        birth_date=participant.birth_date if participant is not None else None,
        target_groups=target_groups,
        answers=answers,
        work_capacity_investigated_on=work_capacity_investigated_on,
        work_capacity_investigated_by=work_capacity_investigated_by,
        work_capacity_summary=work_capacity_summary,
        stability_since=stability_since,
        consent_parties=consent_parties,
        consent_given_on=consent_given_on,
    )
    return version_evaluate(version, facts)
