# mypy: disable-error-code="valid-type"
"""The integration API, version 1 (docs/api.md).

Every endpoint: check the token's scope, then call the same query or service the pages call,
acting as the service account's user; the queries and services write the audit records (and
list reads write one here). Errors are JSON (lotsa.api.errors).
"""

from typing import Annotated, Any

from django.db import IntegrityError, transaction
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Query, Schema, Status
from ninja.openapi.docs import Swagger
from ninja.params import Path
from pydantic import Field

from lotsa.api import schemas as s
from lotsa.api.auth import ServiceAccountAuth
from lotsa.api.constants import Scope
from lotsa.api.errors import (
    ApiError,
    forbidden_scope,
    from_validation_error,
    install_error_handlers,
)
from lotsa.api.models import ExternalReferral, ServiceAccount
from lotsa.api.policy import has_scope
from lotsa.api.queries import Breakdown, Tally, statistics_for
from lotsa.audit.constants import AuditAction
from lotsa.audit.services import audit_record
from lotsa.cases.models import Activity, Case, Goal, PlanVersion
from lotsa.cases.queries import case_get, cases_visible_to, plan_get
from lotsa.guidelines.constants import CriterionKind, Outcome
from lotsa.guidelines.models import TargetGroup
from lotsa.guidelines.queries import guideline_version_in_force
from lotsa.organisations.models import Unit, User
from lotsa.people import services as people_services
from lotsa.people.models import Participant
from lotsa.people.personnummer import PersonnummerError, parse_personnummer
from lotsa.people.queries import participant_get, participants_visible_to
from lotsa.referrals import services as referral_services
from lotsa.referrals.constants import ConsentForm, ConsentParty, ConsentScope, ReferralStatus
from lotsa.referrals.models import Referral
from lotsa.referrals.queries import receiving_units_for, referral_get, referrals_visible_to
from lotsa.statistics.suppression import suppress_below


class LotsaNinjaAPI(NinjaAPI):
    """Ninja's API mounted inside the `api` URL namespace (config/urls.py includes api.urls)."""

    def get_root_path(self, path_params: dict[str, Any]) -> str:
        return reverse(f"api:{self.urls_namespace}:api-root", kwargs=path_params)


class LocalSwagger(Swagger):
    """Swagger UI from the files django-ninja ships (no CDN), pointing at our schema URL."""

    def get_openapi_url(self, api: NinjaAPI, path_params: dict[str, Any]) -> str:
        return reverse(f"api:{api.urls_namespace}:openapi-json", kwargs=path_params)


api = LotsaNinjaAPI(
    title="Lotsa API",
    version="1",
    description=(
        "Integration API for other systems of the municipality (docs/api.md). Authenticate "
        "with `Authorization: Bearer <token>` of a service account; each endpoint needs the "
        'scope named in its description. Errors: `{"error": {"code", "message", '
        '"fields"}}` with a Swedish message.'
    ),
    auth=ServiceAccountAuth(),
    urls_namespace="v1",
    openapi_url="/schema/",
    docs_url="/docs/",
    docs=LocalSwagger(),
)
install_error_handlers(api)

ERRORS: dict[int, Any] = {code: s.ErrorOut for code in (400, 401, 403, 404)}
ID = Annotated[int, Path(ge=1, le=s.MAX_ID)]


class Paging(Schema):
    page: int = Field(1, ge=1, le=10_000)
    page_size: int = Field(50, ge=1, le=100)


PAGING = ("page", "page_size")


def _actor(request: HttpRequest, scope: Scope, *, query: tuple[str, ...] = ()) -> User:
    """The acting user, if the token has `scope`; unknown query parameters are refused, so a
    misspelt filter (`?personnummer=`) is an error instead of a silently unfiltered list."""
    account: ServiceAccount = request.auth  # type: ignore[attr-defined]
    if not has_scope(account, scope):
        raise forbidden_scope(scope.value)
    unknown = sorted(set(request.GET) - set(query))
    if unknown:
        raise ApiError(
            400,
            "invalid",
            _("Okänd parameter: %(names)s.") % {"names": ", ".join(unknown)},
            {name: [_("Okänd parameter.")] for name in unknown},
        )
    return account.user


def _page(queryset: QuerySet, paging: Paging) -> tuple[dict, list]:
    count = queryset.count()
    start = (paging.page - 1) * paging.page_size
    rows = list(queryset[start : start + paging.page_size])
    has_next = start + len(rows) < count
    meta = {
        "count": count,
        "page": paging.page,
        "page_size": paging.page_size,
        "next_page": paging.page + 1 if has_next else None,
    }
    return meta, rows


def _log_list(actor: User, object_type: str, summary: str) -> None:
    audit_record(actor=actor, action=AuditAction.SEARCH, object_type=object_type, summary=summary)


def _unit(unit: Unit) -> dict:
    return {"id": unit.pk, "name": unit.name}


@api.get("/", auth=None, include_in_schema=False, url_name="index")
def index(request: HttpRequest) -> Any:
    """Where the schema and the documentation are (open to all: they hold no personal data)."""
    return {
        "schema": reverse("api:v1:openapi-json"),
        "docs": reverse("api:v1:openapi-view"),
    }


# Participants


def _participant(person: Participant) -> dict:
    return {
        **{
            name: getattr(person, name)
            for name in (
                "id",
                "personal_number",
                "birth_date",
                "first_name",
                "last_name",
                "gender",
                "email",
                "phone",
                "street_address",
                "postal_code",
                "city",
                "needs_interpreter",
                "language",
                "is_protected",
                "version",
            )
        },
        "unit": _unit(person.unit),
    }


class ParticipantFilter(Schema):
    personal_number: s.text(13) = Field(
        "", description="Find one person by personnummer (any written form)."
    )


@api.get(
    "/participants/",
    response={200: s.ParticipantPage, **ERRORS},
    url_name="participants",
    summary="List participants",
    description="Scope `participants:read`. The people the account's user may see, by name.",
)
def participant_list(
    request: HttpRequest, paging: Query[Paging], filters: Query[ParticipantFilter]
) -> Any:
    actor = _actor(request, Scope.PARTICIPANTS_READ, query=(*PAGING, "personal_number"))
    people = participants_visible_to(actor).order_by("last_name", "first_name", "pk")
    summary = _("API: lista deltagare")
    if filters.personal_number:
        try:
            number = parse_personnummer(filters.personal_number).canonical
        except PersonnummerError as error:
            raise ApiError(400, "invalid", str(error), {"personal_number": [str(error)]}) from error
        people = people.filter(personal_number=number)
        summary = _("API: sökte deltagare på personnummer")
    meta, rows = _page(people, paging)
    _log_list(actor, "people.participant", summary)
    return {**meta, "items": [_participant(person) for person in rows]}


@api.post(
    "/participants/",
    response={201: s.ParticipantOut, **ERRORS},
    url_name="participants",
    summary="Register a participant",
    description="Scope `participants:write`. The person is registered in the account's "
    "organisation; a personnummer already registered there is refused (400).",
)
def participant_create(request: HttpRequest, payload: s.ParticipantIn) -> Any:
    actor = _actor(request, Scope.PARTICIPANTS_WRITE)
    data = payload.model_dump()
    unit_id = data.pop("unit_id")
    unit = None
    if unit_id is not None:
        unit = Unit.objects.filter(pk=unit_id, organisation_id=actor.organisation_id).first()
        if unit is None:
            raise ApiError(
                400,
                "invalid",
                _("Kontrollera de markerade uppgifterna."),
                {"unit_id": [_("Välj en enhet i din egen organisation.")]},
            )
    if data["gender"] is None:
        del data["gender"]
    if data["email"]:
        _check_email(data["email"])
    personal_number = data.pop("personal_number")
    try:
        person = people_services.participant_register(
            actor=actor, personal_number=personal_number, unit=unit, **data
        )
    except PersonnummerError as error:
        raise ApiError(400, "invalid", str(error), {"personal_number": [str(error)]}) from error
    except IntegrityError as error:  # registered by someone else at the same moment
        raise ApiError(
            409, "conflict", _("Det finns redan en deltagare med det här personnumret.")
        ) from error
    return Status(201, _participant(person))


def _check_email(value: str) -> None:
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    try:
        validate_email(value)
    except ValidationError as error:
        raise ApiError(
            400,
            "invalid",
            _("Kontrollera de markerade uppgifterna."),
            {"email": [_("Ange en giltig e-postadress.")]},
        ) from error


@api.get(
    "/participants/{participant_id}/",
    response={200: s.ParticipantOut, **ERRORS},
    url_name="participant",
    summary="Read a participant",
    description="Scope `participants:read`. 404 for anyone the account's user may not see.",
)
def participant_detail(request: HttpRequest, participant_id: ID) -> Any:
    actor = _actor(request, Scope.PARTICIPANTS_READ)
    return _participant(participant_get(actor, participant_id))


@api.patch(
    "/participants/{participant_id}/",
    response={200: s.ParticipantOut, 409: s.ErrorOut, **ERRORS},
    url_name="participant",
    summary="Change a participant's details",
    description="Scope `participants:write`. Send the `version` you read: if someone changed "
    "the person since, nothing is saved and the answer is 409.",
)
def participant_patch(request: HttpRequest, participant_id: ID, payload: s.ParticipantPatch) -> Any:
    actor = _actor(request, Scope.PARTICIPANTS_WRITE)
    person = participant_get(actor, participant_id, log=False)
    changes = payload.model_dump(exclude_unset=True)
    version = changes.pop("version")
    changes = {name: value for name, value in changes.items() if value is not None}
    if changes.get("email"):
        _check_email(changes["email"])
    person = people_services.participant_update(
        actor=actor, participant=person, expected_version=version, **changes
    )
    return _participant(person)


# Referrals


def _referrals(actor: User) -> QuerySet[Referral]:
    return (
        referrals_visible_to(actor)
        .select_related("case", "external_reference")
        .prefetch_related(
            Prefetch("target_groups", queryset=TargetGroup.objects.order_by("position", "id"))
        )
    )


def _referral(referral: Referral) -> dict:
    case = getattr(referral, "case", None)
    reference = getattr(referral, "external_reference", None)
    return {
        "id": referral.pk,
        "external_id": reference.external_id if reference else None,
        "participant_id": referral.participant_id,
        "status": referral.status,
        "status_label": referral.get_status_display(),
        "submitted_at": referral.submitted_at,
        "referring_unit": _unit(referral.referring_unit),
        "receiving_unit": _unit(referral.receiving_unit),
        "target_groups": [
            {"code": group.code, "name": group.name} for group in referral.target_groups.all()
        ],
        "reason": referral.reason,
        "goal": referral.goal,
        "eligibility": referral.eligibility,
        "is_priority": referral.is_priority,
        "decided_at": referral.decided_at,
        "return_reason": referral.return_reason,
        "case_id": case.pk if case else None,
        "version": referral.version,
    }


class ReferralFilter(Schema):
    status: s.ReferralStatusCode | None = None
    external_id: s.text(100) = ""


@api.get(
    "/referrals/",
    response={200: s.ReferralPage, **ERRORS},
    url_name="referrals",
    summary="List referrals",
    description="Scope `referrals:read`. A referrer account sees the referrals it sent, a "
    "manager account those to its unit; newest first.",
)
def referral_list(
    request: HttpRequest, paging: Query[Paging], filters: Query[ReferralFilter]
) -> Any:
    actor = _actor(request, Scope.REFERRALS_READ, query=(*PAGING, "status", "external_id"))
    referrals = _referrals(actor).order_by("-submitted_at", "-pk")
    if filters.status:
        referrals = referrals.filter(status=filters.status)
    if filters.external_id:
        referrals = referrals.filter(external_reference__external_id=filters.external_id)
    meta, rows = _page(referrals, paging)
    _log_list(actor, "referrals.referral", _("API: lista remisser"))
    return {**meta, "items": [_referral(referral) for referral in rows]}


REFERRAL_FIELDS = {
    "participant": "participant_id",
    "receiving_unit": "receiving_unit_id",
    "answer_*": "answers.*",
}


@api.post(
    "/referrals/",
    response={200: s.ReferralOut, 201: s.ReferralOut, 409: s.ErrorOut, **ERRORS},
    url_name="referrals",
    summary="Send a referral",
    description="Scope `referrals:write` (a referrer account). The referral is checked "
    "against the guideline in force exactly as on the page; the eligibility result is in "
    "the answer. With `external_id`, a retry returns the referral already made (200).",
)
def referral_create(request: HttpRequest, payload: s.ReferralIn) -> Any:
    actor = _actor(request, Scope.REFERRALS_WRITE)
    account: ServiceAccount = request.auth  # type: ignore[attr-defined]
    if payload.external_id:
        existing = _existing_referral(actor, payload.external_id)
        if existing is not None:
            return Status(200, _referral(existing))
    participant = participants_visible_to(actor).filter(pk=payload.participant_id).first()
    unit = Unit.objects.filter(
        pk=payload.receiving_unit_id, organisation_id=actor.organisation_id
    ).first()
    fields: dict[str, list[str]] = {}
    if participant is None:
        fields["participant_id"] = [_("Det finns ingen sådan deltagare som kontot får se.")]
    if unit is None:
        fields["receiving_unit_id"] = [_("Välj en enhet i din organisation som tar emot remisser.")]
    version = guideline_version_in_force(
        organisation_id=actor.organisation_id or 0, on=timezone.localdate()
    )
    groups = [group for group in version.target_groups.all()] if version else []
    by_code = {group.code: group for group in groups}
    unknown = [code for code in payload.target_groups if code not in by_code]
    if version is not None and unknown:
        fields["target_groups"] = [
            _("Okända målgrupper: %(codes)s.") % {"codes": ", ".join(unknown)}
        ]
    if fields:
        raise ApiError(400, "invalid", _("Kontrollera de markerade uppgifterna."), fields)
    assert participant is not None and unit is not None  # noqa: S101 - narrowed above
    data = payload.model_dump(exclude={"external_id", "participant_id", "receiving_unit_id"})
    data["target_groups"] = [by_code[code] for code in dict.fromkeys(payload.target_groups)]
    try:
        with transaction.atomic():
            referral = referral_services.referral_submit(
                actor=actor, participant=participant, receiving_unit=unit, **data
            )
            if payload.external_id:
                ExternalReferral.objects.create(
                    organisation_id=actor.organisation_id,
                    external_id=payload.external_id,
                    referral=referral,
                    service_account=account,
                )
    except IntegrityError as error:  # the same external id sent twice at the same moment
        existing = _existing_referral(actor, payload.external_id or "")
        if existing is not None:
            return Status(200, _referral(existing))
        raise _external_id_taken() from error
    except referral_services.ValidationError as error:
        raise from_validation_error(error, REFERRAL_FIELDS) from error
    return Status(201, _referral(_referrals(actor).get(pk=referral.pk)))


def _external_id_taken() -> ApiError:
    return ApiError(
        409,
        "conflict",
        _("Det externa id:t används redan för en annan remiss i organisationen."),
        {"external_id": [_("Det externa id:t används redan.")]},
    )


def _existing_referral(actor: User, external_id: str) -> Referral | None:
    reference = ExternalReferral.objects.filter(
        organisation_id=actor.organisation_id, external_id=external_id
    ).first()
    if reference is None:
        return None
    referral = _referrals(actor).filter(pk=reference.referral_id).first()
    if referral is None:
        raise _external_id_taken()
    audit_record(
        actor=actor, action=AuditAction.VIEW, obj=referral, participant=referral.participant
    )
    return referral


@api.get(
    "/referrals/options/",
    response={200: s.ReferralOptionsOut, **ERRORS},
    url_name="referral_options",
    summary="What a referral may name",
    description="Scope `referrals:write`. Receiving units, and the target groups and questions "
    "of the guideline in force, so the sending system can build a valid referral.",
)
def referral_options(request: HttpRequest) -> Any:
    actor = _actor(request, Scope.REFERRALS_WRITE)
    version = guideline_version_in_force(
        organisation_id=actor.organisation_id or 0, on=timezone.localdate()
    )
    return {
        "guideline": version.guideline.name if version else None,
        "guideline_version": version.number if version else None,
        "receiving_units": [_unit(unit) for unit in receiving_units_for(actor)],
        "target_groups": [
            {"code": group.code, "name": group.name}
            for group in (version.target_groups.all() if version else [])
        ],
        "questions": [
            {"code": c.code, "label": c.label, "help_text": c.help_text}
            for c in (version.criteria.all() if version else [])
            if c.kind == CriterionKind.QUESTION
        ],
        "consent_parties": list(ConsentParty.values),
        "consent_scopes": list(ConsentScope.values),
        "consent_forms": list(ConsentForm.values),
    }


@api.get(
    "/referrals/{referral_id}/",
    response={200: s.ReferralOut, **ERRORS},
    url_name="referral",
    summary="Read a referral",
    description="Scope `referrals:read`.",
)
def referral_detail(request: HttpRequest, referral_id: ID) -> Any:
    actor = _actor(request, Scope.REFERRALS_READ)
    referral = referral_get(actor, referral_id)
    referral = _referrals(actor).get(pk=referral.pk)
    return _referral(referral)


@api.get(
    "/referrals/{referral_id}/eligibility/",
    response={200: s.EligibilityOut, **ERRORS},
    url_name="referral_eligibility",
    summary="Read a referral's eligibility result",
    description="Scope `referrals:read`. The result stored when the referral came in, with "
    "the guideline version it was checked against and each criterion's outcome.",
)
def referral_eligibility(request: HttpRequest, referral_id: ID) -> Any:
    actor = _actor(request, Scope.REFERRALS_READ)
    referral = referral_get(actor, referral_id)
    version = referral.guideline_version
    return {
        "referral_id": referral.pk,
        "outcome": referral.eligibility,
        "outcome_label": str(dict(Outcome.choices).get(referral.eligibility, "")),
        "is_priority": referral.is_priority,
        "guideline": version.guideline.name,
        "guideline_version": version.number,
        "results": [
            {
                "code": str(row.get("code", "")),
                "label": str(row.get("label", "")),
                "outcome": str(row.get("outcome", "")),
                "reason": str(row.get("reason", "")),
            }
            for row in referral.eligibility_results
        ],
    }


# Cases


def _case(case: Case) -> dict:
    return {
        "id": case.pk,
        "participant_id": case.participant_id,
        "referral_id": case.referral_id,
        "unit": _unit(case.unit),
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


@api.get(
    "/cases/",
    response={200: s.CasePage, **ERRORS},
    url_name="cases",
    summary="List cases",
    description="Scope `cases:read`. A referrer account sees the cases opened from its "
    "referrals, a manager account its unit's cases; newest first.",
)
def case_list(request: HttpRequest, paging: Query[Paging], filters: Query[CaseFilter]) -> Any:
    actor = _actor(
        request, Scope.CASES_READ, query=(*PAGING, "status", "participant_id", "referral_id")
    )
    cases = cases_visible_to(actor).select_related("unit", "coach").order_by("-start_date", "-pk")
    if filters.status:
        cases = cases.filter(status=filters.status)
    if filters.participant_id:
        cases = cases.filter(participant_id=filters.participant_id)
    if filters.referral_id:
        cases = cases.filter(referral_id=filters.referral_id)
    meta, rows = _page(cases, paging)
    _log_list(actor, "cases.case", _("API: lista ärenden"))
    return {**meta, "items": [_case(case) for case in rows]}


@api.get(
    "/cases/{case_id}/",
    response={200: s.CaseOut, **ERRORS},
    url_name="case",
    summary="Read a case: status and outcome",
    description="Scope `cases:read`. Status, dates, and the closure reason (the outcome).",
)
def case_detail(request: HttpRequest, case_id: ID) -> Any:
    actor = _actor(request, Scope.CASES_READ)
    return _case(case_get(actor, case_id))


@api.get(
    "/cases/{case_id}/plan/",
    response={200: s.PlanOut, **ERRORS},
    url_name="case_plan",
    summary="Read a case's plan",
    description="Scope `cases:read`. Goals and activities as they are now.",
)
def case_plan(request: HttpRequest, case_id: ID) -> Any:
    actor = _actor(request, Scope.CASES_READ)
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


# Statistics


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


@api.get(
    "/statistics/",
    response={200: s.StatisticsOut, **ERRORS},
    url_name="statistics",
    summary="Aggregated statistics for a period",
    description="Scope `statistics:read`. Referrals received and cases started in the period, "
    "by status and by target group, over what the account's user may see. Small counts (1 to "
    "`minimum_count` - 1), and counts that would let them be worked out from a total, are "
    "null with `suppressed: true`.",
)
def statistics(request: HttpRequest, period: Query[Period]) -> Any:
    actor = _actor(request, Scope.STATISTICS_READ, query=("from", "to"))
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


__all__ = ["api", "ReferralStatus"]
