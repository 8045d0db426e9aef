"""Who may build, send, answer and read surveys."""

from typing import TYPE_CHECKING

from lotsa.cases import policy as case_policy
from lotsa.organisations.constants import Role

if TYPE_CHECKING:
    from lotsa.cases.models import Case
    from lotsa.organisations.models import User
    from lotsa.surveys.models import Survey


def can_manage_surveys(actor: "User") -> bool:
    """Administrators build the organisation's questionnaires."""
    return bool(
        actor.is_authenticated and actor.role == Role.ADMINISTRATOR and actor.organisation_id
    )


def can_list_surveys(actor: "User") -> bool:
    return can_read_results(actor)


def can_read_results(actor: "User") -> bool:
    """Managers and administrators read the organisation's results (groups of five or more)."""
    return bool(
        actor.is_authenticated
        and actor.role in (Role.MANAGER, Role.ADMINISTRATOR)
        and actor.organisation_id
    )


def can_edit_survey(actor: "User", survey: "Survey") -> bool:
    return can_manage_surveys(actor) and survey.organisation_id == actor.organisation_id


def can_send_by_hand(actor: "User", case: "Case") -> bool:
    """The case's coaches (and the unit's manager) send a survey to the person by hand."""

    return bool(
        actor.is_authenticated
        and actor.role in (Role.COACH, Role.MANAGER)
        and case_policy.can_view_case(actor, case)
    )
