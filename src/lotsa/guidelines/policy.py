"""Who may change guidelines: the administrators of the guideline's own organisation."""

from typing import TYPE_CHECKING

from lotsa.organisations.policy import can_administer

if TYPE_CHECKING:
    from lotsa.guidelines.models import Guideline
    from lotsa.organisations.models import User


def can_manage_guideline(actor: "User", guideline: "Guideline") -> bool:
    """Publishing and drafting versions is an administrator's task, never a caseworker's."""
    return can_administer(actor) and guideline.organisation_id == actor.organisation_id
