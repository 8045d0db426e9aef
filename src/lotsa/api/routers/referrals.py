# mypy: disable-error-code="valid-type"
"""/api/v1/referrals/: send, list and read referrals and their eligibility results."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from lotsa.api import queries, services
from lotsa.api import schemas as s
from lotsa.api.constants import Scope
from lotsa.api.errors import ApiError, from_validation_error
from lotsa.api.routers.common import (
    ERRORS,
    ID,
    PAGING,
    Paging,
    account_of,
    acting_user,
    log_list,
    page,
    unit_out,
)
from lotsa.audit.constants import AuditAction
from lotsa.audit.services import audit_record
from lotsa.guidelines.constants import Eligibility
from lotsa.organisations.models import User
from lotsa.referrals.constants import ConsentForm, ConsentParty, ConsentScope
from lotsa.referrals.models import Referral
from lotsa.referrals.queries import receiving_units_visible_to, referral_get

router = Router(tags=["referrals"])


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
        "referring_unit": unit_out(referral.referring_unit) if referral.referring_unit else None,
        "source": referral.source,
        "source_label": referral.source_label,
        "receiving_unit": unit_out(referral.receiving_unit),
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


@router.get(
    "/",
    response={200: s.ReferralPage, **ERRORS},
    url_name="referrals",
    summary="List referrals",
    description="Scope `referrals:read`. A referrer account sees the referrals it sent, a "
    "manager account those to its unit; newest first.",
)
def referral_list(
    request: HttpRequest, paging: Query[Paging], filters: Query[ReferralFilter]
) -> Any:
    actor = acting_user(request, Scope.REFERRALS_READ, query=(*PAGING, "status", "external_id"))
    referrals = queries.referrals_for_api(
        actor, status=filters.status or "", external_id=filters.external_id
    )
    meta, rows = page(referrals, paging)
    log_list(actor, "referrals.referral", _("API: lista remisser"))
    return {**meta, "items": [_referral(referral) for referral in rows]}


REFERRAL_FIELDS = {
    "participant": "participant_id",
    "receiving_unit": "receiving_unit_id",
    "answer_*": "answers.*",
}


@router.post(
    "/",
    response={200: s.ReferralOut, 201: s.ReferralOut, 409: s.ErrorOut, **ERRORS},
    url_name="referrals",
    summary="Send a referral",
    description="Scope `referrals:write` (a referrer account). The referral is checked "
    "against the guideline in force exactly as on the page; the eligibility result is in "
    "the answer. With `external_id`, a retry returns the referral already made (200).",
)
def referral_create(request: HttpRequest, payload: s.ReferralIn) -> Any:
    actor = acting_user(request, Scope.REFERRALS_WRITE)
    if payload.external_id:
        existing = _existing_referral(actor, payload.external_id)
        if existing is not None:
            return Status(200, _referral(existing))
    participant = queries.participant_for_api(actor, payload.participant_id)
    unit = queries.unit_of_organisation(actor, payload.receiving_unit_id)
    fields: dict[str, list[str]] = {}
    if participant is None:
        fields["participant_id"] = [_("Det finns ingen sådan deltagare som kontot får se.")]
    if unit is None:
        fields["receiving_unit_id"] = [_("Välj en enhet i din organisation som tar emot remisser.")]
    in_force = queries.target_groups_in_force(actor)
    by_code = in_force or {}
    unknown = [code for code in payload.target_groups if code not in by_code]
    if in_force is not None and unknown:
        fields["target_groups"] = [
            _("Okända målgrupper: %(codes)s.") % {"codes": ", ".join(unknown)}
        ]
    if fields:
        raise ApiError(400, "invalid", _("Kontrollera de markerade uppgifterna."), fields)
    assert participant is not None and unit is not None  # noqa: S101 - narrowed above
    data = payload.model_dump(exclude={"external_id", "participant_id", "receiving_unit_id"})
    data["target_groups"] = [by_code[code] for code in dict.fromkeys(payload.target_groups)]
    try:
        referral = services.external_referral_submit(
            actor=actor,
            account=account_of(request),
            external_id=payload.external_id or "",
            participant=participant,
            receiving_unit=unit,
            **data,
        )
    except IntegrityError as error:  # the same external id sent twice at the same moment
        existing = _existing_referral(actor, payload.external_id or "")
        if existing is not None:
            return Status(200, _referral(existing))
        raise _external_id_taken() from error
    except ValidationError as error:
        raise from_validation_error(error, REFERRAL_FIELDS) from error
    return Status(201, _referral(queries.referral_for_api(actor, referral.pk)))


def _external_id_taken() -> ApiError:
    return ApiError(
        409,
        "conflict",
        _("Det externa id:t används redan för en annan remiss i organisationen."),
        {"external_id": [_("Det externa id:t används redan.")]},
    )


def _existing_referral(actor: User, external_id: str) -> Referral | None:
    try:
        referral = queries.referral_by_external_id(actor, external_id)
    except queries.ExternalIdTakenError as taken:
        raise _external_id_taken() from taken
    if referral is not None:
        audit_record(
            actor=actor, action=AuditAction.VIEW, obj=referral, participant=referral.participant
        )
    return referral


@router.get(
    "/options/",
    response={200: s.ReferralOptionsOut, **ERRORS},
    url_name="referral_options",
    summary="What a referral may name",
    description="Scope `referrals:write`. Receiving units, and the target groups and questions "
    "of the guideline in force, so the sending system can build a valid referral.",
)
def referral_options(request: HttpRequest) -> Any:
    actor = acting_user(request, Scope.REFERRALS_WRITE)
    guideline = queries.guideline_in_force_for(actor)
    return {
        "guideline": guideline.name,
        "guideline_version": guideline.number,
        "receiving_units": [unit_out(unit) for unit in receiving_units_visible_to(actor)],
        "target_groups": [
            {"code": group.code, "name": group.name} for group in guideline.target_groups
        ],
        "questions": [
            {"code": c.code, "label": c.label, "help_text": c.help_text}
            for c in guideline.questions
        ],
        "consent_parties": list(ConsentParty.values),
        "consent_scopes": list(ConsentScope.values),
        "consent_forms": list(ConsentForm.values),
    }


@router.get(
    "/{referral_id}/",
    response={200: s.ReferralOut, **ERRORS},
    url_name="referral",
    summary="Read a referral",
    description="Scope `referrals:read`.",
)
def referral_detail(request: HttpRequest, referral_id: ID) -> Any:
    actor = acting_user(request, Scope.REFERRALS_READ)
    referral = referral_get(actor, referral_id)
    return _referral(queries.referral_for_api(actor, referral.pk))


@router.get(
    "/{referral_id}/eligibility/",
    response={200: s.EligibilityOut, **ERRORS},
    url_name="referral_eligibility",
    summary="Read a referral's eligibility result",
    description="Scope `referrals:read`. The result stored when the referral came in, with "
    "the guideline version it was checked against and each criterion's outcome.",
)
def referral_eligibility(request: HttpRequest, referral_id: ID) -> Any:
    actor = acting_user(request, Scope.REFERRALS_READ)
    referral = referral_get(actor, referral_id)
    version = referral.guideline_version
    return {
        "referral_id": referral.pk,
        "outcome": referral.eligibility,
        "outcome_label": str(dict(Eligibility.choices).get(referral.eligibility, "")),
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
