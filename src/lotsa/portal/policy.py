"""Who may use the participant's own pages ("Mina sidor")."""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from lotsa.organisations.models import User


def is_participant_user(user: "User | AnonymousUser") -> bool:
    """A signed-in participant with a linked, active account."""
    return bool(
        user.is_authenticated
        and getattr(user, "is_participant", False)
        and user.is_active
        and hasattr(user, "participant_account")
    )
