"""Who may see and change which participant. Pages, exports, search and the API all ask here.

Rules (docs/security.md): everyone works inside their own organisation. Staff see the
participants their unit is responsible for, the participants of cases their unit runs and the
participants they referred. A participant with protected identity is visible only to the
coach of one of their cases, the manager of the responsible unit or of a unit running their
case, and the referrer who registered or referred them — as people: a service account (another
system calling the API as a user) never sees a protected person, whatever its role.
Administrators manage users and units; they see no participant data.
"""

import operator
from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce
from typing import TYPE_CHECKING

from django.db.models import Q

from lotsa.core.registry import Registry
from lotsa.organisations.constants import Role

if TYPE_CHECKING:
    from lotsa.organisations.models import Unit, User
    from lotsa.people.models import Participant


@dataclass(frozen=True)
class Relation:
    """How an actor works with people through one app's records, as filters on Participant.

    `own`: the actor personally works with them (their case as coach, their referral as
    referrer) — this reaches people with protected identity. `unit`: the actor's unit is
    responsible for them through that app (a case the unit runs, a referral it received).
    """

    own: Q | None = None
    unit: Q | None = None


# Apps whose records tie people to staff (cases, referrals) register a function
# `relation(actor) -> Relation` here in their extensions.py; people imports none of them.
# With nothing registered, staff see only the people their unit is responsible for.
participant_relations: Registry[Callable[["User"], Relation]] = Registry("participant relations")


def _any(filters: list[Q]) -> Q | None:
    return reduce(operator.or_, filters) if filters else None


def visible_participants_q(actor: "User") -> Q:
    """A filter on Participant that keeps exactly the people `actor` may see.

    Cases and referrals enter as sub-queries scoped to the organisation (their apps'
    `participant_relations`), not as joins: a join with OR made PostgreSQL read the whole case
    table (docs/performance.md) and needed DISTINCT.
    """
    if not actor.is_authenticated or actor.organisation_id is None:
        return Q(pk__in=[])
    if actor.role not in (Role.COACH, Role.REFERRER, Role.MANAGER):
        return Q(pk__in=[])
    relations = [relation(actor) for relation in participant_relations]
    own = _any([r.own for r in relations if r.own is not None])
    unit = _any([r.unit for r in relations if r.unit is not None])
    responsible = Q(unit_id=actor.unit_id)
    org = Q(organisation_id=actor.organisation_id)
    if getattr(actor, "is_service_account", False):
        org &= Q(is_protected=False)
    if actor.role == Role.COACH:
        open_to_unit = responsible | unit if unit is not None else responsible
        visible = Q(is_protected=False) & open_to_unit
        return org & (own | visible if own is not None else visible)
    if actor.role == Role.REFERRER:
        personal = Q(registered_by=actor) | own if own is not None else Q(registered_by=actor)
        return org & (personal | (Q(is_protected=False) & responsible))
    led = responsible | unit if unit is not None else responsible
    return org & (led | own if own is not None else led)


def can_view_participant(actor: "User", participant: "Participant") -> bool:
    from lotsa.people.models import Participant

    return Participant.objects.filter(visible_participants_q(actor), pk=participant.pk).exists()


def can_search_participants(actor: "User") -> bool:
    """Staff who work with people search them; administrators do not."""
    return actor.is_authenticated and actor.role in (Role.REFERRER, Role.MANAGER, Role.COACH)


def can_register_participant(actor: "User") -> bool:
    return actor.is_authenticated and actor.role in (Role.REFERRER, Role.MANAGER, Role.COACH)


def can_edit_participant(actor: "User", participant: "Participant") -> bool:
    return can_register_participant(actor) and can_view_participant(actor, participant)


def can_see_protected_flag_choice(actor: "User") -> bool:
    """Only those who can keep protected people protected may set the flag."""
    return actor.is_authenticated and actor.role in (Role.REFERRER, Role.MANAGER, Role.COACH)


def can_read_access_log(actor: "User", participant: "Participant") -> bool:
    """A manager may open 'who has looked at this person' for people their unit handles."""
    return (
        actor.is_authenticated
        and actor.role == Role.MANAGER
        and can_view_participant(actor, participant)
    )


def can_receive_application_for(unit: "Unit") -> bool:
    """An application from outside (the public form, a partner) may register the person it is
    about in the organisation of an active unit that runs the support, and nowhere else."""
    return bool(unit.runs_support and unit.is_active)
