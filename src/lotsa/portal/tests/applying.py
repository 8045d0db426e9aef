"""The public form "Ansök om stöd" as a person fills it in, and the municipality it goes to."""

import datetime
import re
from typing import Any

from django.urls import reverse

from lotsa.guidelines.tests.factories import danderyd_install
from lotsa.organisations.tests.factories import OrganisationFactory, UnitFactory, UserFactory
from lotsa.people.personnummer import make_personnummer
from lotsa.people.tests.factories import ParticipantFactory

NEW_NUMBER = make_personnummer(datetime.date(1990, 1, 1), 123).canonical
KNOWN_NUMBER = make_personnummer(datetime.date(1985, 5, 5), 246).canonical


def application_world() -> dict[str, Any]:
    """A municipality with a guideline in force, a unit running the support and one person it
    already knows (protected, so their name must never show)."""
    organisation = OrganisationFactory(name="Danderyds kommun")
    danderyd_install(organisation, publish_on=datetime.date(2022, 6, 15))
    support = UnitFactory(
        organisation=organisation, name="Arbetsmarknadsenheten", runs_support=True
    )
    known = ParticipantFactory(
        organisation=organisation,
        unit=support,
        personal_number=KNOWN_NUMBER,
        first_name="Känd",
        last_name="Person",
        phone="0701111111",
        is_protected=True,
    )
    return {
        "organisation": organisation,
        "unit": support,
        "known": known,
        "manager": UserFactory(manager=True, unit=support),
    }


def without_tokens(response: Any) -> str:
    """The page as text without its CSRF tokens, which differ on every answer."""
    return re.sub(r'(X-CSRFToken": "|value=")[A-Za-z0-9]{64}', "", response.content.decode())


def apply(
    client: Any, world: dict[str, Any], number: str, address: str = "127.0.0.1", **changes: str
) -> Any:
    """Send the form as Sara Sökande would, with `changes` to her answers."""
    data = {
        "unit": world["unit"].pk,
        "personal_number": number,
        "first_name": "Sara",
        "last_name": "Sökande",
        "phone": "070-123 45 67",
        "email": "",
        "reason": "Jag vill ha hjälp att hitta ett jobb.",
        "goal": "Ett arbete inom vården.",
    }
    data.update(changes)
    return client.post(reverse("portal:self_referral"), data, REMOTE_ADDR=address)
