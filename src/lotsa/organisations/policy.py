"""Who may manage organisations, units and users."""

from typing import TYPE_CHECKING

from lotsa.organisations.constants import STAFF_ACCOUNT_ROLES, Role

if TYPE_CHECKING:
    from lotsa.organisations.models import Unit, User


def can_administer(actor: "User") -> bool:
    """Administrators manage the users, units and catalogues of their own organisation."""
    return bool(
        actor.is_authenticated and actor.role == Role.ADMINISTRATOR and actor.organisation_id
    )


def can_manage_unit(actor: "User", unit: "Unit") -> bool:
    return can_administer(actor) and unit.organisation_id == actor.organisation_id


def can_manage_user(actor: "User", user: "User") -> bool:
    return can_administer(actor) and user.organisation_id == actor.organisation_id


def can_onboard(actor: "User") -> bool:
    """Instance administrators create organisations and set them up; they belong to none."""
    return bool(
        actor.is_authenticated
        and actor.is_active
        and actor.role == Role.INSTANCE_ADMINISTRATOR
        and actor.organisation_id is None
    )


def can_be_invited(user: "User") -> bool:
    """Staff accounts and partner users get invitation links; participants sign in with a
    one-time code and service accounts with a token."""
    return (
        user.role in STAFF_ACCOUNT_ROLES or user.role == Role.PARTNER
    ) and not user.is_service_account


def can_change_own_password(actor: "User") -> bool:
    """Everyone who signs in with a password (staff, partner users) may change it; a
    participant signs in with a one-time code and has none."""
    return bool(actor.is_authenticated and actor.has_usable_password())
