from lotsa.people.models import Participant
from lotsa.portal.services import participant_account_for


def participant_user(participant: Participant):  # type: ignore[no-untyped-def]
    """The participant's sign-in user, created the way the first sign-in creates it."""
    return participant_account_for(participant)
