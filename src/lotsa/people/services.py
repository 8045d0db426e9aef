"""Writes to participants: one function per use case, each with policy, transaction and audit."""

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from lotsa.audit.constants import AuditAction
from lotsa.audit.services import audit_record
from lotsa.audit.updates import audited_create, audited_update, require_known_fields
from lotsa.core.text import ascii_digits
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
    "member_municipality",
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
    _refuse_registered_number(actor, number.canonical)
    details.setdefault("gender", Gender.MAN if number.is_male else Gender.WOMAN)
    require_known_fields(details, EDITABLE_FIELDS, what="participant")
    _digits_in_ascii(details)
    _check_own_organisation(actor.organisation_id, details)
    participant = Participant(
        organisation_id=actor.organisation_id,
        unit=unit,
        personal_number=number.canonical,
        birth_date=number.birth_date,
        registered_by=actor,
        **details,
    )
    try:
        with transaction.atomic():  # a savepoint: a clash is answered below
            audited_create(
                actor=actor,
                instance=participant,
                participant=participant,
                summary=_("Registrerade deltagare"),
            )
    except IntegrityError:  # registered by someone else at the same moment
        _refuse_registered_number(actor, number.canonical)
        raise
    return participant


def _check_own_organisation(organisation_id: int | None, details: dict[str, Any]) -> None:
    """A district or member municipality of another organisation is never recorded."""
    for name, message in (
        ("district", _("Välj en stadsdel i din egen organisation.")),
        ("member_municipality", _("Välj en av samordningsförbundets medlemskommuner.")),
    ):
        chosen = details.get(name)
        if getattr(chosen, "organisation_id", organisation_id) != organisation_id:
            raise ValidationError({name: message})


def participant_for_application(
    *, unit: "Unit", personal_number: str, first_name: str, last_name: str, **contact: str
) -> tuple[Participant, bool]:
    """The person an application from outside (the public form, a partner) is about, in the
    unit's organisation: the one already registered with the number — whose registered details
    stay untouched, whoever typed the form — or a new person registered with what was given.

    Returns the person and whether they were new. The caller must answer the same either way.
    """
    if not policy.can_receive_application_for(unit):
        raise PermissionDenied
    number = parse_personnummer(personal_number)
    existing = Participant.objects.filter(
        organisation_id=unit.organisation_id, personal_number=number.canonical
    ).first()
    if existing is not None:
        return existing, False
    details = {name: value.strip() for name, value in contact.items() if name in ("email", "phone")}
    _digits_in_ascii(details)
    participant = Participant(
        organisation_id=unit.organisation_id,
        unit=unit,
        personal_number=number.canonical,
        birth_date=number.birth_date,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        gender=Gender.MAN if number.is_male else Gender.WOMAN,
        registered_by=None,
        **details,
    )
    try:
        with transaction.atomic():  # a savepoint: a clash is answered below
            audited_create(
                actor=None,
                instance=participant,
                participant=participant,
                organisation_id=unit.organisation_id,
                summary=_("Registrerad genom en ansökan om stöd"),
            )
    except IntegrityError:
        # the same number sent twice at once: the other request made them
        return Participant.objects.get(
            organisation_id=unit.organisation_id, personal_number=number.canonical
        ), False
    return participant, True


def _digits_in_ascii(details: dict[str, Any]) -> None:
    """Phone numbers and postal codes in ASCII digits, so that sign-in by phone finds them."""
    for name in ("phone", "postal_code"):
        if isinstance(details.get(name), str):
            details[name] = ascii_digits(details[name])


class RegistrationHeldError(ValidationError):
    """The number is registered to someone the registrar may not see: nothing was created and
    the attempt was left on that person's log for their manager to check."""


def registration_held_message() -> str:
    return _(
        "Registreringen kunde inte slutföras här. Den har lämnats till enhetens chef för "
        "kontroll; kontakta chefen om du ska arbeta med personen."
    )


def _refuse_registered_number(actor: "User", canonical: str) -> None:
    """Refuse a number the organisation already has, telling only what the actor may know.

    Someone the actor sees is named as a duplicate (they can find the person anyway). Someone
    hidden from the actor — protected, or outside their view — is never confirmed: the answer
    says that a manager checks the registration, and the attempt is recorded on that person, in
    the log their manager reviews (docs/security.md, "No existence oracle").
    """
    existing = Participant.objects.filter(
        organisation_id=actor.organisation_id, personal_number=canonical
    ).first()
    if existing is None:
        return
    if policy.can_view_participant(actor, existing):
        raise ValidationError(
            {"personal_number": _("Det finns redan en deltagare med det här personnumret.")}
        )
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            object_type="people.registration_check",
            participant=existing,
            summary=_(
                "Försökte registrera personnumret på nytt utan att få se personen; "
                "kontrollera med registraren"
            ),
        )
    raise RegistrationHeldError({"personal_number": registration_held_message()})


def participant_update(
    *, actor: "User", participant: Participant, expected_version: int, **changes: Any
) -> Participant:
    """Change a participant's details; fails with EditConflictError if someone saved in between."""
    if not policy.can_edit_participant(actor, participant):
        raise PermissionDenied
    require_known_fields(changes, EDITABLE_FIELDS, what="participant")
    _digits_in_ascii(changes)
    _check_own_organisation(participant.organisation_id, changes)
    return audited_update(
        actor=actor,
        instance=participant,
        changes=changes,
        allowed=EDITABLE_FIELDS,
        expected_version=expected_version,
        summary=_("Ändrade deltagarens uppgifter"),
        participant=participant,
    )
