import datetime

import pytest
from django.test import Client
from django.utils import timezone

from lotsa.api.constants import Scope
from lotsa.api.services import service_account_create
from lotsa.guidelines.tests.factories import danderyd_install
from lotsa.organisations.tests.factories import OrganisationFactory, UnitFactory, UserFactory
from lotsa.people.personnummer import make_personnummer
from lotsa.people.services import participant_register
from lotsa.referrals import services as referral_services
from lotsa.referrals.tests.submissions import ANSWERS, referral_send
from lotsa.referrals.tests.towns import town

ALL_SCOPES = list(Scope.values)


def personnummer(years: int, birth_number: int) -> str:
    today = timezone.localdate()
    return make_personnummer(today.replace(year=today.year - years, day=3), birth_number).canonical


def referral_body(world: dict, participant, **changes) -> dict:
    today = timezone.localdate()
    body = {
        "participant_id": participant.pk,
        "receiving_unit_id": world["support"].pk,
        "target_groups": ["forsorjningsstod"],
        "reason": "Vill arbeta.",
        "goal": "Arbete.",
        "work_capacity_investigated_on": str(today - datetime.timedelta(days=5)),
        "work_capacity_investigated_by": "Handläggaren",
        "work_capacity_summary": "Kan arbeta.",
        "consent_parties": ["arbetsformedlingen"],
        "consent_scopes": ["plan"],
        "consent_given_on": str(today),
        "consent_form": "written",
        "answers": dict(ANSWERS),
    }
    body.update(changes)
    return body


class TokenClient(Client):
    """A test client that sends a bearer token and JSON bodies."""

    def __init__(self, token: str | None) -> None:
        super().__init__()
        self.token = token

    def call(self, method: str, url: str, body=None, **extra):
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        if method in ("post", "patch"):
            return getattr(self, method)(
                url, body, content_type="application/json", headers=headers, **extra
            )
        return getattr(self, method)(url, body or {}, headers=headers, **extra)


def build_world() -> dict:
    apiby = town("Apiby kommun")
    organisation, version = apiby.organisation, apiby.guideline
    referring, support = apiby.referring, apiby.support
    admin = UserFactory(administrator=True, unit=None, organisation=organisation)
    world: dict = {
        "organisation": organisation,
        "referring": referring,
        "support": support,
        "admin": admin,
        "referrer": UserFactory(referrer=True, unit=referring),
        "manager": UserFactory(manager=True, unit=support),
        "coach": UserFactory(coach=True, unit=support),
    }

    def account(name: str, role: str, unit, scopes, actor=admin) -> dict:
        created = service_account_create(
            actor=actor, name=name, role=role, unit=unit, scopes=scopes
        )
        return {"account": created.account, "token": created.token}

    world["sender"] = account("Verksamhetssystemet", "referrer", referring, ALL_SCOPES)
    world["reader"] = account("Uppföljningen", "manager", support, ALL_SCOPES)
    for scope in ALL_SCOPES:
        world[f"only {scope}"] = account(f"Bara {scope}", "referrer", referring, [scope])
    other_org = OrganisationFactory(name="Annanby kommun")
    danderyd_install(other_org)
    other_unit = UnitFactory(organisation=other_org, name="Försörjningsstöd")
    other_admin = UserFactory(administrator=True, unit=None, organisation=other_org)
    world["other"] = account("Annanbys system", "referrer", other_unit, ALL_SCOPES, other_admin)

    def person(last_name: str, number: int, *, protected: bool = False, by=None):
        return participant_register(
            actor=by or world["referrer"],
            personal_number=personnummer(40, number),
            first_name="Test",
            last_name=last_name,
            is_protected=protected,
        )

    today = timezone.localdate()
    world["visible"] = person("Synligsson", 981)
    world["protected"] = person("Skyddadsson", 983, protected=True)
    sender_user = world["sender"]["account"].user
    world["own"] = person("Egensson", 985, by=sender_user)
    referral = referral_send(
        actor=sender_user, guideline=version, participant=world["own"], receiving_unit=support
    )
    world["referral"] = referral
    world["case"] = referral_services.referral_accept(
        actor=world["manager"], referral=referral, coach=world["coach"], start_date=today
    )
    world["other_person"] = participant_register(
        actor=world["other"]["account"].user,
        personal_number=personnummer(40, 981),
        first_name="Test",
        last_name="Annansson",
    )
    return world


def minimal_referral(world: dict, *, years: int, number: int, first_name: str, last_name: str):
    """A person the sending system registers and refers with only the fields the API requires
    (the world's referral's target group, reason "R", goal "G")."""
    sender_user = world["sender"]["account"].user
    person = participant_register(
        actor=sender_user,
        personal_number=personnummer(years, number),
        first_name=first_name,
        last_name=last_name,
    )
    return referral_services.referral_submit(
        actor=sender_user,
        participant=person,
        receiving_unit=world["support"],
        target_groups=[world["referral"].target_groups.get()],
        reason="R",
        goal="G",
        answers=ANSWERS,
    )


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def sender(world):
    return TokenClient(world["sender"]["token"])


@pytest.fixture
def reader(world):
    return TokenClient(world["reader"]["token"])
