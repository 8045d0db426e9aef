"""Who may take out a data-subject extract. Which people they reach is people.policy's answer."""

from typing import TYPE_CHECKING

from lotsa.organisations.constants import Role
from lotsa.people.policy import can_view_participant

if TYPE_CHECKING:
    from lotsa.organisations.models import User
    from lotsa.people.models import Participant


def can_make_extracts(actor: "User") -> bool:
    """Managers answer requests for access (GDPR art. 15) for the people their unit handles."""
    return actor.is_authenticated and actor.role == Role.MANAGER


def can_make_extract(actor: "User", participant: "Participant") -> bool:
    return can_make_extracts(actor) and can_view_participant(actor, participant)
