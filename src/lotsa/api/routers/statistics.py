"""/api/v1/statistics/: aggregated counts for a period, small counts suppressed."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from lotsa.api import schemas as s
from lotsa.api.constants import Scope
from lotsa.api.errors import ApiError
from lotsa.api.queries import Breakdown, Tally, statistics_for
from lotsa.api.routers.common import ERRORS, acting_user
from lotsa.audit.constants import AuditAction
from lotsa.audit.services import audit_record
from lotsa.statistics.suppression import suppress_below

router = Router(tags=["statistics"])


class Period(Schema):
    period_from: s.PlausibleDate = Field(alias="from", description="First day (inclusive).")
    period_to: s.PlausibleDate = Field(alias="to", description="Last day (inclusive).")


def _count(row: Tally) -> dict:
    return {"key": row.key, "label": row.label, "count": row.count, "suppressed": row.suppressed}


def _breakdown(breakdown: Breakdown) -> dict:
    return {
        "total": _count(breakdown.total),
        "by_status": [_count(row) for row in breakdown.by_status],
        "by_target_group": [_count(row) for row in breakdown.by_target_group],
    }


@router.get(
    "/",
    response={200: s.StatisticsOut, **ERRORS},
    url_name="statistics",
    summary="Aggregated statistics for a period",
    description="Scope `statistics:read`. Referrals received and cases started in the period, "
    "by status and by target group, over what the account's user may see. Small counts (1 to "
    "`minimum_count` - 1), and counts that would let them be worked out from a total, are "
    "null with `suppressed: true`.",
)
def statistics(request: HttpRequest, period: Query[Period]) -> Any:
    actor = acting_user(request, Scope.STATISTICS_READ, query=("from", "to"))
    if period.period_to < period.period_from:
        raise ApiError(
            400,
            "invalid",
            _("Periodens slut ligger före dess början."),
            {"to": [_("Periodens slut ligger före dess början.")]},
        )
    if (period.period_to - period.period_from).days > 366 * 10:
        raise ApiError(
            400,
            "invalid",
            _("Välj en period på högst tio år."),
            {"from": [_("Välj en period på högst tio år.")]},
        )
    result = statistics_for(actor, period_from=period.period_from, period_to=period.period_to)
    audit_record(
        actor=actor,
        action=AuditAction.VIEW,
        object_type="statistics",
        summary=_("API: statistik %(start)s–%(end)s")
        % {"start": period.period_from, "end": period.period_to},
    )
    return {
        "period_from": result.period_from,
        "period_to": result.period_to,
        "minimum_count": suppress_below(),
        "referrals": _breakdown(result.referrals),
        "cases": _breakdown(result.cases),
    }
