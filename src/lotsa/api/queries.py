"""Reads for the API that the other apps' queries do not already give: service accounts for
the administrator's page, the filtered lists of /api/v1/, and the aggregated statistics. Every
one starts from the actor's filtered querysets (`*_visible_to`)."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa.api import policy
from lotsa.api.models import ExternalReferral, ServiceAccount
from lotsa.cases.constants import CaseStatus
from lotsa.cases.models import Case
from lotsa.cases.queries import cases_visible_to
from lotsa.core.suppression import column, protect, suppress_below
from lotsa.guidelines.constants import CriterionKind
from lotsa.guidelines.models import Criterion, TargetGroup
from lotsa.guidelines.queries import guideline_version_in_force
from lotsa.organisations.models import Unit
from lotsa.people.models import Participant
from lotsa.people.queries import participants_visible_to
from lotsa.referrals.constants import ReferralStatus
from lotsa.referrals.models import Referral
from lotsa.referrals.queries import referrals_visible_to

if TYPE_CHECKING:
    from lotsa.organisations.models import User


def service_accounts_visible_to(actor: "User") -> QuerySet[ServiceAccount]:
    if not policy.can_manage_service_accounts(actor):
        raise PermissionDenied
    return (
        ServiceAccount.objects.filter(organisation_id=actor.organisation_id)
        .select_related("user", "user__unit", "created_by", "revoked_by")
        .order_by("revoked_at", "name", "pk")
    )


def service_account_get(actor: "User", account_id: int) -> ServiceAccount:
    return get_object_or_404(service_accounts_visible_to(actor), pk=account_id)


def page_of(queryset: QuerySet, *, page: int, page_size: int) -> tuple[dict, list]:
    """Rows `page` (from 1) of `queryset`, and the paging block of the answer."""
    count = queryset.count()
    start = (page - 1) * page_size
    rows = list(queryset[start : start + page_size])
    has_next = start + len(rows) < count
    meta = {
        "count": count,
        "page": page,
        "page_size": page_size,
        "next_page": page + 1 if has_next else None,
    }
    return meta, rows


def participants_for_api(
    actor: "User", *, personal_number: str | None = None
) -> QuerySet[Participant]:
    """The people the actor may see, by name; only the one with `personal_number` if given."""
    people = participants_visible_to(actor).order_by("last_name", "first_name", "pk")
    if personal_number:
        people = people.filter(personal_number=personal_number)
    return people


def participant_for_api(actor: "User", participant_id: int) -> Participant | None:
    """The participant, if the actor may see them (None otherwise: the API answers 400)."""
    return participants_visible_to(actor).filter(pk=participant_id).first()


def unit_of_organisation(actor: "User", unit_id: int) -> Unit | None:
    """A unit of the actor's own organisation, or None."""
    return Unit.objects.filter(pk=unit_id, organisation_id=actor.organisation_id).first()


def referrals_for_api(
    actor: "User", *, status: str = "", external_id: str = ""
) -> QuerySet[Referral]:
    """The referrals the actor may see, newest first, with what the API answer shows."""
    referrals = (
        referrals_visible_to(actor)
        .select_related("case", "external_reference")
        .prefetch_related(
            Prefetch("target_groups", queryset=TargetGroup.objects.order_by("position", "id"))
        )
        .order_by("-submitted_at", "-pk")
    )
    if status:
        referrals = referrals.filter(status=status)
    if external_id:
        referrals = referrals.filter(external_reference__external_id=external_id)
    return referrals


def referral_for_api(actor: "User", referral_id: int) -> Referral:
    """One referral the actor may see, with what the API answer shows (DoesNotExist if not)."""
    return referrals_for_api(actor).get(pk=referral_id)


class ExternalIdTakenError(Exception):
    """The external id names a referral of the organisation that the actor may not see."""


def referral_by_external_id(actor: "User", external_id: str) -> Referral | None:
    """The referral sent earlier with `external_id`, or None; ExternalIdTakenError if it is
    one the actor may not see."""
    reference = ExternalReferral.objects.filter(
        organisation_id=actor.organisation_id, external_id=external_id
    ).first()
    if reference is None:
        return None
    referral = referrals_for_api(actor).filter(pk=reference.referral_id).first()
    if referral is None:
        raise ExternalIdTakenError
    return referral


def cases_for_api(
    actor: "User",
    *,
    status: str = "",
    participant_id: int | None = None,
    referral_id: int | None = None,
) -> QuerySet[Case]:
    """The cases the actor may see, newest first, filtered as the API list asks."""
    cases = cases_visible_to(actor).select_related("unit", "coach").order_by("-start_date", "-pk")
    if status:
        cases = cases.filter(status=status)
    if participant_id:
        cases = cases.filter(participant_id=participant_id)
    if referral_id:
        cases = cases.filter(referral_id=referral_id)
    return cases


@dataclass(frozen=True)
class GuidelineInForce:
    """What a referral sent today may name (all empty when no guideline is in force)."""

    name: str | None
    number: int | None
    target_groups: list[TargetGroup]
    questions: list[Criterion]


def guideline_in_force_for(actor: "User") -> GuidelineInForce:
    """The actor's organisation's guideline version in force today, for referral senders."""
    version = guideline_version_in_force(
        organisation_id=actor.organisation_id or 0, on=timezone.localdate()
    )
    if version is None:
        return GuidelineInForce(name=None, number=None, target_groups=[], questions=[])
    return GuidelineInForce(
        name=version.guideline.name,
        number=version.number,
        target_groups=list(version.target_groups.all()),
        questions=[c for c in version.criteria.all() if c.kind == CriterionKind.QUESTION],
    )


def target_groups_in_force(actor: "User") -> dict[str, TargetGroup] | None:
    """The target groups of the guideline in force by code; None when none is in force."""
    version = guideline_version_in_force(
        organisation_id=actor.organisation_id or 0, on=timezone.localdate()
    )
    if version is None:
        return None
    return {group.code: group for group in version.target_groups.all()}


@dataclass(frozen=True)
class Tally:
    key: str
    label: str
    count: int | None
    suppressed: bool


@dataclass(frozen=True)
class Breakdown:
    total: Tally
    by_status: list[Tally]
    by_target_group: list[Tally]


def _published(rows: list[tuple[str, str, int]], total: int | None) -> tuple[list[Tally], Tally]:
    """Rows (and their total, if it is their sum) with small counts hidden by the one
    suppression routine (lotsa.core.suppression): 1 to K-1 hidden, then whatever would let a
    reader narrow them down again."""
    hidden = protect(column([n for _k, _l, n in rows], total=total is not None)).hidden
    tallies = [
        Tally(key, label, None if (i, 0) in hidden else n, (i, 0) in hidden)
        for i, (key, label, n) in enumerate(rows)
    ]
    total_cell = (len(rows), 0)
    total_value = total if total is not None else sum(n for _k, _l, n in rows)
    total_hidden = total_cell in hidden or 0 < total_value < suppress_below()
    return tallies, Tally(
        "total", str(_("Totalt")), None if total_hidden else total_value, total_hidden
    )


def _breakdown(
    status_counts: Mapping[str, int],
    status_labels: Mapping[str, object],
    group_counts: list[dict],
) -> Breakdown:
    by_status, total = _published(
        [(code, str(label), status_counts.get(code, 0)) for code, label in status_labels.items()],
        sum(status_counts.values()),
    )
    # A referral may name two target groups, so these do not add up to the total: no
    # equations to protect, only small counts to hide.
    by_group, _unused = _published(
        [(row["code"], row["name"], row["count"]) for row in group_counts], None
    )
    return Breakdown(total=total, by_status=by_status, by_target_group=by_group)


def _group_counts(queryset: QuerySet, prefix: str) -> list[dict]:
    """Distinct rows per target-group code (a referral may name several groups)."""
    code, name = f"{prefix}target_groups__code", f"{prefix}target_groups__name"
    rows = (
        queryset.exclude(**{f"{code}__isnull": True})
        .values(code)
        .annotate(count=Count("pk", distinct=True))
        .order_by(code)
    )
    names = dict(queryset.exclude(**{f"{code}__isnull": True}).values_list(code, name).distinct())
    return [
        {"code": row[code], "name": names.get(row[code], ""), "count": row["count"]} for row in rows
    ]


@dataclass(frozen=True)
class Statistics:
    period_from: date
    period_to: date
    referrals: Breakdown
    cases: Breakdown


def statistics_for(actor: "User", *, period_from: date, period_to: date) -> Statistics:
    """Referrals received and cases started in the period, by status and target group.

    Counted over what the actor may see (`referrals_visible_to`, `cases_visible_to`), so a
    service account's statistics never include a person its user could not see.
    """
    referrals = referrals_visible_to(actor).filter(
        submitted_at__date__gte=period_from, submitted_at__date__lte=period_to
    )
    cases = cases_visible_to(actor).filter(start_date__gte=period_from, start_date__lte=period_to)
    referral_status = dict(
        referrals.order_by().values_list("status").annotate(n=Count("pk"))  # type: ignore[arg-type]
    )
    case_status = dict(
        cases.order_by().values_list("status").annotate(n=Count("pk"))  # type: ignore[arg-type]
    )
    return Statistics(
        period_from=period_from,
        period_to=period_to,
        referrals=_breakdown(
            referral_status,
            dict(ReferralStatus.choices),
            _group_counts(referrals.order_by(), ""),
        ),
        cases=_breakdown(
            case_status,
            dict(CaseStatus.choices),
            _group_counts(cases.order_by(), "referral__"),
        ),
    )
