"""Who may import into an organisation."""

from typing import TYPE_CHECKING

from lotsa.organisations.constants import Role

if TYPE_CHECKING:
    from lotsa.organisations.models import Organisation, User


def can_import(actor: "User", organisation: "Organisation") -> bool:
    """Administrators and managers of the organisation; an import reaches every unit in it."""
    return bool(
        actor.is_authenticated
        and actor.is_active
        and actor.organisation_id == organisation.pk
        and actor.role in (Role.ADMINISTRATOR, Role.MANAGER)
    )
