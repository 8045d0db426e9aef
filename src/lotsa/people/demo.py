"""The contract between `lotsa seed_demo` and the apps that add demo data.

It lives in people — the lowest layer that knows both staff users and participants — so every
app that adds demo data can reach it without importing the demo app above it. An app
registers its builder in its extensions.py::

    demo_builders.register("work", build_demo, order=60)

Builders run in order after the core history, in one transaction, each taking the
DemoContext and returning the summary lines `seed_demo` prints. What the history itself needs
(e.g. the partners that the referrals' consents name) is registered as a foundation instead::

    demo_foundations.register("collaboration", build_partners, order=10)

Foundations run after the organisations, staff and catalogues exist and before the history.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from lotsa.core.registry import Registry
from lotsa.organisations.models import User
from lotsa.people.models import Participant

DEMO_MUNICIPALITY = "Solvik kommun"
DEMO_CITY = "Storstadens stad"
DEMO_PASSWORD = "demo"


@dataclass
class DemoContext:
    """What the core demo built, handed to each registered demo builder."""

    rng: random.Random
    today: date
    world: dict[str, object]
    staff: dict[str, User]
    people: list[Participant]
    guideline_version: object
    # What one builder hands to a later one (e.g. the portal's demo participant's case).
    shared: dict[str, object] = field(default_factory=dict)


DemoBuilder = Callable[[DemoContext], list[str]]
demo_builders: Registry[DemoBuilder] = Registry("demo builders")


@dataclass
class DemoFoundationContext:
    """The organisations and staff, before any participant's history is told."""

    rng: random.Random
    today: date
    world: dict[str, object]
    staff: dict[str, User]


DemoFoundation = Callable[[DemoFoundationContext], None]
demo_foundations: Registry[DemoFoundation] = Registry("demo foundations")
