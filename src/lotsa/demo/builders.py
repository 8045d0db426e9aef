"""Build the synthetic demo world through the same services the pages use."""

import random
from datetime import date, timedelta

from lotsa.demo.history import HistoryBuilder, build_work, catalogues_install
from lotsa.organisations.constants import OrganisationKind, Role
from lotsa.organisations.models import District, Organisation, Unit, User
from lotsa.organisations.services import organisation_create, user_create
from lotsa.people.demo import (
    DEMO_CITY,
    DEMO_MUNICIPALITY,
    DEMO_PASSWORD,
    DemoContext,
    DemoFoundationContext,
    demo_builders,
    demo_foundations,
)
from lotsa.people.demo_names import (
    FIRST_NAMES_MEN,
    FIRST_NAMES_WOMEN,
    LANGUAGES,
    LAST_NAMES,
    STREETS,
)
from lotsa.people.models import Participant
from lotsa.people.personnummer import make_personnummer
from lotsa.people.services import participant_register
from lotsa.work import demo as work_demo

REFERRING_UNITS = (
    "Försörjningsstöd",
    "Bostad och integration",
    "Missbruk och beroende",
    "Socialpsykiatri",
    "LSS",
)
SUPPORT_UNIT = "Arbetsmarknadsenheten"


def _user(
    username: str,
    *,
    organisation: Organisation,
    unit: Unit | None,
    role: str,
    first_name: str,
    last_name: str,
    title: str = "",
) -> User:
    # Demo accounts get the short password 'demo', which the validators would refuse.
    user = User(
        username=username,
        organisation=organisation,
        unit=unit,
        role=role,
        first_name=first_name,
        last_name=last_name,
        title=title,
        email=f"{username}@example.invalid",
    )
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user


def build_organisation_structure() -> dict[str, object]:
    municipality = organisation_create(
        name=DEMO_MUNICIPALITY, kind=OrganisationKind.MUNICIPALITY, municipality_code="0000"
    )
    units = {
        name: Unit.objects.create(organisation=municipality, name=name) for name in REFERRING_UNITS
    }
    units[SUPPORT_UNIT] = Unit.objects.create(
        organisation=municipality, name=SUPPORT_UNIT, runs_support=True
    )
    # Socialpsykiatri runs its own IPS work specialists, so it both refers and supports.
    units["Socialpsykiatri"].runs_support = True
    units["Socialpsykiatri"].save(update_fields=["runs_support"])

    staff: dict[str, User] = {}
    coach_units = [SUPPORT_UNIT] * 4 + ["Socialpsykiatri"] * 2
    for number, unit_name in enumerate(coach_units, start=1):
        staff[f"coach{number}"] = _user(
            f"coach{number}",
            organisation=municipality,
            unit=units[unit_name],
            role=Role.COACH,
            first_name=FIRST_NAMES_WOMEN[number],
            last_name=LAST_NAMES[number],
            title="Arbetscoach" if unit_name == SUPPORT_UNIT else "Arbetsspecialist (IPS)",
        )
    referrer_units = [*REFERRING_UNITS, "Försörjningsstöd"]
    for number, unit_name in enumerate(referrer_units, start=1):
        staff[f"referrer{number}"] = _user(
            f"referrer{number}",
            organisation=municipality,
            unit=units[unit_name],
            role=Role.REFERRER,
            first_name=FIRST_NAMES_MEN[number],
            last_name=LAST_NAMES[number + 8],
            title="Socialsekreterare",
        )
    named = [
        ("manager1", units[SUPPORT_UNIT], Role.MANAGER, "Birgitta", "Ström", "Enhetschef"),
        ("manager2", units["Socialpsykiatri"], Role.MANAGER, "Mats", "Åberg", "Enhetschef"),
        ("admin", None, Role.ADMINISTRATOR, "Ada", "Admin", "Systemförvaltare"),
    ]
    for username, unit, role, first_name, last_name, title in named:
        staff[username] = _user(
            username,
            organisation=municipality,
            unit=unit,
            role=role,
            first_name=first_name,
            last_name=last_name,
            title=title,
        )

    city = organisation_create(name=DEMO_CITY, kind=OrganisationKind.MUNICIPALITY)
    for name in ("Norra innerstaden", "Södra förorten", "Västra hamnen"):
        District.objects.create(organisation=city, name=name)
    city_support = Unit.objects.create(
        organisation=city, name="Arbete och studier", runs_support=True
    )
    city_referring = Unit.objects.create(organisation=city, name="Socialpsykiatri")
    city_staff = [
        ("stcoach1", city_support, Role.COACH, "Stina"),
        ("streferrer1", city_referring, Role.REFERRER, "Sven"),
        ("stmanager1", city_support, Role.MANAGER, "Siv"),
    ]
    for username, unit, role, first_name in city_staff:
        staff[username] = _user(
            username,
            organisation=city,
            unit=unit,
            role=role,
            first_name=first_name,
            last_name="Stad",
        )
    return {"municipality": municipality, "city": city, "units": units, "staff": staff}


def random_birth_date(rng: random.Random, today: date) -> date:
    # Mostly working age, weighted towards the young who are prioritised.
    age = rng.choice(
        [18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28] * 2 + list(range(29, 64)) + [65, 67]
    )
    return today - timedelta(days=age * 365 + rng.randint(0, 364))


def build_participants(
    *, rng: random.Random, today: date, count: int, referrers: list[User]
) -> list[Participant]:
    people: list[Participant] = []
    used: set[str] = set()
    while len(people) < count:
        is_woman = rng.random() < 0.47
        born = random_birth_date(rng, today)
        birth_number = rng.randrange(980, 1000)
        if (birth_number % 2 == 1) == is_woman:
            birth_number = birth_number - 1 if birth_number > 980 else birth_number + 1
        number = make_personnummer(born, birth_number, coordination=rng.random() < 0.06)
        if number.canonical in used:
            continue
        used.add(number.canonical)
        referrer = rng.choice(referrers)
        needs_interpreter = rng.random() < 0.12
        people.append(
            participant_register(
                actor=referrer,
                personal_number=number.canonical,
                unit=referrer.unit,
                first_name=rng.choice(FIRST_NAMES_WOMEN if is_woman else FIRST_NAMES_MEN),
                last_name=rng.choice(LAST_NAMES),
                phone=f"070-{rng.randrange(1000000, 9999999)}",
                email="",
                street_address=f"{rng.choice(STREETS)} {rng.randrange(1, 60)}",
                postal_code=f"{rng.randrange(10000, 99999)}",
                city="Solvik",
                needs_interpreter=needs_interpreter,
                language=rng.choice(LANGUAGES) if needs_interpreter else "",
                is_protected=len(people) % 50 == 7,
            )
        )
    return people


# Where the demo runs (`lotsa runserver`): the invitation e-mail, printed on the console mail
# backend, links there.
DEMO_SITE = "http://localhost:8000"


def build_invited_user(*, admin: User, unit: Unit) -> str:
    """A new coach invited by the administrator: no password until she opens the link."""
    links: list[str] = []

    def link_for(token: str) -> str:
        links.append(f"{DEMO_SITE}/konto/inbjudan/{token}/")
        return links[-1]

    user_create(
        actor=admin,
        username="nya.coachen",
        role=Role.COACH,
        unit=unit,
        email="nya.coachen@solvik.example",
        link_for=link_for,
        first_name="Nora",
        last_name="Nyanställd",
        title="Arbetscoach",
    )
    return f"Inbjuden användare: nya.coachen väljer sitt lösenord på {links[0]}"


def build_demo(*, rng: random.Random, today: date, participants: int) -> list[str]:
    world = build_organisation_structure()
    staff: dict[str, User] = world["staff"]  # type: ignore[assignment]
    referrers = [user for name, user in staff.items() if name.startswith("referrer")]
    people = build_participants(rng=rng, today=today, count=participants, referrers=referrers)
    protected = sum(1 for person in people if person.is_protected)
    version = catalogues_install(world["municipality"], today)  # type: ignore[arg-type]
    catalogues_install(world["city"], today)  # type: ignore[arg-type]
    foundation = DemoFoundationContext(rng=rng, today=today, world=world, staff=staff)
    for build_foundation in demo_foundations:
        build_foundation(foundation)
    history_builder = HistoryBuilder(
        rng=rng,
        today=today,
        version=version,
        staff=staff,
        units=world["units"],  # type: ignore[arg-type]
    )
    history = history_builder.run(people)
    # Whatever day the history is told from, the support unit has the open cases that the
    # apps' demo builders place people in.
    history_builder.keep_open_cases(
        people,
        unit=world["units"][SUPPORT_UNIT],  # type: ignore[index]
        at_least=work_demo.OPEN_CASES_USED,
    )
    employers = build_work(
        rng=rng,
        today=today,
        coach=staff["coach1"],
        unit=world["units"][SUPPORT_UNIT],  # type: ignore[index]
    )
    invited = build_invited_user(
        admin=staff["admin"],
        unit=world["units"][SUPPORT_UNIT],  # type: ignore[index]
    )
    cases = ", ".join(f"{count} {status}" for status, count in sorted(history.cases.items()))
    context = DemoContext(
        rng=rng, today=today, world=world, staff=staff, people=people, guideline_version=version
    )
    extra = [line for build in demo_builders for line in build(context)]
    return [
        f"Organisationer: {DEMO_MUNICIPALITY}, {DEMO_CITY}",
        f"Användare: {len(staff)} (lösenord '{DEMO_PASSWORD}')",
        invited,
        f"Deltagare: {len(people)}, varav {protected} med skyddad identitet",
        f"Remisser: {history.referrals} ({history.waiting} i kö, {history.returned} återskickade)",
        f"Ärenden: {cases}; {history.notes} anteckningar, {history.plan_versions} planversioner",
        f"Arbetsgivare: {employers}, och Timrås arbetsträningsarenor i {SUPPORT_UNIT}",
        *extra,
    ]
