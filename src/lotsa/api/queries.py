"""Reads for the API that the other apps' queries do not already give: service accounts for
the administrator's page and the aggregated statistics. Both start from filtered querysets."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from lotsa.api import policy
from lotsa.api.models import ServiceAccount
from lotsa.cases.constants import CaseStatus
from lotsa.cases.queries import cases_visible_to
from lotsa.core.suppression import column, protect, suppress_below
from lotsa.referrals.constants import ReferralStatus
from lotsa.referrals.queries import referrals_visible_to

if TYPE_CHECKING:
    from lotsa.organisations.models import User


def service_accounts_of(actor: "User") -> QuerySet[ServiceAccount]:
    if not policy.can_manage_service_accounts(actor):
        raise PermissionDenied
    return (
        ServiceAccount.objects.filter(organisation_id=actor.organisation_id)
        .select_related("user", "user__unit", "created_by", "revoked_by")
        .order_by("revoked_at", "name", "pk")
    )


def service_account_get(actor: "User", account_id: int) -> ServiceAccount:
    try:
        return service_accounts_of(actor).get(pk=account_id)
    except ServiceAccount.DoesNotExist as missing:
        raise Http404 from missing


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
