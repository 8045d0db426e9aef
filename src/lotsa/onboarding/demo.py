"""Demo: an instance administrator and a coordination association onboarded through the same
services as the pages — two member municipalities, three partner authorities, a unit, staff
from a CSV file, and participants from both members with cases, so the board report's split
by member municipality has something to show."""

from datetime import timedelta
from typing import TYPE_CHECKING

from lotsa.guidelines.models import GuidelineVersion
from lotsa.onboarding import services
from lotsa.organisations.constants import OrganisationKind
from lotsa.organisations.models import MemberMunicipality, User
from lotsa.organisations.services import (
    instance_administrator_create,
    member_municipality_add,
    organisation_onboard,
)
from lotsa.people.demo import DEMO_PASSWORD
from lotsa.people.demo_names import FIRST_NAMES_MEN, FIRST_NAMES_WOMEN, LAST_NAMES
from lotsa.people.personnummer import make_personnummer
from lotsa.people.services import participant_register
from lotsa.referrals.services import referral_accept, referral_submit

if TYPE_CHECKING:
    from lotsa.people.demo import DemoContext

DEMO_ASSOCIATION = "Samordningsförbundet Älvdalen"
# Real municipalities and their SCB codes (public facts); everything else here is synthetic.
DEMO_MEMBERS = (("Karlstad", "1780"), ("Hammarö", "1782"))
DEMO_STAFF_CSV = """användarnamn;förnamn;efternamn;e-post;titel;roll;enhet
forbund-admin;Siv;Sandberg;siv.sandberg@alvdalen.example;Förbundschef;Administratör;
forbund-chef;Olle;Lund;olle.lund@alvdalen.example;Enhetschef;Enhetschef;Jobbtorget
forbund-coach1;Maja;Ek;maja.ek@alvdalen.example;Arbetscoach;Arbetscoach;Jobbtorget
forbund-coach2;Ali;Hassan;ali.hassan@alvdalen.example;Arbetscoach;Arbetscoach;Jobbtorget
forbund-remiss;Eva;Björk;eva@av.example;Handläggare;Remitterande handläggare;Förbundets mottagning
"""
PARTICIPANTS_PER_MEMBER = (9, 6)


def build_demo(context: "DemoContext") -> list[str]:
    operator = instance_administrator_create(
        username="instans", first_name="Ingrid", last_name="Instans"
    )
    operator.set_password(DEMO_PASSWORD)
    operator.save(update_fields=["password"])
    association = organisation_onboard(
        actor=operator, name=DEMO_ASSOCIATION, kind=OrganisationKind.COORDINATION_ASSOCIATION
    )
    members = [
        member_municipality_add(
            actor=operator, organisation=association, name=name, municipality_code=code
        )
        for name, code in DEMO_MEMBERS
    ]
    for kind, name in (
        ("arbetsformedlingen", ""),
        ("forsakringskassan", ""),
        ("region", "Region Värmland"),
    ):
        services.onboarding_partner_authority_add(
            actor=operator, organisation=association, kind=kind, name=name
        )
    version = services.onboarding_guideline_install(
        actor=operator,
        organisation=association,
        key="danderyd_arbetscoach",
        publish_on=context.today - timedelta(days=400),
    )
    services.onboarding_unit_create(
        actor=operator, organisation=association, name="Jobbtorget", runs_support=True
    )
    services.onboarding_unit_create(
        actor=operator, organisation=association, name="Förbundets mottagning"
    )
    staff = services.staff_import(
        actor=operator, organisation=association, data=DEMO_STAFF_CSV.encode()
    )
    for user in staff:  # the demo signs in with the demo password; real staff set their own
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    by_name = {user.username: user for user in staff}
    cases = _cases(context, version, members, by_name)
    return [
        f"Instansadministratör: instans / {DEMO_PASSWORD}",
        f"{DEMO_ASSOCIATION}: medlemmar {', '.join(m.name for m in members)}, "
        f"{len(staff)} i personalen (forbund-chef, forbund-coach1 …), {cases} ärenden",
    ]


def _cases(
    context: "DemoContext",
    version: GuidelineVersion,
    members: list[MemberMunicipality],
    staff: dict[str, User],
) -> int:
    referrer, manager = staff["forbund-remiss"], staff["forbund-chef"]
    coaches = [staff["forbund-coach1"], staff["forbund-coach2"]]
    group = version.target_groups.get(code="forsorjningsstod")
    receiving = manager.unit
    assert receiving is not None  # noqa: S101 — the CSV gives the manager a unit
    count = 0
    for member, how_many in zip(members, PARTICIPANTS_PER_MEMBER, strict=True):
        for _number in range(how_many):
            count += 1
            women = count % 2 == 0
            names = FIRST_NAMES_WOMEN if women else FIRST_NAMES_MEN
            born = context.today.replace(year=context.today.year - 22 - count % 30, day=1)
            participant = participant_register(
                actor=referrer,
                personal_number=make_personnummer(
                    born, 600 + count * 2 + (0 if women else 1)
                ).canonical,
                first_name=names[count % len(names)],
                last_name=LAST_NAMES[(count * 7) % len(LAST_NAMES)],
                member_municipality=member,
            )
            started = context.today  # a case cannot start before its referral
            referral = referral_submit(
                actor=referrer,
                participant=participant,
                receiving_unit=receiving,
                target_groups=[group],
                reason="Vill komma ut i arbete.",
                goal="Arbete.",
                work_capacity_investigated_on=started - timedelta(days=7),
                work_capacity_investigated_by=str(referrer),
                work_capacity_summary="Kan arbeta deltid.",
                consent_parties=["arbetsformedlingen"],
                consent_scopes=["plan"],
                consent_given_on=started - timedelta(days=7),
                consent_form="written",
                answers={"bor_i_kommunen": "yes", "aktuell_socialforvaltningen": "yes"},
            )
            referral_accept(
                actor=manager, referral=referral, coach=coaches[count % 2], start_date=started
            )
    return count
