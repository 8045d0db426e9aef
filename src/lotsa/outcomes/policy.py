"""Who may see and record follow-ups after closure."""

from typing import TYPE_CHECKING

from lotsa.cases.policy import can_view_case
from lotsa.organisations.constants import Role
from lotsa.organisations.policy import can_administer

if TYPE_CHECKING:
    from lotsa.organisations.models import User
    from lotsa.outcomes.models import OutcomeFollowUp


def can_list_outcomes(actor: "User") -> bool:
    """Coaches and managers of a unit follow up the unit's closed cases."""
    return bool(
        actor.is_authenticated
        and actor.role in (Role.COACH, Role.MANAGER)
        and actor.unit_id is not None
    )


def can_record_outcome(actor: "User", follow_up: "OutcomeFollowUp") -> bool:
    """A coach or the manager of the unit that ran the case, if they may see the case."""
    case = follow_up.case
    return (
        can_list_outcomes(actor)
        and case.unit_id == actor.unit_id
        and case.organisation_id == actor.organisation_id
        and can_view_case(actor, case)
    )


def can_edit_outcome_settings(actor: "User") -> bool:
    return can_administer(actor)
