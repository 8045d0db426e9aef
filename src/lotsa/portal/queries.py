"""Reads for the participant's own pages: only ever the signed-in person's own data.

Every function starts from `own_participant(user)`, the participant linked to the signed-in
user; nothing here takes an id from the request that could name someone else.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa.audit.constants import AuditAction
from lotsa.audit.services import audit_record
from lotsa.cases.constants import OPEN_CASE_STATUSES
from lotsa.cases.models import Case, CoachHandover
from lotsa.cases.queries import ParticipantPlan, build_participant_plan, latest_handover
from lotsa.collaboration.models import Consent
from lotsa.collaboration.policy import can_revoke_consent
from lotsa.collaboration.queries import upcoming_meetings
from lotsa.organisations.models import User
from lotsa.people.models import Participant
from lotsa.portal import policy
from lotsa.surveys.queries import open_invitations_for
from lotsa.work.models import Placement


def own_participant(user: User) -> Participant:
    """The participant the signed-in user is; PermissionDenied for anyone else."""
    if not policy.is_participant_user(user):
        raise PermissionDenied
    return user.participant_account.participant


@dataclass
class OwnPages:
    participant: Participant
    case: Case | None
    plan: ParticipantPlan | None
    meetings: list[Any] = field(default_factory=list)
    placements: list[Any] = field(default_factory=list)
    consents: list[Any] = field(default_factory=list)
    surveys: list[Any] = field(default_factory=list)
    handover: CoachHandover | None = None


def own_pages(user: User) -> OwnPages:
    """Everything "Mina sidor" shows, read in a fixed number of queries and logged as the
    person's own look-up."""
    participant = own_participant(user)
    case = (
        Case.objects.filter(participant=participant, status__in=OPEN_CASE_STATUSES)
        .select_related("coach", "unit")
        .order_by("-start_date", "-id")
        .first()
    )
    pages = OwnPages(
        participant=participant,
        case=case,
        plan=build_participant_plan(case) if case is not None else None,
        meetings=_meetings(participant),
        placements=_placements(participant),
        consents=_consents(participant, user),
        surveys=_surveys(participant),
        handover=latest_handover(case) if case is not None else None,
    )
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        obj=participant,
        participant=participant,
        summary=_("Deltagaren läste sina egna sidor"),
    )
    return pages


def _meetings(participant: Participant) -> list[Any]:

    return upcoming_meetings(participant)


def _placements(participant: Participant) -> list[Any]:
    """The person's own placements and employments, newest first (read-only here)."""

    return list(
        Placement.objects.filter(case__participant=participant)
        .select_related("employer", "arena")
        .order_by("-starts_on", "-id")
    )


@dataclass(frozen=True)
class OwnConsent:
    pk: int
    partner_name: str
    scope_label: str
    given_on: date
    valid_to: date | None
    revoked_on: date | None
    can_revoke: bool

    @property
    def is_revoked(self) -> bool:
        return self.revoked_on is not None


def _consents(participant: Participant, user: User) -> list[OwnConsent]:
    """The person's consents, newest first, each saying whether they may withdraw it."""

    consents = (
        Consent.objects.filter(participant=participant)
        .prefetch_related("partners")
        .order_by("-given_on", "-id")
    )
    return [
        OwnConsent(
            pk=consent.pk,
            # A party named on the referral with no partner organisation still shows by kind.
            partner_name=", ".join(
                [partner.name for partner in consent.partners.all()]
                + consent.unmatched_party_labels
            ),
            scope_label=", ".join(consent.scope_labels) or _("ingenting delas"),
            given_on=consent.given_on,
            valid_to=consent.valid_to,
            revoked_on=timezone.localdate(consent.revoked_at) if consent.revoked_at else None,
            can_revoke=can_revoke_consent(user, consent),
        )
        for consent in consents
    ]


def _surveys(participant: Participant) -> list[Any]:

    return open_invitations_for(participant)
