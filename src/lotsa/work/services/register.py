"""Writes to the employer register and the training arenas: policy, transaction and audit."""

import json
from datetime import date
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa.audit.updates import audited_create, audited_update, require_known_fields
from lotsa.organisations.models import Organisation, Unit, User
from lotsa.work import policy
from lotsa.work.models import (
    Employer,
    EmployerAgreement,
    EmployerContact,
    EmployerContactLog,
    TrainingArena,
)
from lotsa.work.organisation_number import OrganisationNumberError, parse_organisation_number

EXAMPLE_ARENAS = Path(__file__).resolve().parent.parent / "data" / "arenas_example.json"
EMPLOYER_FIELDS = (
    "organisation_number",
    "name",
    "sector",
    "industry",
    "visiting_address",
    "postal_address",
    "placement_capacity",
)
ARENA_FIELDS = ("name", "unit", "supervisors", "places", "description")


def _organisation_number(text: str, *, organisation_id: int, exclude: int | None = None) -> str:
    try:
        number = parse_organisation_number(text)
    except OrganisationNumberError as error:
        raise ValidationError({"organisation_number": str(error)}) from error
    taken = Employer.objects.filter(organisation_id=organisation_id, organisation_number=number)
    if taken.exclude(pk=exclude).exists():
        raise ValidationError(
            {"organisation_number": _("Det finns redan en arbetsgivare med det numret.")}
        )
    return number


def employer_create(
    *,
    actor: User,
    organisation_number: str,
    name: str,
    sector: str,
    industry: str = "",
    visiting_address: str = "",
    postal_address: str = "",
    placement_capacity: int = 0,
) -> Employer:
    """Add an employer to the register of the actor's organisation."""
    if not policy.can_create_employer(actor):
        raise PermissionDenied
    assert actor.organisation_id is not None  # noqa: S101 — the policy requires one
    number = _organisation_number(organisation_number, organisation_id=actor.organisation_id)
    employer = Employer(
        organisation_id=actor.organisation_id,
        organisation_number=number,
        name=name,
        sector=sector,
        industry=industry,
        visiting_address=visiting_address,
        postal_address=postal_address,
        placement_capacity=placement_capacity,
    )
    return audited_create(actor=actor, instance=employer, summary=name)


def employer_update(
    *, actor: User, employer: Employer, expected_version: int, **changes: Any
) -> Employer:
    """Change an employer's details; EditConflictError if someone else saved first."""
    if not policy.can_edit_employer(actor, employer):
        raise PermissionDenied
    require_known_fields(changes, EMPLOYER_FIELDS, what="employer")
    if "organisation_number" in changes:
        changes["organisation_number"] = _organisation_number(
            changes["organisation_number"],
            organisation_id=employer.organisation_id,
            exclude=employer.pk,
        )
    return audited_update(
        actor=actor,
        instance=employer,
        changes=changes,
        allowed=EMPLOYER_FIELDS,
        expected_version=expected_version,
        summary=changes.get("name", employer.name),
    )


def employer_contact_add(
    *, actor: User, employer: Employer, name: str, role: str = "", phone: str = "", email: str = ""
) -> EmployerContact:
    """Add a contact person at the employer."""
    if not policy.can_edit_employer(actor, employer):
        raise PermissionDenied
    return audited_create(
        actor=actor,
        instance=EmployerContact(employer=employer, name=name, role=role, phone=phone, email=email),
        summary=f"{employer}: {name}",
    )


def employer_agreement_add(
    *,
    actor: User,
    employer: Employer,
    kind: str,
    valid_from: date,
    valid_to: date | None = None,
    note: str = "",
) -> EmployerAgreement:
    """Record an agreement with the employer; it cannot end before it starts."""
    if not policy.can_edit_employer(actor, employer):
        raise PermissionDenied
    if valid_to is not None and valid_to < valid_from:
        raise ValidationError({"valid_to": _("Slutdatumet kan inte vara före startdatumet.")})
    return audited_create(
        actor=actor,
        instance=EmployerAgreement(
            employer=employer, kind=kind, valid_from=valid_from, valid_to=valid_to, note=note
        ),
        summary=lambda agreement: f"{employer}: {agreement.get_kind_display()}",
    )


def employer_contact_log_add(
    *,
    actor: User,
    employer: Employer,
    occurred_on: date,
    kind: str,
    outcome: str,
    contact: EmployerContact | None = None,
) -> EmployerContactLog:
    """Log a contact the actor had with the employer."""
    if not policy.can_edit_employer(actor, employer):
        raise PermissionDenied
    if occurred_on > timezone.localdate():
        raise ValidationError({"occurred_on": _("Datumet kan inte ligga i framtiden.")})
    if contact is not None and contact.employer_id != employer.pk:
        raise ValidationError({"contact": _("Välj en kontaktperson hos den här arbetsgivaren.")})
    entry = EmployerContactLog(
        employer=employer,
        occurred_on=occurred_on,
        staff=actor,
        contact=contact,
        kind=kind,
        outcome=outcome,
    )
    return audited_create(
        actor=actor,
        instance=entry,
        summary=lambda entry: f"{employer}: {entry.get_kind_display()} {occurred_on}",
    )


def _check_arena(actor: User, *, name: str | None, unit: Unit | None, exclude: int | None) -> None:
    if unit is not None and unit.organisation_id != actor.organisation_id:
        raise ValidationError({"unit": _("Välj en enhet i din egen organisation.")})
    if name is not None:
        taken = TrainingArena.objects.filter(
            organisation_id=actor.organisation_id, name__iexact=name
        )
        if taken.exclude(pk=exclude).exists():
            raise ValidationError({"name": _("Det finns redan en arena med det namnet.")})


def training_arena_create(
    *,
    actor: User,
    name: str,
    unit: Unit,
    places: int = 0,
    supervisors: str = "",
    description: str = "",
) -> TrainingArena:
    """Add one of the organisation's own training arenas."""
    if not policy.can_create_arena(actor):
        raise PermissionDenied
    _check_arena(actor, name=name, unit=unit, exclude=None)
    arena = TrainingArena(
        organisation_id=actor.organisation_id,
        name=name,
        unit=unit,
        places=places,
        supervisors=supervisors,
        description=description,
    )
    return audited_create(actor=actor, instance=arena, summary=name)


def training_arena_update(
    *, actor: User, arena: TrainingArena, expected_version: int, **changes: Any
) -> TrainingArena:
    """Change a training arena; EditConflictError if someone else saved first."""
    if not policy.can_edit_arena(actor, arena):
        raise PermissionDenied
    require_known_fields(changes, ARENA_FIELDS, what="arena")
    _check_arena(actor, name=changes.get("name"), unit=changes.get("unit"), exclude=arena.pk)
    return audited_update(
        actor=actor,
        instance=arena,
        changes=changes,
        allowed=ARENA_FIELDS,
        expected_version=expected_version,
        summary=changes.get("name", arena.name),
    )


def training_arenas_install(
    *, organisation: Organisation, unit: Unit, path: Path = EXAMPLE_ARENAS
) -> list[TrainingArena]:
    """Install arenas from a JSON file (e.g. Timrå's example) into `unit`; skips existing names.

    Run by installation commands and demo data, so there is no actor; the audit record names
    the organisation.
    """
    if unit.organisation_id != organisation.pk:
        raise ValueError("The unit must belong to the organisation.")
    rows = json.loads(path.read_text(encoding="utf-8"))["arenas"]
    installed = []
    with transaction.atomic():
        existing = set(
            TrainingArena.objects.filter(organisation=organisation).values_list("name", flat=True)
        )
        for row in rows:
            if row["name"] in existing:
                continue
            arena = TrainingArena(
                organisation=organisation,
                unit=unit,
                name=row["name"],
                places=row.get("places", 0),
                supervisors="\n".join(row.get("supervisors", [])),
                description=row.get("description", ""),
            )
            audited_create(
                actor=None, instance=arena, summary=arena.name, organisation_id=organisation.pk
            )
            installed.append(arena)

    return installed
