"""Who may read the statistics and change the evaluation's assumptions."""

from typing import TYPE_CHECKING

from lotsa.organisations.constants import Role
from lotsa.organisations.policy import can_administer

if TYPE_CHECKING:
    from lotsa.organisations.models import User


def can_view_statistics(actor: "User") -> bool:
    """Managers read their organisation's statistics: counts only, small ones hidden."""
    return bool(
        actor.is_authenticated and actor.role == Role.MANAGER and actor.organisation_id is not None
    )


def can_edit_assumptions(actor: "User") -> bool:
    """Administrators keep the organisation's cost table for the socio-economic evaluation."""
    return can_administer(actor)


def can_edit_populations(actor: "User") -> bool:
    """Managers (who prepare the board report) and administrators keep the districts'
    population of working age."""
    return can_view_statistics(actor) or can_administer(actor)
