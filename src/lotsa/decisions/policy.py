"""Who may see and do what with applications and decisions.

The officer (a referrer-role user) who handles the application investigates; who may decide
(grant, reject, extend) on a given day is what the organisation's delegation register says
(`Delegation`; without rows, the standing rule: the handling officer decides everything). So a
stand-in or the manager can decide while the handling officer is away. The register is kept by
the organisation's administrator: it mirrors the board's delegation order, and a manager who kept
it could delegate decisions to themselves. The manager of the officer's unit, and the manager of
the unit that received the granted support, read them. Coaches read the decisions behind the
cases they see. Every rule is also bounded by people.policy, so a protected person stays
hidden. Equal-access figures are for managers and administrators and never include protected
people.
"""

from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils import timezone

from lotsa.decisions.constants import DecisionAct, Delegate
from lotsa.decisions.models import Delegation
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
        return base & (Q(referrer=actor) | _delegated_q(actor, timezone.localdate()))
    if actor.role == Role.MANAGER:
        received = Decision.objects.filter(
            Q(referral__receiving_unit_id=actor.unit_id) | Q(case__unit_id=actor.unit_id),
            organisation_id=actor.organisation_id,
        ).values("application_id")
        return base & (
            Q(unit_id=actor.unit_id)
            | Q(pk__in=received)
            | _delegated_q(actor, timezone.localdate())
        )
    if actor.role == Role.COACH:
        # The decisions behind cases the coach sees: their own and their unit's (the person
        # filter above keeps protected people to their own coach).
        coached = Decision.objects.filter(
            Q(case__coach=actor) | Q(case__unit_id=actor.unit_id),
            organisation_id=actor.organisation_id,
        ).values("application_id")
        return base & Q(pk__in=coached)
    return Q(pk__in=[])


# The standing rule of an organisation that has not filled in its register: today's behaviour.
STANDING_DELEGATION = Delegation(
    delegate=Delegate.HANDLING_OFFICER,
    may_grant=True,
    may_reject=True,
    may_extend=True,
    valid_from=date(1900, 1, 1),
)


def delegations_in_force(organisation_id: int | None, on: date) -> list[Delegation]:
    """The register's rows in force on `on` (the standing rule when the register is empty)."""
    rows = list(Delegation.objects.filter(organisation_id=organisation_id))
    if not rows:
        return [STANDING_DELEGATION]
    return [row for row in rows if row.in_force_on(on)]


def _covers(delegation: Delegation, actor: "User", application: "Application") -> bool:
    if delegation.unit_id is not None and delegation.unit_id != application.unit_id:
        return False
    if delegation.delegate == Delegate.HANDLING_OFFICER:
        return application.referrer_id == actor.pk
    if delegation.delegate == Delegate.UNIT_OFFICER:
        return actor.role == Role.REFERRER and actor.unit_id == application.unit_id
    if delegation.delegate == Delegate.UNIT_MANAGER:
        return actor.role == Role.MANAGER and actor.unit_id == application.unit_id
    return delegation.user_id == actor.pk


def _delegated_q(actor: "User", on: date) -> Q:
    """Applications other than the actor's own that the register lets them decide on `on`."""
    allowed = Q(pk__in=[])
    for row in delegations_in_force(actor.organisation_id, on):
        scope = Q(unit_id=row.unit_id) if row.unit_id else Q(organisation_id=actor.organisation_id)
        if row.delegate == Delegate.HANDLING_OFFICER:
            allowed |= scope & Q(referrer=actor)
        elif (row.delegate == Delegate.UNIT_OFFICER and actor.role == Role.REFERRER) or (
            row.delegate == Delegate.UNIT_MANAGER and actor.role == Role.MANAGER
        ):
            allowed |= scope & Q(unit_id=actor.unit_id)
        elif row.delegate == Delegate.PERSON and row.user_id == actor.pk:
            allowed |= scope
    return allowed


def delegation_for(
    actor: "User",
    application: "Application",
    act: str,
    *,
    on: date,
    rows: list[Delegation] | None = None,
) -> Delegation | None:
    """The register row that lets `actor` take decision `act` about `application` on `on`."""
    if not (
        actor.is_authenticated
        and actor.role in (Role.REFERRER, Role.MANAGER)
        and application.organisation_id == actor.organisation_id
        and can_view_participant(actor, application.participant)
    ):
        return None
    in_force = delegations_in_force(actor.organisation_id, on) if rows is None else rows
    for row in in_force:
        if row.allows(act) and _covers(row, actor, application):
            return row
    return None


def can_decide(actor: "User", application: "Application", act: str, *, on: date) -> bool:
    """Whether the delegation register lets `actor` take decision `act` on `on`."""
    return delegation_for(actor, application, act, on=on) is not None


def can_manage_delegations(actor: "User") -> bool:
    """The organisation's administrator keeps the register (see the module docstring)."""
    return bool(
        actor.is_authenticated
        and actor.role == Role.ADMINISTRATOR
        and actor.organisation_id is not None
    )


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


def can_handle_application(
    actor: "User", application: "Application", *, on: date | None = None
) -> bool:
    """The handling officer, and whoever the register lets decide it today (a stand-in, the
    manager), investigate it and open its decision pages; each decision is then checked
    against the register for its own kind and date (`can_decide`)."""
    if (
        can_apply(actor)
        and application.referrer_id == actor.pk
        and application.organisation_id == actor.organisation_id
        and can_view_participant(actor, application.participant)
    ):
        return True
    day = on or timezone.localdate()
    rows = delegations_in_force(actor.organisation_id, day)
    return any(
        delegation_for(actor, application, act, on=day, rows=rows) for act in DecisionAct.values
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
