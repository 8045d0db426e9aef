# mypy: disable-error-code="valid-type"
"""/api/v1/participants/: list, register, read and change participants."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from lotsa.api import queries
from lotsa.api import schemas as s
from lotsa.api.constants import Scope
from lotsa.api.errors import ApiError
from lotsa.api.routers.common import (
    ERRORS,
    ID,
    PAGING,
    Paging,
    acting_user,
    invalid_field,
    log_list,
    page,
    unit_out,
)
from lotsa.people import services as people_services
from lotsa.people.models import Participant
from lotsa.people.personnummer import PersonnummerError, parse_personnummer
from lotsa.people.queries import participant_get

router = Router(tags=["participants"])


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
        "unit": unit_out(person.unit),
    }


class ParticipantFilter(Schema):
    personal_number: s.text(13) = Field(
        "", description="Find one person by personnummer (any written form)."
    )


@router.get(
    "/",
    response={200: s.ParticipantPage, **ERRORS},
    url_name="participants",
    summary="List participants",
    description="Scope `participants:read`. The people the account's user may see, by name.",
)
def participant_list(
    request: HttpRequest, paging: Query[Paging], filters: Query[ParticipantFilter]
) -> Any:
    actor = acting_user(request, Scope.PARTICIPANTS_READ, query=(*PAGING, "personal_number"))
    number = None
    summary = _("API: lista deltagare")
    if filters.personal_number:
        try:
            number = parse_personnummer(filters.personal_number).canonical
        except PersonnummerError as error:
            raise ApiError(400, "invalid", str(error), {"personal_number": [str(error)]}) from error
        summary = _("API: sökte deltagare på personnummer")
    meta, rows = page(queries.participants_for_api(actor, personal_number=number), paging)
    log_list(actor, "people.participant", summary)
    return {**meta, "items": [_participant(person) for person in rows]}


@router.post(
    "/",
    response={201: s.ParticipantOut, **ERRORS},
    url_name="participants",
    summary="Register a participant",
    description="Scope `participants:write`. The person is registered in the account's "
    "organisation; a personnummer already registered there is refused (400).",
)
def participant_create(request: HttpRequest, payload: s.ParticipantIn) -> Any:
    actor = acting_user(request, Scope.PARTICIPANTS_WRITE)
    data = payload.model_dump()
    unit_id = data.pop("unit_id")
    unit = None
    if unit_id is not None:
        unit = queries.unit_of_organisation(actor, unit_id)
        if unit is None:
            raise invalid_field("unit_id", _("Välj en enhet i din egen organisation."))
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
    try:
        validate_email(value)
    except ValidationError as error:
        raise invalid_field("email", _("Ange en giltig e-postadress.")) from error


@router.get(
    "/{participant_id}/",
    response={200: s.ParticipantOut, **ERRORS},
    url_name="participant",
    summary="Read a participant",
    description="Scope `participants:read`. 404 for anyone the account's user may not see.",
)
def participant_detail(request: HttpRequest, participant_id: ID) -> Any:
    actor = acting_user(request, Scope.PARTICIPANTS_READ)
    return _participant(participant_get(actor, participant_id))


@router.patch(
    "/{participant_id}/",
    response={200: s.ParticipantOut, 409: s.ErrorOut, **ERRORS},
    url_name="participant",
    summary="Change a participant's details",
    description="Scope `participants:write`. Send the `version` you read: if someone changed "
    "the person since, nothing is saved and the answer is 409.",
)
def participant_patch(request: HttpRequest, participant_id: ID, payload: s.ParticipantPatch) -> Any:
    actor = acting_user(request, Scope.PARTICIPANTS_WRITE)
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
