# mypy: disable-error-code="valid-type"
"""/api/v1/cases/: list and read cases and their plans."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from lotsa.api import queries
from lotsa.api import schemas as s
from lotsa.api.constants import Scope
from lotsa.api.routers.common import (
    ERRORS,
    ID,
    PAGING,
    Paging,
    acting_user,
    log_list,
    page,
    unit_out,
)
from lotsa.cases.models import Activity, Case, Goal, PlanVersion
from lotsa.cases.queries import case_get, plan_get

router = Router(tags=["cases"])


def _case(case: Case) -> dict:
    return {
        "id": case.pk,
        "participant_id": case.participant_id,
        "referral_id": case.referral_id,
        "unit": unit_out(case.unit),
        "coach": str(case.coach),
        "status": case.status,
        "status_label": case.get_status_display(),
        "start_date": case.start_date,
        "waiting_days": case.waiting_days,
        "next_follow_up_on": case.next_follow_up_on,
        "last_contact_on": case.last_contact_on,
        "closed_on": case.closed_on,
        "closure_reason": case.closure_reason,
        "closure_reason_label": case.get_closure_reason_display() if case.closure_reason else "",
        "plan_version": case.plan_version,
    }


class CaseFilter(Schema):
    status: s.CaseStatusCode | None = None
    participant_id: s.ObjectId | None = None
    referral_id: s.ObjectId | None = None


@router.get(
    "/",
    response={200: s.CasePage, **ERRORS},
    url_name="cases",
    summary="List cases",
    description="Scope `cases:read`. A referrer account sees the cases opened from its "
    "referrals, a manager account its unit's cases; newest first.",
)
def case_list(request: HttpRequest, paging: Query[Paging], filters: Query[CaseFilter]) -> Any:
    actor = acting_user(
        request, Scope.CASES_READ, query=(*PAGING, "status", "participant_id", "referral_id")
    )
    cases = queries.cases_for_api(
        actor,
        status=filters.status or "",
        participant_id=filters.participant_id,
        referral_id=filters.referral_id,
    )
    meta, rows = page(cases, paging)
    log_list(actor, "cases.case", _("API: lista ärenden"))
    return {**meta, "items": [_case(case) for case in rows]}


@router.get(
    "/{case_id}/",
    response={200: s.CaseOut, **ERRORS},
    url_name="case",
    summary="Read a case: status and outcome",
    description="Scope `cases:read`. Status, dates, and the closure reason (the outcome).",
)
def case_detail(request: HttpRequest, case_id: ID) -> Any:
    actor = acting_user(request, Scope.CASES_READ)
    return _case(case_get(actor, case_id))


@router.get(
    "/{case_id}/plan/",
    response={200: s.PlanOut, **ERRORS},
    url_name="case_plan",
    summary="Read a case's plan",
    description="Scope `cases:read`. Goals and activities as they are now.",
)
def case_plan(request: HttpRequest, case_id: ID) -> Any:
    actor = acting_user(request, Scope.CASES_READ)
    case = case_get(actor, case_id)
    plan = plan_get(actor, case)
    latest: PlanVersion | None = plan.latest_version
    return {
        "case_id": case.pk,
        "plan_version": case.plan_version,
        "changed_at": latest.created_at if latest else None,
        "goals": [_goal(goal) for goal in plan.goals],
        "activities": [_activity(activity) for activity in plan.activities],
    }


def _goal(goal: Goal) -> dict:
    return {
        "kind": goal.kind,
        "description": goal.description,
        "target_date": goal.target_date,
        "is_achieved": goal.is_achieved,
    }


def _activity(activity: Activity) -> dict:
    return {
        "activity": activity.activity_type.name,
        "skr_category": activity.skr_category,
        "description": activity.description,
        "responsible": activity.responsible,
        "starts_on": activity.starts_on,
        "ends_on": activity.ends_on,
        "extent": activity.extent,
        "extent_unit": activity.extent_unit,
        "status": activity.status,
    }
