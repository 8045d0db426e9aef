"""The synthetic staff of one organisation: referrers per referring unit, coaches with caseloads
of 40–60 cases, a manager per unit and an administrator (through bulk_create)."""

import string
from dataclasses import dataclass

from django.db import connection

from lotsa.organisations.constants import Role
from lotsa.organisations.models import Organisation, Unit, User
from lotsa.people.demo_names import FIRST_NAMES_MEN, FIRST_NAMES_WOMEN, LAST_NAMES
from lotsa.scale import shapes
from lotsa.scale.timeline import _aware
from lotsa.scale.world import World

TITLES: dict[str, str] = {
    Role.COACH: "Arbetscoach",
    Role.REFERRER: "Socialsekreterare",
    Role.MANAGER: "Enhetschef",
    Role.ADMINISTRATOR: "Systemförvaltare",
}


@dataclass
class Staff:
    referrers: dict[int, list[User]]  # by unit id
    coaches: list[User]
    support_manager: User


def staff_create(
    world: World,
    *,
    organisation: Organisation,
    index: int,
    size: int,
    referring_units: list[Unit],
    support_unit: Unit,
    case_count: int,
) -> Staff:
    """Referrers in proportion to the participants, enough coaches for the cases, managers."""
    rng = world.rng
    prefix = f"syn{index:05d}"

    def user(username: str, unit: Unit | None, role: str) -> User:
        return _user(world, organisation, username, unit, role)

    users: list[User] = []
    referrers: dict[int, list[User]] = {}
    per_unit = max(1, round(size / shapes.REFERRERS_PER_PARTICIPANTS))
    for position, unit in enumerate(referring_units, start=1):
        referrers[unit.pk] = [
            user(f"{prefix}-ref{position}-{number:02d}", unit, Role.REFERRER)
            for number in range(1, per_unit + 1)
        ]
        users.extend(referrers[unit.pk])
    low, high = shapes.CASES_PER_COACH
    coach_count = max(1, round(case_count / ((low + high) / 2)))
    coaches = [
        user(f"{prefix}-coach{number:03d}", support_unit, Role.COACH)
        for number in range(1, coach_count + 1)
    ]
    managers = [
        user(f"{prefix}-chef{position}", unit, Role.MANAGER)
        for position, unit in enumerate((*referring_units, support_unit), start=1)
    ]
    administrator = user(f"{prefix}-admin", None, Role.ADMINISTRATOR)
    users.extend([*coaches, *managers, administrator])
    if connection.features.can_return_rows_from_bulk_insert:
        User.objects.bulk_create(users)
    else:  # pragma: no cover - very old SQLite only
        for one in users:
            one.save()
    rng.shuffle(coaches)
    return Staff(referrers=referrers, coaches=coaches, support_manager=managers[-1])


def _user(
    world: World, organisation: Organisation, username: str, unit: Unit | None, role: str
) -> User:
    rng = world.rng
    is_woman = rng.random() < 0.6
    first = rng.choice(FIRST_NAMES_WOMEN if is_woman else FIRST_NAMES_MEN)
    # Synthetic staff cannot sign in with a password ("!" marks it unusable); the token is
    # drawn from the seed so two runs store the same rows.
    token = "".join(rng.choices(string.ascii_letters + string.digits, k=40))
    return User(
        username=username,
        password=f"!{token}",
        organisation=organisation,
        unit=unit,
        role=role,
        first_name=first,
        last_name=rng.choice(LAST_NAMES),
        title=TITLES[role],
        email=f"{username}@example.invalid",
        date_joined=_aware(world.history_start, 9, 0),
    )


def caseloads(world: World, coaches: list[User], case_count: int) -> list[User]:
    """The coach of each case, in case order: 40–60 cases each when there are enough."""
    rng = world.rng
    low, high = shapes.CASES_PER_COACH
    loads = [case_count // len(coaches)] * len(coaches)
    for position in range(case_count % len(coaches)):
        loads[position] += 1
    # Spread the loads over the range without leaving it, so lists are not all one length.
    for _ in range(len(coaches) * 2):
        giver, taker = rng.randrange(len(coaches)), rng.randrange(len(coaches))
        amount = rng.randint(0, 8)
        if giver != taker and loads[giver] - amount >= low and loads[taker] + amount <= high:
            loads[giver] -= amount
            loads[taker] += amount
    order = [coach for coach, load in zip(coaches, loads, strict=True) for _ in range(load)]
    rng.shuffle(order)
    return order
