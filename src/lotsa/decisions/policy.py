"""Who may see and do what with applications and decisions.

The officer (a referrer-role user) who handles the application investigates and decides under
delegation. The manager of the officer's unit, and the manager of the unit that received the
granted support, read them. Coaches read the decisions behind the cases they see.
Every rule is also bounded by people.policy, so a protected person stays hidden. Equal-access
figures are for managers and administrators and never include protected people.
"""

from typing import TYPE_CHECKING

from django.db.models import Q

from lotsa.organisations.constants import Role
from lotsa.people.models import Participant
from lotsa.people.policy import can_view_participant, visible_participants_q

if TYPE_CHECKING:
    from lotsa.decisions.models import Application
    from lotsa.organisations.models import User
    from lotsa.people.models import Participant


def can_use_decisions(actor: "User") -> bool:
    """Staff who work with applications or read decisions (not partners, not service roles)."""
    return actor.role in (Role.REFERRER, Role.MANAGER, Role.COACH, Role.ADMINISTRATOR)


def can_list_applications(actor: "User") -> bool:
    """The application list is for the officers who handle them and their managers."""
    return actor.role in (Role.REFERRER, Role.MANAGER)


def visible_applications_q(actor: "User") -> Q:
    """A filter on Application that keeps exactly the applications `actor` may see."""
    if not actor.is_authenticated or actor.organisation_id is None:
        return Q(pk__in=[])
    from lotsa.decisions.models import Decision

    people = Participant.objects.filter(visible_participants_q(actor)).values("pk")
    base = Q(organisation_id=actor.organisation_id, participant_id__in=people)
    if actor.role == Role.REFERRER:
        return base & Q(officer=actor)
    if actor.role == Role.MANAGER:
        received = Decision.objects.filter(
            organisation_id=actor.organisation_id, referral__receiving_unit_id=actor.unit_id
        ).values("application_id")
        return base & (Q(unit_id=actor.unit_id) | Q(pk__in=received))
    if actor.role == Role.COACH:
        # The decisions behind cases the coach sees: their own and their unit's (the person
        # filter above keeps protected people to their own coach).
        coached = Decision.objects.filter(
            Q(referral__case__coach=actor) | Q(referral__case__unit_id=actor.unit_id),
            organisation_id=actor.organisation_id,
        ).values("application_id")
        return base & Q(pk__in=coached)
    return Q(pk__in=[])


def can_apply(actor: "User") -> bool:
    """Officers record applications; they need a unit (the investigating unit)."""
    return bool(
        actor.is_authenticated
        and actor.role == Role.REFERRER
        and actor.organisation_id is not None
        and actor.unit_id is not None
    )


def can_apply_for(actor: "User", participant: "Participant") -> bool:
    return (
        can_apply(actor)
        and participant.organisation_id == actor.organisation_id
        and can_view_participant(actor, participant)
    )


def can_handle_application(actor: "User", application: "Application") -> bool:
    """The handling officer investigates, decides (under delegation) and extends."""
    return bool(
        can_apply(actor)
        and application.officer_id == actor.pk
        and application.organisation_id == actor.organisation_id
        and can_view_participant(actor, application.participant)
    )


def can_record_parallel_support(actor: "User", participant: "Participant") -> bool:
    return bool(
        actor.is_authenticated
        and actor.role in (Role.REFERRER, Role.MANAGER, Role.COACH)
        and participant.organisation_id == actor.organisation_id
        and can_view_participant(actor, participant)
    )


def can_view_expiry(actor: "User") -> bool:
    return bool(
        actor.is_authenticated
        and actor.role in (Role.REFERRER, Role.MANAGER)
        and actor.organisation_id is not None
    )


def can_view_equal_access(actor: "User") -> bool:
    return bool(
        actor.is_authenticated
        and actor.role in (Role.MANAGER, Role.ADMINISTRATOR)
        and actor.organisation_id is not None
    )
