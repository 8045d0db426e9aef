"""Who may read and write which thread. Pages, the extract and notifications all ask here.

- The participant: the threads of their own cases (their Mina sidor user), writing while the
  case is open.
- Staff: whoever may see the case reads its threads (protected identity is already in
  `can_view_case`); whoever works on the open case writes. A referrer sees no messages.
- A partner contact: only a thread that names them, only while the person has a consent in
  force to their partner that shares something, and never about a person with protected
  identity (decision 0009: consent is checked at every read).
"""

from typing import TYPE_CHECKING

from django.utils import timezone

from lotsa.cases import policy as case_policy
from lotsa.collaboration import policy as collaboration_policy
from lotsa.collaboration.queries import consents_in_force, shares_something_q
from lotsa.messaging.constants import Side
from lotsa.organisations.constants import Role

if TYPE_CHECKING:
    from lotsa.cases.models import Case
    from lotsa.collaboration.models import PartnerContact
    from lotsa.messaging.models import Thread
    from lotsa.organisations.models import User


def partner_may_take_part(contact: "PartnerContact", case: "Case") -> bool:
    """A named partner contact may be in a thread about this person right now."""
    if case.participant.is_protected or not contact.partner.is_active:
        return False
    return (
        consents_in_force(case.participant_id, contact.partner_id, at=timezone.now())
        .filter(shares_something_q())
        .exists()
    )


def side_of(actor: "User", case: "Case") -> str | None:
    """The side `actor` speaks for on `case`'s threads, or None if they take no part."""
    if case_policy.is_case_participant(actor, case):
        return Side.PARTICIPANT
    if actor.is_authenticated and actor.role in (Role.COACH, Role.MANAGER):
        return Side.COACH if case_policy.can_view_case(actor, case) else None
    return None


def can_read_thread(actor: "User", thread: "Thread") -> bool:
    case = thread.case
    if side_of(actor, case) is not None:
        return True
    contact = thread.partner_contact
    return (
        contact is not None
        and collaboration_policy.is_partner_user(actor)
        and contact.user_id == actor.pk
        and partner_may_take_part(contact, case)
    )


def can_write_thread(actor: "User", thread: "Thread") -> bool:
    case = thread.case
    if case.is_closed or not can_read_thread(actor, thread):
        return False
    side = side_of(actor, case)
    return side != Side.COACH or case_policy.can_work_on_case(actor, case)


def can_start_thread(actor: "User", case: "Case") -> bool:
    """The participant, or whoever works on the open case."""
    return case_policy.can_take_part_in_plan(actor, case) or case_policy.can_work_on_case(
        actor, case
    )


def can_copy_to_journal(actor: "User", case: "Case") -> bool:
    return case_policy.can_work_on_case(actor, case)
