"""Administering units and users: policy, transaction and audit in every function."""

import copy
import secrets
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lotsa.audit.constants import AuditAction
from lotsa.audit.services import audit_record
from lotsa.audit.updates import audited_create, audited_update
from lotsa.jobs import outbox
from lotsa.organisations import policy, queries
from lotsa.organisations.constants import (
    COUNTY_CODES,
    STAFF_ACCOUNT_ROLES,
    OrganisationKind,
    Role,
)
from lotsa.organisations.models import (
    AccountInvitation,
    District,
    MemberMunicipality,
    Organisation,
    Unit,
    User,
)

UNIT_FIELDS = ("name", "runs_support", "is_active")
# The username names the account in the audit log and never changes.
USER_FIELDS = ("first_name", "last_name", "email", "title", "role", "unit", "is_active")


def unit_create(*, actor: User, name: str, runs_support: bool = False) -> Unit:
    """Create a unit in the administrator's organisation."""
    if not policy.can_administer(actor):
        raise PermissionDenied
    if Unit.objects.filter(organisation_id=actor.organisation_id, name__iexact=name).exists():
        raise ValidationError({"name": _("Det finns redan en enhet med det namnet.")})
    return audited_create(
        actor=actor,
        instance=Unit(organisation_id=actor.organisation_id, name=name, runs_support=runs_support),
        summary=name,
    )


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
    return audited_create(
        actor=actor,
        instance=District(organisation_id=actor.organisation_id, name=name),
        summary=name,
    )


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


def invitation_link_public(token: str) -> str:
    """The invitation page's address for work done outside a request (imports, commands):
    the instance's public address (LOTSA_PUBLIC_URL) and the page's path."""
    return settings.LOTSA_PUBLIC_URL.rstrip("/") + reverse("account:invitation", args=[token])


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
        # Queued in this transaction and sent by the worker after it commits (decision 0024).
        outbox.send_mail(
            to=user.email,
            subject=_("Välj ditt lösenord till Lotsa"),
            message=message,
            key=f"account-invitation:{invitation.pk}",
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


def organisation_create(
    *, name: str, kind: str, municipality_code: str = "", actor: User | None = None
) -> Organisation:
    """Create an organisation (used by the installation commands and demo data; onboarding
    checks its input with organisation_onboard first)."""
    with transaction.atomic():
        organisation = Organisation.objects.create(
            name=name, kind=kind, municipality_code=municipality_code
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=organisation,
            summary=name,
            organisation_id=organisation.pk,
        )
    return organisation


def municipality_code_check(code: str, *, field: str = "municipality_code") -> str:
    """SCB's municipality code: four digits, the first two a county's (0180 Stockholm)."""
    code = code.strip()
    if not (len(code) == 4 and code.isascii() and code.isdigit()):
        raise ValidationError({field: _("Kommunkoden är fyra siffror, till exempel 0162.")})
    if code[:2] not in COUNTY_CODES:
        raise ValidationError(
            {
                field: _("%(code)s är ingen kommunkod: de två första siffrorna är ett läns kod.")
                % {"code": code}
            }
        )
    return code


def organisation_onboard(
    *, actor: User, name: str, kind: str, municipality_code: str = ""
) -> Organisation:
    """An instance administrator creates a municipality (with its municipality code) or a
    coordination association (whose member municipalities have the codes)."""
    if not policy.can_onboard(actor):
        raise PermissionDenied
    name = name.strip()
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = _("Ange organisationens namn.")
    elif Organisation.objects.filter(name__iexact=name).exists():
        errors["name"] = _("Det finns redan en organisation med det namnet.")
    if kind not in OrganisationKind.values:
        errors["kind"] = _("Välj kommun eller samordningsförbund.")
    code = municipality_code.strip()
    if kind == OrganisationKind.MUNICIPALITY:
        try:
            code = municipality_code_check(code)
        except ValidationError as invalid:
            errors.update({key: value[0] for key, value in invalid.message_dict.items()})
        else:
            if Organisation.objects.filter(
                kind=OrganisationKind.MUNICIPALITY, municipality_code=code
            ).exists():
                errors["municipality_code"] = _(
                    "Det finns redan en kommun med kommunkod %(code)s."
                ) % {"code": code}
    elif code:
        errors["municipality_code"] = _(
            "Ett samordningsförbund har ingen egen kommunkod; ange medlemskommunernas."
        )
    if errors:
        raise ValidationError(errors)
    return organisation_create(name=name, kind=kind, municipality_code=code, actor=actor)


def member_municipality_add(
    *, actor: User, organisation: Organisation, name: str, municipality_code: str
) -> MemberMunicipality:
    """Add a member municipality to a coordination association."""
    if not policy.can_onboard(actor):
        raise PermissionDenied
    if not organisation.is_coordination_association:
        raise ValidationError(_("Bara ett samordningsförbund har medlemskommuner."))
    name = name.strip()
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = _("Ange kommunens namn.")
    elif organisation.member_municipalities.filter(name__iexact=name).exists():
        errors["name"] = _("Kommunen är redan medlem.")
    try:
        code = municipality_code_check(municipality_code)
    except ValidationError as invalid:
        errors.update({key: value[0] for key, value in invalid.message_dict.items()})
    else:
        if organisation.member_municipalities.filter(municipality_code=code).exists():
            errors["municipality_code"] = _("En medlemskommun har redan kommunkod %(code)s.") % {
                "code": code
            }
    if errors:
        raise ValidationError(errors)
    return audited_create(
        actor=actor,
        instance=MemberMunicipality(organisation=organisation, name=name, municipality_code=code),
        summary=f"{name} ({code})",
        organisation_id=organisation.pk,
    )


def onboarding_actor(actor: User, organisation: Organisation) -> User:
    """The instance administrator, acting as an administrator of `organisation` while setting
    it up: an unsaved copy, so the organisation's own services (units, accounts, guidelines,
    partners) apply their rules unchanged and their audit records name the real person."""
    if not policy.can_onboard(actor):
        raise PermissionDenied
    stand_in = copy.copy(actor)
    stand_in.role = Role.ADMINISTRATOR
    stand_in.organisation = organisation
    stand_in.organisation_id = organisation.pk
    stand_in.unit = None
    stand_in.unit_id = None
    return stand_in


def instance_administrator_create(
    *,
    username: str,
    password: str | None = None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
) -> User:
    """An instance administrator (command line only: the operator who runs the instance)."""
    username = username.strip()
    if not username or any(ch.isspace() for ch in username):
        raise ValidationError({"username": _("Ange ett användarnamn utan mellanslag.")})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("Användarnamnet är upptaget.")})
    candidate = User(username=username, first_name=first_name, last_name=last_name, email=email)
    if password is not None:
        try:
            validate_password(password, candidate)
        except ValidationError as weak:
            raise ValidationError({"password": weak.messages}) from weak
    with transaction.atomic():
        user = User.objects.create_user(
            username=username,
            password=password,
            role=Role.INSTANCE_ADMINISTRATOR,
            first_name=first_name,
            last_name=last_name,
            email=email,
        )
        audit_record(
            actor=None,
            action=AuditAction.CREATE,
            obj=user,
            summary=_("Instansadministratör %(username)s") % {"username": username},
        )
    return user
