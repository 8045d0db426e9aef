"""Who may read and write employers and training arenas (always within their organisation)."""

from typing import TYPE_CHECKING

from lotsa.organisations.constants import Role

if TYPE_CHECKING:
    from lotsa.organisations.models import User
    from lotsa.work.models import Employer, TrainingArena

_EMPLOYER_READERS = frozenset({Role.COACH, Role.MANAGER, Role.REFERRER, Role.ADMINISTRATOR})
_EMPLOYER_WRITERS = frozenset({Role.COACH, Role.MANAGER})
_ARENA_READERS = frozenset({Role.COACH, Role.MANAGER, Role.ADMINISTRATOR})
_ARENA_WRITERS = frozenset({Role.MANAGER, Role.ADMINISTRATOR})


def _has_role(actor: "User", roles: frozenset[str]) -> bool:
    return bool(actor.is_authenticated and actor.organisation_id and actor.role in roles)


def can_view_employers(actor: "User") -> bool:
    return _has_role(actor, _EMPLOYER_READERS)


def can_create_employer(actor: "User") -> bool:
    """Coaches and managers keep the employer register."""
    return _has_role(actor, _EMPLOYER_WRITERS)


def can_view_employer(actor: "User", employer: "Employer") -> bool:
    return can_view_employers(actor) and employer.organisation_id == actor.organisation_id


def can_edit_employer(actor: "User", employer: "Employer") -> bool:
    return can_create_employer(actor) and employer.organisation_id == actor.organisation_id


def can_view_arenas(actor: "User") -> bool:
    return _has_role(actor, _ARENA_READERS)


def can_create_arena(actor: "User") -> bool:
    """Managers and administrators keep the list of the municipality's own arenas."""
    return _has_role(actor, _ARENA_WRITERS)


def can_edit_arena(actor: "User", arena: "TrainingArena") -> bool:
    return can_create_arena(actor) and arena.organisation_id == actor.organisation_id
