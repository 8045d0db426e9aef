"""Demo: Solvik's partners, a partner user (partner1), consents for about twenty people and
coordination meetings whose agreed actions are in the plans. Everything goes through services."""

from datetime import timedelta
from typing import TYPE_CHECKING

from lotsa.cases.constants import OPEN_CASE_STATUSES
from lotsa.cases.models import ActivityType, Case
from lotsa.collaboration import services
from lotsa.collaboration.constants import ConsentScope, MeetingKind, PartnerKind
from lotsa.collaboration.models import PartnerOrganisation
from lotsa.collaboration.services import AgreedAction
from lotsa.people.demo import DEMO_PASSWORD

if TYPE_CHECKING:
    from lotsa.people.demo import DemoContext, DemoFoundationContext

PARTNERS = (
    ("Arbetsförmedlingen Solvik", PartnerKind.ARBETSFORMEDLINGEN, "Karin Lind", "Arbetsförmedlare"),
    ("Försäkringskassan Solvik", PartnerKind.FORSAKRINGSKASSAN, "Per Holm", "Handläggare"),
    ("Region Mellanland, psykiatrin Solvik", PartnerKind.REGION, "Lena Berg", "Kurator"),
)
CONSENTS = 20
REVOKED = 3
EXPIRED = 3


def build_partners(context: "DemoFoundationContext") -> None:
    """Before the history: the partners exist when the referrals' consents name them."""
    admin = context.staff["admin"]
    contacts = []
    for name, kind, contact_name, title in PARTNERS:
        partner = services.partner_create(
            actor=admin, name=name, kind=kind, phone="0771-60 00 00", email="info@example.invalid"
        )
        contacts.append(
            services.partner_contact_add(
                actor=admin,
                partner=partner,
                name=contact_name,
                title=title,
                email=f"{contact_name.split()[0].lower()}@example.invalid",
            )
        )
    user = services.partner_user_create(actor=admin, contact=contacts[0], username="partner1")
    # Demo accounts share the short password 'demo', which the validators would refuse.
    user.set_password(DEMO_PASSWORD)
    user.save(update_fields=["password"])


def build_demo(context: "DemoContext") -> list[str]:
    admin = context.staff["admin"]
    by_name = {
        partner.name: partner
        for partner in PartnerOrganisation.objects.filter(organisation_id=admin.organisation_id)
    }
    partners = [by_name[name] for name, _kind, _contact, _title in PARTNERS]
    af, fk, region = partners

    cases = list(
        Case.objects.filter(
            organisation_id=admin.organisation_id,
            status__in=OPEN_CASE_STATUSES,
            participant__is_protected=False,
        )
        .exclude(participant__phone="")
        .select_related("participant", "coach")
        .order_by("start_date", "id")[:CONSENTS]
    )
    today = context.today
    in_force = revoked = expired = 0
    for index, case in enumerate(cases):
        to = [af] if index % 3 else [af, fk]
        if index % 5 == 4:
            to = [fk, region]
        scopes = [ConsentScope.PLAN] + ([ConsentScope.NOTES] if index % 4 == 0 else [])
        if index >= len(cases) - EXPIRED:
            given_on, valid_to = today - timedelta(days=400), today - timedelta(days=30)
        else:
            given_on = max(case.start_date, today - timedelta(days=90))
            valid_to = given_on + timedelta(days=365)
        consent = services.consent_register(
            actor=case.coach,
            participant=case.participant,
            partners=to,
            scopes=scopes,
            given_on=given_on,
            form="written" if index % 2 else "verbal",
            valid_to=valid_to,
            referral=case.referral,
        )
        if index >= len(cases) - EXPIRED:
            expired += 1
        elif index >= len(cases) - EXPIRED - REVOKED:
            services.consent_revoke(actor=case.coach, consent=consent)
            revoked += 1
        else:
            in_force += 1

    meetings = _meetings(context, cases[:4], af, fk, region)
    return [
        f"Samverkan: {len(partners)} parter; partner1 (Arbetsförmedlingen, lösenord "
        f"'{DEMO_PASSWORD}'); samtycken {in_force} gäller, {revoked} återkallade, "
        f"{expired} utgångna; {meetings} samverkansmöten"
    ]


def _meetings(
    context: "DemoContext",
    cases: list[Case],
    af: PartnerOrganisation,
    fk: PartnerOrganisation,
    region: PartnerOrganisation,
) -> int:
    today = context.today
    count = 0
    for index, case in enumerate(cases):
        types = {
            item.skr_category: item
            for item in ActivityType.objects.filter(
                organisation_id=case.organisation_id, is_active=True
            ).order_by("name")
        }
        internship = types.get(5) or next(iter(types.values()))
        coordination = types.get(12) or internship
        case.refresh_from_db(fields=["plan_version"])
        if index % 2 == 0:
            services.meeting_record(
                actor=case.coach,
                case=case,
                expected_plan_version=case.plan_version,
                kind=MeetingKind.SIP if index == 0 else MeetingKind.THREE_PARTY,
                meets_on=today - timedelta(days=10 + index),
                place="Arbetsmarknadsenheten, Storgatan 1",
                parties=["participant", "coach", "arbetsformedlingen"]
                + (["region"] if index == 0 else []),
                partners=[af, region] if index == 0 else [af],
                attendees=f"{case.participant.full_name}, deltagare\n{case.coach}, arbetscoach\n"
                "Karin Lind, Arbetsförmedlingen",
                lead_party="coach",
                agreed="Praktik inom lager med stöd från Arbetsförmedlingen; "
                "samordnad kontakt med vården.",
                actions=[
                    AgreedAction(
                        activity_type=internship,
                        responsible="arbetsformedlingen",
                        starts_on=today + timedelta(days=7),
                        ends_on=today + timedelta(days=97),
                        description="Anvisa till praktik inom lager",
                    ),
                    AgreedAction(
                        activity_type=coordination,
                        responsible="participant" if index else "region",
                        starts_on=today,
                        description="Boka tid hos psykiatrins kurator"
                        if index == 0
                        else "Söka tre jobb i veckan",
                    ),
                ],
            )
        else:
            services.meeting_record(
                actor=case.coach,
                case=case,
                expected_plan_version=case.plan_version,
                kind=MeetingKind.THREE_PARTY if index == 1 else MeetingKind.SIP,
                meets_on=today + timedelta(days=7 * index),
                place="Försäkringskassan, Solvik",
                parties=["participant", "coach", "forsakringskassan"],
                partners=[fk],
            )
        count += 1
    return count
