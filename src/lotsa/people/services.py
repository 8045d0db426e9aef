"""Writes to participants: one function per use case, each with policy, transaction and audit."""

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lotsa.audit.constants import AuditAction
from lotsa.audit.services import audit_record
from lotsa.audit.updates import audited_update, require_known_fields
from lotsa.people import policy
from lotsa.people.constants import Gender
from lotsa.people.models import Participant
from lotsa.people.personnummer import parse_personnummer

if TYPE_CHECKING:
    from lotsa.organisations.models import Unit, User

EDITABLE_FIELDS = (
    "first_name",
    "last_name",
    "gender",
    "email",
    "phone",
    "street_address",
    "postal_code",
    "city",
    "district",
    "needs_interpreter",
    "language",
    "is_protected",
)


def participant_register(
    *, actor: "User", personal_number: str, unit: "Unit | None" = None, **details: Any
) -> Participant:
    """Register a person in the actor's organisation; a person exists once per organisation."""
    if not policy.can_register_participant(actor):
        raise PermissionDenied
    unit = unit or actor.unit
    if unit is None or unit.organisation_id != actor.organisation_id:
        raise ValidationError({"unit": _("Välj en enhet i din egen organisation.")})
    number = parse_personnummer(personal_number)
    if Participant.objects.filter(
        organisation_id=actor.organisation_id, personal_number=number.canonical
    ).exists():
        raise ValidationError(
            {"personal_number": _("Det finns redan en deltagare med det här personnumret.")}
        )
    details.setdefault("gender", Gender.MAN if number.is_male else Gender.WOMAN)
    require_known_fields(details, EDITABLE_FIELDS, what="participant")
    with transaction.atomic():
        participant = Participant.objects.create(
            organisation_id=actor.organisation_id,
            unit=unit,
            personal_number=number.canonical,
            birth_date=number.birth_date,
            registered_by=actor,
            **details,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=participant,
            participant=participant,
            summary=_("Registrerade deltagare"),
        )
    return participant


def participant_update(
    *, actor: "User", participant: Participant, expected_version: int, **changes: Any
) -> Participant:
    """Change a participant's details; fails with EditConflictError if someone saved in between."""
    if not policy.can_edit_participant(actor, participant):
        raise PermissionDenied
    return audited_update(
        actor=actor,
        instance=participant,
        changes=changes,
        allowed=EDITABLE_FIELDS,
        expected_version=expected_version,
        summary=_("Ändrade deltagarens uppgifter"),
        participant=participant,
    )
