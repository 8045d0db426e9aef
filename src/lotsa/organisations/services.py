"""Administering units and users: policy, transaction and audit in every function."""

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lotsa.audit.constants import AuditAction
from lotsa.audit.services import audit_record
from lotsa.audit.updates import audited_update
from lotsa.organisations import policy
from lotsa.organisations.constants import STAFF_ACCOUNT_ROLES, Role
from lotsa.organisations.models import District, Organisation, Unit, User

UNIT_FIELDS = ("name", "runs_support", "is_active")
# The username names the account in the audit log and never changes.
USER_FIELDS = ("first_name", "last_name", "email", "title", "role", "unit", "is_active")


def unit_create(*, actor: User, name: str, runs_support: bool = False) -> Unit:
    """Create a unit in the administrator's organisation."""
    if not policy.can_administer(actor):
        raise PermissionDenied
    if Unit.objects.filter(organisation_id=actor.organisation_id, name__iexact=name).exists():
        raise ValidationError({"name": _("Det finns redan en enhet med det namnet.")})
    with transaction.atomic():
        unit = Unit.objects.create(
            organisation_id=actor.organisation_id, name=name, runs_support=runs_support
        )
        audit_record(actor=actor, action=AuditAction.CREATE, obj=unit, summary=name)
    return unit


def unit_update(*, actor: User, unit: Unit, expected_version: int, **changes: Any) -> Unit:
    """Rename or (de)activate a unit; EditConflictError if someone saved it since it was opened."""
    if not policy.can_manage_unit(actor, unit):
        raise PermissionDenied
    name = changes.get("name")
    if (
        name
        and Unit.objects.filter(organisation_id=unit.organisation_id, name__iexact=name)
        .exclude(pk=unit.pk)
        .exists()
    ):
        raise ValidationError({"name": _("Det finns redan en enhet med det namnet.")})
    return audited_update(
        actor=actor,
        instance=unit,
        changes=changes,
        allowed=UNIT_FIELDS,
        expected_version=expected_version,
        summary=changes.get("name", unit.name),
    )


def district_create(*, actor: User, name: str) -> District:
    """Add a district (stadsdel) so access can be followed up per district."""
    if not policy.can_administer(actor):
        raise PermissionDenied
    if District.objects.filter(organisation_id=actor.organisation_id, name__iexact=name).exists():
        raise ValidationError({"name": _("Det finns redan en stadsdel med det namnet.")})
    with transaction.atomic():
        district = District.objects.create(organisation_id=actor.organisation_id, name=name)
        audit_record(actor=actor, action=AuditAction.CREATE, obj=district, summary=name)
    return district


def _check_role(role: str) -> None:
    if role not in STAFF_ACCOUNT_ROLES:
        raise ValidationError(
            {
                "role": _(
                    "Välj arbetscoach, remitterande handläggare, enhetschef eller administratör. "
                    "Samverkansparter får konton i partnerregistret."
                )
            }
        )


def _check_unit(actor: User, role: str, unit: Unit | None) -> None:
    if unit is not None and unit.organisation_id != actor.organisation_id:
        raise ValidationError({"unit": _("Välj en enhet i din egen organisation.")})
    if role != Role.ADMINISTRATOR and unit is None:
        raise ValidationError({"unit": _("Välj vilken enhet personen arbetar på.")})


def user_create(
    *,
    actor: User,
    username: str,
    password: str,
    role: str,
    unit: Unit | None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    title: str = "",
) -> User:
    """Create a staff account in the administrator's organisation."""
    if not policy.can_administer(actor):
        raise PermissionDenied
    _check_role(role)
    _check_unit(actor, role, unit)
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("Användarnamnet är upptaget.")})
    candidate = User(username=username, first_name=first_name, last_name=last_name, email=email)
    try:
        validate_password(password, candidate)
    except ValidationError as weak:
        raise ValidationError({"password": weak.messages}) from weak
    with transaction.atomic():
        user = User.objects.create_user(
            username=username,
            password=password,
            organisation_id=actor.organisation_id,
            role=role,
            unit=unit,
            first_name=first_name,
            last_name=last_name,
            email=email,
            title=title,
        )
        audit_record(actor=actor, action=AuditAction.CREATE, obj=user, summary=username)
    return user


def user_update(*, actor: User, user: User, expected_version: int, **changes: Any) -> User:
    """Change a staff account's role, unit, name or whether it may sign in; EditConflictError
    if someone saved the account since it was opened (a stale form must not undo a
    deactivation)."""
    if not policy.can_manage_user(actor, user):
        raise PermissionDenied
    if user.pk == actor.pk and changes.get("is_active") is False:
        raise ValidationError({"is_active": _("Du kan inte stänga av ditt eget konto.")})
    if changes.get("role", user.role) != user.role:
        _check_role(changes["role"])
    if user.role in STAFF_ACCOUNT_ROLES:
        _check_unit(actor, changes.get("role", user.role), changes.get("unit", user.unit))
    return audited_update(
        actor=actor,
        instance=user,
        changes=changes,
        allowed=USER_FIELDS,
        expected_version=expected_version,
        summary=user.username,
    )


def user_set_password(*, actor: User, user: User, password: str) -> None:
    if not policy.can_manage_user(actor, user):
        raise PermissionDenied
    try:
        validate_password(password, user)
    except ValidationError as weak:
        raise ValidationError({"password": weak.messages}) from weak
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        audit_record(
            actor=actor, action=AuditAction.UPDATE, obj=user, summary=_("Nytt lösenord satt")
        )


def organisation_create(*, name: str, kind: str, municipality_code: str = "") -> Organisation:
    """Create an organisation (used by the installation commands and demo data)."""
    with transaction.atomic():
        organisation = Organisation.objects.create(
            name=name, kind=kind, municipality_code=municipality_code
        )
        audit_record(actor=None, action=AuditAction.CREATE, obj=organisation, summary=name)
    return organisation
