"""Demo: a participant of Solvik who can sign in to Mina sidor with a code on the console."""

from datetime import time, timedelta
from typing import TYPE_CHECKING, cast

from django.utils import timezone

from lotsa.cases import services as case_services
from lotsa.cases.constants import OPEN_CASE_STATUSES, OwnActivityKind
from lotsa.cases.models import Case
from lotsa.cases.queries import case_get
from lotsa.collaboration.constants import ConsentScope, MeetingKind, PartnerKind
from lotsa.collaboration.models import Consent, PartnerOrganisation
from lotsa.collaboration.queries import in_force_q, partner_person
from lotsa.collaboration.services import (
    consent_register,
    meeting_record,
    partner_create,
    partner_referral_submit,
)
from lotsa.messaging import services as message_services
from lotsa.organisations.models import Unit
from lotsa.people.demo import DEMO_MUNICIPALITY
from lotsa.people.personnummer import make_personnummer
from lotsa.portal.constants import CodeChannel
from lotsa.portal.services import (
    Contact,
    _matching_participants,
    normalise_phone,
    participant_account_for,
    self_referral_submit,
)

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
    _reads_for_the_access_log(case)
    lines = [
        f"Mina sidor: logga in på /mina-sidor/logga-in/ som {person.full_name} med "
        f"mobilnumret {person.phone}; koden skrivs ut här i terminalen (sms-konsolen). "
        'Språk väljs överst på sidan; "Vem har tittat på mina uppgifter?" finns i menyn.'
    ]
    return lines + _outside_referrals(context, case)


def _reads_for_the_access_log(case: Case) -> None:
    """The coach opens the case and a partner with a user reads the person, as on the pages,
    so the person's access log has entries to show."""
    case_get(case.coach, case.pk)
    consent = (
        Consent.objects.filter(in_force_q(timezone.now()), participant=case.participant)
        .prefetch_related("partners__contacts__user")
        .first()
    )
    for partner in consent.partners.all() if consent else []:
        for contact in partner.contacts.all():
            if contact.user is not None and contact.user.is_active:
                partner_person(contact.user, case.participant_id)
                return


def _outside_referrals(context: "DemoContext", case: Case) -> list[str]:
    """An own application on the public form and, where a partner user has someone's consent,
    a partner's referral: both wait in the support unit's intake queue with their source."""
    unit = Unit.objects.filter(organisation_id=case.organisation_id, name="Arbetsmarknadsenheten")
    support = unit.first() or case.unit
    number = make_personnummer(context.today.replace(year=context.today.year - 29, day=1), 482)
    self_referral_submit(
        unit=support,
        personal_number=number.canonical,
        first_name="Noor",
        last_name="Haddad",
        email="",
        phone="070-000 12 34",
        reason="Jag har gått SFI och vill hitta ett arbete eller en praktik inom vården.",
        goal="Ett arbete som undersköterska.",
        ip_address=None,
    )
    lines = ["Ansök om stöd: en egen ansökan från Noor Haddad väntar i remisskön."]
    consents = Consent.objects.filter(
        in_force_q(timezone.now()),
        organisation_id=case.organisation_id,
        partners__contacts__user__isnull=False,
        participant__is_protected=False,
    ).exclude(participant__cases__unit=support)
    consent = consents.prefetch_related("partners__contacts__user").first()
    if consent is None:
        return lines
    partner = next(p for p in consent.partners.all() if p.contacts.exclude(user=None).exists())
    contact = partner.contacts.exclude(user=None).first()
    if contact is None or contact.user is None:
        return lines
    if partner_referral_submit(
        actor=contact.user,
        personal_number=consent.participant.personal_number,
        receiving_unit=support,
        reason="Personen vill ha stöd mot arbete; vi har samtycke att remittera.",
    ):
        lines.append(f"Samverkanspart: {partner.name} har remitterat en person till remisskön.")
    return lines


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


def build_co_owned_plan_demo(context: "DemoContext") -> list[str]:
    """The demo person writes in their plan and talks with their coach: a job application, a
    proposal, a thread waiting on the coach, an answered one, and a meeting tomorrow to act on.
    A few other people of Solvik have a proposal and a thread too."""
    case = cast("Case | None", context.shared.get("portal_case"))
    if case is None:
        return []
    others = list(
        Case.objects.filter(
            organisation_id=case.organisation_id,
            status__in=OPEN_CASE_STATUSES,
            participant__is_protected=False,
        )
        .exclude(pk=case.pk)
        .select_related("participant", "coach")
        .order_by("id")[:4]
    )
    for number, other in enumerate([case, *others]):
        person = participant_account_for(other.participant)
        if number == 0:
            case_services.own_activity_add(
                actor=person,
                case=other,
                expected_plan_version=other.plan_version,
                kind=OwnActivityKind.JOB_APPLICATION,
                title="Butiksmedarbetare",
                employer="Solviks Livs",
                applied_on=context.today - timedelta(days=3),
            )
        case_services.own_activity_add(
            actor=person,
            case=other,
            expected_plan_version=other.plan_version,
            kind=OwnActivityKind.OWN,
            title="Gå till simhallen två gånger i veckan",
        )
        answered = message_services.thread_start(
            actor=other.coach,
            case=other,
            subject="Inför nästa möte",
            body="Hej! Ta gärna med ditt CV till nästa möte, så går vi igenom det.",
        )
        message_services.message_send(actor=person, thread=answered, body="Ja, det gör jag. Tack!")
        message_services.message_send(actor=other.coach, thread=answered, body="Bra, vi ses då.")
        message_services.thread_start(
            actor=person,
            case=other,
            subject="Fråga om praktiken",
            body="Hej, kan jag börja en timme senare på måndagar?",
        )
    meeting_record(
        actor=case.coach,
        case=case,
        expected_plan_version=Case.objects.get(pk=case.pk).plan_version,
        kind=MeetingKind.THREE_PARTY,
        meets_on=context.today + timedelta(days=1),
        starts_at=time(10, 0),
        place="Jobbcentrum, Storgatan 1, Solvik",
        parties=["coach", "participant"],
    )
    return [
        f"Mina sidor: {case.participant.full_name} har ett förslag och ett sökt jobb i planen, "
        "en tråd som väntar på coachen och ett möte i morgon (lotsa send_meeting_reminders "
        "skriver ut påminnelsen)."
    ]
