import json
from dataclasses import dataclass

import pytest

from lotsa.cases import services as case_services
from lotsa.organisations.models import Organisation, Unit, User
from lotsa.organisations.tests.factories import OrganisationFactory, UnitFactory, UserFactory

CATALOGUE = case_services.ACTIVITY_CATALOGUE


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class World:
    organisation: Organisation
    referring: Unit
    support: Unit
    administrator: User
    manager: User
    coach: User


@pytest.fixture
def world(db):
    """Solvik kommun as the demo builds it, as far as the example files need it."""
    organisation = OrganisationFactory(name="Solvik kommun")
    referring = UnitFactory(organisation=organisation, name="Försörjningsstöd")
    UnitFactory(organisation=organisation, name="Bostad och integration")
    support = UnitFactory(organisation=organisation, name="Arbetsmarknadsenheten", support=True)
    psychiatry = UnitFactory(organisation=organisation, name="Socialpsykiatri", support=True)
    coaches = [UserFactory(username=f"coach{n}", unit=support) for n in (1, 2, 3, 4)]
    UserFactory(username="coach5", unit=psychiatry)
    case_services.activity_catalogue_install(
        organisation=organisation, data=json.loads(CATALOGUE.read_text(encoding="utf-8"))
    )
    return World(
        organisation=organisation,
        referring=referring,
        support=support,
        administrator=UserFactory(
            username="admin", administrator=True, unit=None, organisation=organisation
        ),
        manager=UserFactory(username="manager1", manager=True, unit=support),
        coach=coaches[0],
    )
