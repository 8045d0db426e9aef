"""Who may refer, see and decide on which referral. Pages, exports and statistics all ask here.

Referrers see the referrals they made; the manager of the receiving unit sees the referrals to
that unit and decides on them; the coach of the case opened from a referral reads it. Every rule
is also limited by people.policy, so a protected person stays hidden from everyone else.
"""

from typing import TYPE_CHECKING

from django.db.models import Q

from lotsa.organisations.constants import Role
from lotsa.people.models import Participant
from lotsa.people.policy import can_view_participant, visible_participants_q
from lotsa.referrals.constants import ReferralSource

if TYPE_CHECKING:
    from lotsa.organisations.models import Unit, User
    from lotsa.people.models import Participant
    from lotsa.referrals.models import Referral


def visible_referrals_q(actor: "User") -> Q:
    """A filter on Referral that keeps exactly the referrals `actor` may see."""
    if not actor.is_authenticated or actor.organisation_id is None:
        return Q(pk__in=[])

    people = Participant.objects.filter(visible_participants_q(actor)).values("pk")
    base = Q(organisation_id=actor.organisation_id, participant_id__in=people)
    if actor.role == Role.REFERRER:
        return base & Q(referrer=actor)
    if actor.role == Role.MANAGER:
        return base & Q(receiving_unit_id=actor.unit_id)
    if actor.role == Role.COACH:
        return base & Q(case__coach=actor)
    return Q(pk__in=[])


def can_submit_referral(actor: "User") -> bool:
    """Referring officers send referrals; they need a unit to send them from."""
    return bool(
        actor.is_authenticated
        and actor.role == Role.REFERRER
        and actor.organisation_id is not None
        and actor.unit_id is not None
    )


def can_refer_participant(actor: "User", participant: "Participant") -> bool:
    return (
        can_submit_referral(actor)
        and participant.organisation_id == actor.organisation_id
        and can_view_participant(actor, participant)
    )


def can_receive_outside_referral(unit: "Unit", source: str) -> bool:
    """A person's own application or a partner's referral goes to an active unit that runs
    the support; staff referrals go through `referral_submit`."""
    return bool(
        source in (ReferralSource.SELF, ReferralSource.PARTNER)
        and unit.runs_support
        and unit.is_active
    )


def can_view_referral(actor: "User", referral: "Referral") -> bool:
    from lotsa.referrals.models import Referral

    return Referral.objects.filter(visible_referrals_q(actor), pk=referral.pk).exists()


def can_view_intake_queue(actor: "User") -> bool:
    return bool(actor.is_authenticated and actor.role == Role.MANAGER and actor.unit_id)


def can_decide_referral(actor: "User", referral: "Referral") -> bool:
    """The manager of the receiving unit accepts (assigns a coach) or returns a referral.

    Whether the referral still waits for a decision is the referral's state, checked by the
    services; this says who may decide.
    """
    return (
        can_view_intake_queue(actor)
        and actor.organisation_id == referral.organisation_id
        and actor.unit_id == referral.receiving_unit_id
        and can_view_referral(actor, referral)
    )


def can_withdraw_referral(actor: "User", referral: "Referral") -> bool:
    """The referrer who sent it may take it back (while it waits for a decision)."""
    return bool(
        actor.is_authenticated and actor.role == Role.REFERRER and referral.referrer_id == actor.pk
    )
