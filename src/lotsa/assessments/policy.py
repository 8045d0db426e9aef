"""Who may read and record mappings, assessments and phases, and who configures instruments.

Everything on a case follows the case: whoever may open the case may read its mappings,
assessments and phases; whoever works on it (its coach, a coach of the same unit, the unit's
manager) may record new ones. Instruments and methods are the administrator's configuration.
"""

from typing import TYPE_CHECKING

from lotsa.cases import policy as case_policy
from lotsa.organisations.constants import Role
from lotsa.organisations.policy import can_administer

if TYPE_CHECKING:
    from lotsa.assessments.models import Instrument, Method
    from lotsa.cases.models import Case
    from lotsa.organisations.models import Unit, User


def can_view_progress(actor: "User", case: "Case") -> bool:
    return case_policy.can_view_case(actor, case)


def _staff_of_unit(actor: "User", case: "Case") -> bool:
    return bool(
        actor.is_authenticated
        and actor.role in (Role.COACH, Role.MANAGER)
        and case.unit_id == actor.unit_id
    )


def can_view_mapping(actor: "User", case: "Case") -> bool:
    """The mapping holds health and obstacles: only the unit that runs the case reads it."""
    return _staff_of_unit(actor, case) and case_policy.can_view_case(actor, case)


def can_record_progress(actor: "User", case: "Case") -> bool:
    """Mappings, assessments and phase changes: whoever works on the open case."""
    return case_policy.can_work_on_case(actor, case)


def can_print_certificate(actor: "User", case: "Case") -> bool:
    """The certificate is handed to the participant by staff who work with the case."""
    return _staff_of_unit(actor, case) and case_policy.can_view_case(actor, case)


def can_configure(actor: "User") -> bool:
    """Administrators keep their organisation's instruments and methods."""
    return can_administer(actor)


def can_configure_instrument(actor: "User", instrument: "Instrument") -> bool:
    return can_configure(actor) and instrument.organisation_id == actor.organisation_id


def can_configure_method(actor: "User", method: "Method") -> bool:
    return can_configure(actor) and method.organisation_id == actor.organisation_id


def can_view_fidelity(actor: "User", unit: "Unit") -> bool:
    """A unit's fidelity reviews are read by its own coaches and managers."""
    return bool(
        actor.is_authenticated
        and actor.role in (Role.COACH, Role.MANAGER)
        and actor.unit_id == unit.pk
        and actor.organisation_id == unit.organisation_id
    )


def can_record_fidelity(actor: "User", unit: "Unit") -> bool:
    """The unit's manager records a review (scored with the reviewers)."""
    return can_view_fidelity(actor, unit) and actor.role == Role.MANAGER
