"""Reads of partners, consents and meetings, filtered by what the asking user may see."""

from datetime import datetime

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from lotsa.collaboration import policy
from lotsa.collaboration.constants import ConsentScope
from lotsa.collaboration.models import Consent, PartnerOrganisation
from lotsa.organisations.models import User
from lotsa.people.models import Participant


def in_force_q(at: datetime, *, prefix: str = "") -> Q:
    """A filter on Consent (or through `prefix` on a relation): consents in force at `at`."""
    day = timezone.localdate(at)
    return (
        Q(
            **{f"{prefix}given_on__lte": day},
        )
        & (Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": day}))
        & (Q(**{f"{prefix}revoked_at__isnull": True}) | Q(**{f"{prefix}revoked_at__gt": at}))
    )


def consents_in_force(
    participant: Participant | int,
    partner: PartnerOrganisation | int,
    scope: str | None = None,
    at: datetime | None = None,
) -> QuerySet[Consent]:
    """The person's consents to `partner` in force at `at` (now), covering `scope` if given."""
    if scope is not None and scope not in ConsentScope.values:
        raise ValueError(f"Unknown consent scope: {scope}")
    condition = in_force_q(at or timezone.now())
    if scope is not None:
        condition &= Q(**{f"shares_{scope}": True})
    return (
        Consent.objects.filter(condition, participant=participant, partners=partner)
        .distinct()
        .order_by("-given_on", "-id")
    )


def consents_for_participant(actor: User, participant: Participant) -> list[Consent]:
    """Every consent of the person, newest first, with its partners (for staff who keep them)."""
    if not policy.can_list_consents(actor, participant):
        raise Http404
    return list(
        Consent.objects.filter(participant=participant)
        .select_related("registered_by", "revoked_by")
        .prefetch_related("partners")
        .order_by("-given_on", "-id")
    )


def consent_get(actor: User, consent_id: int) -> Consent:
    """A consent of a person `actor` may see (404 otherwise)."""
    try:
        consent = Consent.objects.select_related("participant").get(
            pk=consent_id, organisation_id=actor.organisation_id
        )
    except Consent.DoesNotExist as missing:
        raise Http404 from missing
    if not (
        policy.can_list_consents(actor, consent.participant)
        or policy.can_revoke_consent(actor, consent)
    ):
        raise Http404
    return consent


def partners_for(actor: User, *, active_only: bool = False) -> QuerySet[PartnerOrganisation]:
    """The partner register of the actor's organisation."""
    if not policy.can_read_partners(actor):
        return PartnerOrganisation.objects.none()
    partners = PartnerOrganisation.objects.filter(organisation_id=actor.organisation_id)
    if active_only:
        partners = partners.filter(is_active=True)
    return partners.order_by("name")
