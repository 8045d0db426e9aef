"""Who may see and change which case. Pages, exports and statistics all ask here."""

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Q

from lotsa.cases.constants import CaseStatus
from lotsa.organisations.constants import Role
from lotsa.organisations.policy import can_administer
from lotsa.people.models import Participant
from lotsa.people.policy import visible_participants_q

if TYPE_CHECKING:
    from lotsa.cases.models import Case
    from lotsa.organisations.models import User


def visible_cases_q(actor: "User") -> Q:
    """A filter on Case: the cases `actor` may open.

    Coaches and managers see the cases their unit runs; a referrer sees (a summary of) the cases
    opened from their own referrals. The participant must also be visible to the actor, which
    keeps protected people to their own coach and the unit's manager.
    """
    if not actor.is_authenticated or actor.organisation_id is None:
        return Q(pk__in=[])

    people = Participant.objects.filter(visible_participants_q(actor)).values("pk")
    base = Q(organisation_id=actor.organisation_id, participant_id__in=people)
    if actor.role == Role.COACH:
        return base & (Q(coach=actor) | Q(unit_id=actor.unit_id))
    if actor.role == Role.MANAGER:
        return base & Q(unit_id=actor.unit_id)
    if actor.role == Role.REFERRER:
        return base & Q(referral__referrer=actor)
    return Q(pk__in=[])


def _visibility_key(actor: "User", case: "Case") -> tuple[Any, ...]:
    # Everything visibility depends on, so a change to the case in the same request re-asks.
    return (actor.pk, actor.role, actor.unit_id, case.coach_id, case.unit_id, case.participant_id)


def remember_visible(actor: "User", case: "Case") -> None:
    """Record that `case` was read through `visible_cases_q(actor)`, so asking again within
    this request (the case page's sections each ask) needs no query."""
    case.__dict__.setdefault("_visible_to", set()).add(_visibility_key(actor, case))


def can_view_case(actor: "User", case: "Case") -> bool:
    from lotsa.cases.models import Case

    known: set[tuple[Any, ...]] = case.__dict__.setdefault("_visible_to", set())
    key = _visibility_key(actor, case)
    if key in known:
        return True
    visible = Case.objects.filter(visible_cases_q(actor), pk=case.pk).exists()
    if visible:
        known.add(key)
    return visible


def _works_in_unit_of(actor: "User", case: "Case") -> bool:
    return (
        not case.is_closed
        and actor.is_authenticated
        and actor.role in (Role.COACH, Role.MANAGER)
        and case.unit_id == actor.unit_id
    )


def can_work_on_case(actor: "User", case: "Case") -> bool:
    """Plan, notes and follow-ups: the case's coach, a coach of the same unit, or its manager."""
    return _works_in_unit_of(actor, case) and can_view_case(actor, case)


def can_close_case(actor: "User", case: "Case") -> bool:
    return can_work_on_case(actor, case)


def _manages_closed(actor: "User", case: "Case") -> bool:
    return (
        case.is_closed
        and actor.is_authenticated
        and actor.role == Role.MANAGER
        and case.unit_id == actor.unit_id
    )


def can_reopen_case(actor: "User", case: "Case") -> bool:
    """Only the unit's manager reopens a closed case (recorded with a reason)."""
    return _manages_closed(actor, case) and can_view_case(actor, case)


def _corrects_closed(actor: "User", case: "Case") -> bool:
    return (
        case.is_closed
        and actor.is_authenticated
        and actor.role in (Role.COACH, Role.MANAGER)
        and case.unit_id == actor.unit_id
    )


def can_correct_end_dates(actor: "User", case: "Case") -> bool:
    """After closure, the coaches of the case's unit and its manager may still correct when
    the case's activities and placements ended (nothing else changes on a closed case)."""
    return _corrects_closed(actor, case) and can_view_case(actor, case)


def can_open_case(actor: "User", unit_id: int) -> bool:
    """Managers open cases (assign a coach) in their own unit."""
    return actor.is_authenticated and actor.role == Role.MANAGER and actor.unit_id == unit_id


def can_read_participant_plan(actor: "User", case: "Case") -> bool:
    return can_view_case(actor, case)


def can_list_own_cases(actor: "User") -> bool:
    """'Mina ärenden' is the coach's list; other roles have their own start pages."""
    return actor.is_authenticated and actor.role == Role.COACH


def can_list_unit_cases(actor: "User") -> bool:
    """The unit's case list ("Enhetens ärenden") is the manager's overview."""
    return bool(actor.is_authenticated and actor.role == Role.MANAGER and actor.unit_id)


def can_reassign_case(actor: "User", case: "Case") -> bool:
    """The unit's manager moves an open case to another of the unit's coaches."""
    return (
        not case.is_closed
        and actor.is_authenticated
        and actor.role == Role.MANAGER
        and case.unit_id == actor.unit_id
        and can_view_case(actor, case)
    )


def can_save_case_filters(actor: "User") -> bool:
    """Whoever has a case list (coaches and managers) may save named views of it."""
    return can_list_own_cases(actor) or can_list_unit_cases(actor)


def can_change_plan(actor: "User", case: "Case") -> bool:
    """Goals and activities: whoever works on the (open) case."""
    return can_work_on_case(actor, case)


def can_record_follow_up(actor: "User", case: "Case") -> bool:
    return can_work_on_case(actor, case)


def can_pause_case(actor: "User", case: "Case") -> bool:
    return case.status == CaseStatus.ACTIVE and can_work_on_case(actor, case)


def can_resume_case(actor: "User", case: "Case") -> bool:
    return case.status == CaseStatus.PAUSED and can_work_on_case(actor, case)


def is_case_participant(actor: "User", case: "Case") -> bool:
    """The signed-in participant whose case this is (their Mina sidor account)."""
    if not (actor.is_authenticated and actor.role == Role.PARTICIPANT and actor.is_active):
        return False
    account = getattr(actor, "participant_account", None)
    return account is not None and account.participant_id == case.participant_id


def can_take_part_in_plan(actor: "User", case: "Case") -> bool:
    """The participant adds own activities, marks steps done and comments on their open case."""
    return not case.is_closed and is_case_participant(actor, case)


def can_decide_own_activity(actor: "User", case: "Case") -> bool:
    """Agreeing to, changing or declining a participant's own activity: whoever works on it."""
    return can_work_on_case(actor, case)


def can_comment_on_plan(actor: "User", case: "Case") -> bool:
    return can_take_part_in_plan(actor, case) or can_work_on_case(actor, case)


def can_manage_catalogue(actor: "User") -> bool:
    """Administrators keep their organisation's activity catalogue."""
    return can_administer(actor)


@dataclass(frozen=True)
class CasePermissions:
    """What `actor` may do on one case, for a page that offers many actions at once."""

    can_view: bool
    can_work: bool
    can_close: bool
    can_reopen: bool
    can_pause: bool
    can_resume: bool
    can_correct_end_dates: bool = False


@dataclass(frozen=True)
class CaseAccess:
    """What `actor` may do with `case`, checked once by the case page and handed to its panels.

    Made by `case_access`; a panel shows nothing when `can_view` is False.
    """

    actor: "User"
    case: "Case"
    permissions: CasePermissions

    @property
    def can_view(self) -> bool:
        return self.permissions.can_view

    @property
    def can_work(self) -> bool:
        return self.permissions.can_work


def case_access(actor: "User", case: "Case") -> CaseAccess:
    """What `actor` may do with `case`, with one visibility query; `can_view` may be False."""
    return CaseAccess(actor=actor, case=case, permissions=case_permissions(actor, case))


def case_permissions(actor: "User", case: "Case") -> CasePermissions:
    """The same answers as the can_* functions above, with one visibility query."""
    visible = can_view_case(actor, case)
    work = visible and _works_in_unit_of(actor, case)
    return CasePermissions(
        can_view=visible,
        can_work=work,
        can_close=work,
        can_reopen=visible and _manages_closed(actor, case),
        can_pause=work and case.status == CaseStatus.ACTIVE,
        can_resume=work and case.status == CaseStatus.PAUSED,
        can_correct_end_dates=visible and _corrects_closed(actor, case),
    )
