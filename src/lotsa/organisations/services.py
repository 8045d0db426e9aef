"""Administering units and users: policy, transaction and audit in every function."""

import secrets
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lotsa.audit.constants import AuditAction
from lotsa.audit.services import audit_record
from lotsa.audit.updates import audited_update
from lotsa.organisations import policy, queries
from lotsa.organisations.constants import STAFF_ACCOUNT_ROLES, Role
from lotsa.organisations.models import AccountInvitation, District, Organisation, Unit, User

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
    role: str,
    unit: Unit | None,
    email: str,
    link_for: Callable[[str], str],
    first_name: str = "",
    last_name: str = "",
    title: str = "",
) -> User:
    """Create a staff account in the administrator's organisation and e-mail its invitation.

    The account has no usable password: the person sets their own through the one-time link
    (`user_invite`); the administrator never knows it. `link_for(token)` is the absolute URL
    of the invitation page for a token.
    """
    if not policy.can_administer(actor):
        raise PermissionDenied
    _check_role(role)
    _check_unit(actor, role, unit)
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("Användarnamnet är upptaget.")})
    if not email:
        raise ValidationError(
            {"email": _("Ange en e-postadress, dit inbjudan med länken skickas.")}
        )
    with transaction.atomic():
        user = User.objects.create_user(
            username=username,
            password=None,
            organisation_id=actor.organisation_id,
            role=role,
            unit=unit,
            first_name=first_name,
            last_name=last_name,
            email=email,
            title=title,
        )
        audit_record(actor=actor, action=AuditAction.CREATE, obj=user, summary=username)
        user_invite(actor=actor, user=user, link_for=link_for)
    return user


def user_invite(*, actor: User, user: User, link_for: Callable[[str], str]) -> AccountInvitation:
    """E-mail `user` a one-time link to set their own password; earlier links stop working.

    The token is in the e-mail only (the database keeps its SHA-256); the link works once,
    for `LOTSA_INVITATION_VALID_HOURS`. The mail goes after the commit.
    """
    if not policy.can_manage_user(actor, user) or not policy.can_be_invited(user):
        raise PermissionDenied
    if not user.email:
        raise ValidationError(
            {"email": _("Användaren har ingen e-postadress att skicka inbjudan till.")}
        )
    token = secrets.token_urlsafe(32)
    hours = settings.LOTSA_INVITATION_VALID_HOURS
    with transaction.atomic():
        AccountInvitation.objects.filter(user=user, used_at__isnull=True).delete()
        invitation = AccountInvitation.objects.create(
            user=user,
            token_hash=queries.token_hash(token),
            created_by=actor,
            expires_at=timezone.now() + timedelta(hours=hours),
        )
        audit_record(
            actor=actor,
            action=AuditAction.SECURITY,
            obj=user,
            summary=_("Inbjudan med engångslänk skickad till %(username)s")
            % {"username": user.username},
        )
        link = link_for(token)
        message = _(
            "Hej %(name)s!\n\nDu har fått ett konto i Lotsa med användarnamnet %(username)s. "
            "Välj ditt eget lösenord på länken nedan. Länken fungerar en gång och gäller i "
            "%(hours)s timmar.\n\n%(link)s\n\nHar du inte väntat dig det här meddelandet? "
            "Kontakta din administratör."
        ) % {"name": user.get_full_name() or user.username, "username": user.username,
             "hours": hours, "link": link}  # fmt: skip
        recipient = user.email
        transaction.on_commit(
            lambda: send_mail(
                _("Välj ditt lösenord till Lotsa"),
                message,
                settings.DEFAULT_FROM_EMAIL,
                [recipient],
            )
        )
    return invitation


INVITATION_INVALID = gettext_lazy(
    "Länken gäller inte längre: den har redan använts, har gått ut eller har ersatts av en "
    "nyare. Be din administratör om en ny inbjudan."
)


def invitation_accept(*, token: str, password: str) -> User:
    """Set the invited person's own password and spend the link (single use, not expired).

    ValidationError at `password` for a weak password (the link still works), or without
    a field for a spent, expired or unknown link.
    """
    with transaction.atomic():
        invitation = (
            AccountInvitation.objects.select_for_update()
            .select_related("user")
            .filter(token_hash=queries.token_hash(token))
            .first()
        )
        if invitation is None or not queries.invitation_is_open(invitation):
            raise ValidationError(INVITATION_INVALID, code="invitation_invalid")
        user = invitation.user
        _own_password_set(user, password, summary=_("Valde sitt lösenord med inbjudan"))
        invitation.used_at = timezone.now()
        invitation.save(update_fields=["used_at"])
    return user


def _own_password_set(user: User, password: str, *, summary: str) -> None:
    """Check `password` with Django's validators (errors at `new_password1`), set it, and
    write the security record; inside the caller's transaction."""
    try:
        validate_password(password, user)
    except ValidationError as weak:
        raise ValidationError({"new_password1": weak.messages}) from weak
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(actor=user, action=AuditAction.SECURITY, obj=user, summary=summary)


def password_change(*, actor: User, old_password: str, new_password: str) -> User:
    """The signed-in user changes their own password (Django's validators apply).

    Every other session of the user ends: Django ties a session to the password's hash, so
    once it changes the other sessions no longer sign anyone in; the caller keeps its own
    session with `update_session_auth_hash`.
    """
    if not policy.can_change_own_password(actor):
        raise PermissionDenied
    if not actor.check_password(old_password):
        raise ValidationError({"old_password": _("Det nuvarande lösenordet stämmer inte.")})
    with transaction.atomic():
        _own_password_set(
            actor, new_password, summary=_("Bytte sitt lösenord; andra inloggningar avslutades")
        )
    return actor


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


def organisation_create(*, name: str, kind: str, municipality_code: str = "") -> Organisation:
    """Create an organisation (used by the installation commands and demo data)."""
    with transaction.atomic():
        organisation = Organisation.objects.create(
            name=name, kind=kind, municipality_code=municipality_code
        )
        audit_record(actor=None, action=AuditAction.CREATE, obj=organisation, summary=name)
    return organisation
