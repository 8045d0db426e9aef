"""Demo: a participant of Solvik who can sign in to Mina sidor with a code on the console."""

from typing import TYPE_CHECKING

from django.utils import timezone

from lotsa.cases.constants import OPEN_CASE_STATUSES
from lotsa.cases.models import Case
from lotsa.collaboration.constants import ConsentScope, PartnerKind
from lotsa.collaboration.models import Consent, PartnerOrganisation
from lotsa.collaboration.queries import in_force_q
from lotsa.collaboration.services import consent_register, partner_create
from lotsa.people.demo import DEMO_MUNICIPALITY
from lotsa.portal.constants import CodeChannel
from lotsa.portal.services import Contact, _matching_participants, normalise_phone

if TYPE_CHECKING:
    from lotsa.people.demo import DemoContext

MUNICIPALITY = DEMO_MUNICIPALITY


def demo_participant_case(context: "DemoContext") -> Case | None:
    """An open Solvik case of an ordinary person whose phone number is theirs alone; a person
    with a consent in force to a partner that has a user comes first."""

    cases = (
        Case.objects.filter(
            organisation__name=MUNICIPALITY,
            status__in=OPEN_CASE_STATUSES,
            participant__is_protected=False,
        )
        .exclude(participant__phone="")
        .select_related("participant")
        .order_by("start_date", "id")
    )
    with_partner_user = set(
        Consent.objects.filter(
            in_force_q(timezone.now()), partners__contacts__user__isnull=False
        ).values_list("participant_id", flat=True)
    )
    candidates = sorted(cases[:400], key=lambda case: case.participant_id not in with_partner_user)
    for case in candidates:
        contact = Contact(CodeChannel.SMS, normalise_phone(case.participant.phone))
        if len(_matching_participants(contact)) == 1 and case.activities.exists():
            return case
    return None


def build_demo(context: "DemoContext") -> list[str]:
    case = demo_participant_case(context)
    # The surveys builder, which runs later, leaves this person's case for Mina sidor.
    context.shared["portal_case"] = case
    if case is None:
        return ["Mina sidor: ingen lämplig demodeltagare hittades."]
    person = case.participant
    _ensure_consent(context, case)
    return [
        f"Mina sidor: logga in på /mina-sidor/logga-in/ som {person.full_name} med "
        f"mobilnumret {person.phone}; koden skrivs ut här i terminalen (sms-konsolen)."
    ]


def _ensure_consent(context: "DemoContext", case: Case) -> None:
    """Give the demo person a consent in force to revoke, if the collaboration demo gave none."""

    if Consent.objects.filter(in_force_q(timezone.now()), participant=case.participant).exists():
        return
    partner = PartnerOrganisation.objects.filter(
        organisation_id=case.organisation_id, kind=PartnerKind.ARBETSFORMEDLINGEN, is_active=True
    ).first() or partner_create(
        actor=context.staff["admin"],
        name="Arbetsförmedlingen Solvik",
        kind=PartnerKind.ARBETSFORMEDLINGEN,
    )
    consent_register(
        actor=case.coach,
        participant=case.participant,
        partners=[partner],
        scopes=[ConsentScope.PLAN],
        given_on=context.today,
        form="written",
    )
