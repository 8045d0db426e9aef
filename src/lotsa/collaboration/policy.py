"""Who may register and revoke consents, keep the partner register, and read as a partner."""

from typing import TYPE_CHECKING

from lotsa.cases import policy as case_policy
from lotsa.organisations.constants import Role
from lotsa.organisations.policy import can_administer
from lotsa.people.policy import can_view_participant

if TYPE_CHECKING:
    from lotsa.cases.models import Case
    from lotsa.collaboration.models import Consent, PartnerOrganisation
    from lotsa.organisations.models import User
    from lotsa.people.models import Participant

CONSENT_KEEPERS = (Role.COACH, Role.MANAGER)


def can_manage_partners(actor: "User") -> bool:
    """Administrators keep the register of partner organisations, contacts and partner users."""
    return can_administer(actor)


def can_read_partners(actor: "User") -> bool:
    """Staff who work with people see the partner register (to name parties in consents)."""
    return bool(
        actor.is_authenticated
        and actor.organisation_id
        and actor.role in (Role.COACH, Role.MANAGER, Role.REFERRER, Role.ADMINISTRATOR)
    )


def can_register_consent(actor: "User", participant: "Participant") -> bool:
    """A coach or manager who may see the person records the consent the person gave."""
    return (
        actor.is_authenticated
        and actor.role in CONSENT_KEEPERS
        and can_view_participant(actor, participant)
    )


def can_carry_over_referral_consent(actor: "User | None", case: "Case") -> bool:
    """The consent noted on a referral carries over when its case opens.

    Opening the case was the decision (referrals checked who may accept); the consent is the
    referrer's note of what the person said, so whoever opened the case of that organisation,
    or scheduled work (None), carries it over.
    """
    if case.referral_id is None:
        return False
    return actor is None or actor.organisation_id == case.organisation_id


def can_list_consents(actor: "User", participant: "Participant") -> bool:
    return can_register_consent(actor, participant)


def can_list_case_consents(actor: "User", case: "Case") -> bool:
    """`can_list_consents` for the person of a case the actor has opened: whoever may see a
    case may see its person, so this asks no query after `cases.queries.case_get`."""
    return (
        actor.is_authenticated
        and actor.role in CONSENT_KEEPERS
        and case_policy.can_view_case(actor, case)
    )


def participant_id_of(actor: "User") -> int | None:
    """The participant a signed-in participant user is; the portal app links the two.

    `lotsa.portal` links them (ParticipantAccount); a user without that link is no one.
    """
    account = getattr(actor, "participant_account", None)
    return account.participant_id if account is not None else None


def can_revoke_consent(actor: "User", consent: "Consent") -> bool:
    """The person themself, or a coach or manager who may see them, withdraws a consent."""
    if consent.revoked_at is not None or not actor.is_authenticated:
        return False
    if actor.role == Role.PARTICIPANT:
        own = participant_id_of(actor)
        return own is not None and own == consent.participant_id
    return can_register_consent(actor, consent.participant)


def can_record_meeting(actor: "User", case: "Case") -> bool:
    """Whoever works on the open case records its coordination meetings."""
    return case_policy.can_work_on_case(actor, case)


def is_partner_user(actor: "User") -> bool:
    return bool(actor.is_authenticated and actor.role == Role.PARTNER and actor.organisation_id)


def partner_of(actor: "User") -> "PartnerOrganisation | None":
    """The partner organisation a partner user speaks for, or None."""
    if not is_partner_user(actor):
        return None
    from lotsa.collaboration.models import PartnerContact

    contact = (
        PartnerContact.objects.select_related("partner")
        .filter(user=actor, partner__is_active=True, partner__organisation_id=actor.organisation_id)
        .first()
    )
    return contact.partner if contact else None
