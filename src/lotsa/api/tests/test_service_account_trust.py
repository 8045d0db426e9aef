"""No quiet path to protected people through a service account (issue 14, item 2).

No service account reads a person with protected identity, whatever its role or who
registered the person; creating one needs a fresh second factor and is a security event that
the manager of the unit it acts in sees in their log review.
"""

import time

import pytest
from django.test import Client
from django.urls import reverse

from lotsa.api.models import ServiceAccount
from lotsa.api.tests.conftest import TokenClient, personnummer
from lotsa.people.services import participant_register
from lotsa.signin.constants import SESSION_VERIFIED_AT
from lotsa.signin.tests.factories import AuthenticatorFactory, app_code

pytestmark = pytest.mark.django_db
URL = "/api/v1/participants/"


def _protected_in_support_unit(world, by=None):
    return participant_register(
        actor=by or world["manager"],
        personal_number=personnummer(35, 771),
        first_name="Hemlig",
        last_name="Skyddadsdotter",
        unit=world["support"],
        is_protected=True,
    )


def test_a_manager_role_account_does_not_read_a_protected_person_of_its_unit(world):
    person = _protected_in_support_unit(world)
    manager = Client()
    manager.force_login(world["manager"])
    assert manager.get(reverse("people:detail", args=[person.pk])).status_code == 200
    reader = TokenClient(world["reader"]["token"])  # a manager-role account in the same unit
    assert reader.call("get", f"{URL}{person.pk}/").status_code == 404
    listing = reader.call("get", URL).content.decode()
    assert "Skyddadsdotter" not in listing
    search = reader.call("get", URL, {"personal_number": person.personal_number}).json()
    assert search["count"] == 0


def test_an_account_does_not_read_a_protected_person_it_registered(world):
    account_user = world["sender"]["account"].user
    person = participant_register(
        actor=account_user,
        personal_number=personnummer(50, 339),
        first_name="Hemlig",
        last_name="Skyddadsdotter",
        is_protected=True,
    )
    sender = TokenClient(world["sender"]["token"])
    assert sender.call("get", f"{URL}{person.pk}/").status_code == 404
    assert sender.call("patch", f"{URL}{person.pk}/", {"version": 1}).status_code == 404


def test_service_account_users_are_marked_so_the_policy_knows_them(world):
    assert world["reader"]["account"].user.is_service_account
    assert not world["manager"].is_service_account


@pytest.fixture
def admin_with_app(world, settings, client):
    settings.LOTSA_REQUIRE_TWO_FACTOR = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    device = AuthenticatorFactory(user=world["admin"])
    client.force_login(world["admin"])
    response = client.post(reverse("signin:verify"), {"code": app_code(device)})
    assert response.status_code == 302
    return device


NEW_ACCOUNT = {
    "name": "Uppföljningssystemet",
    "role": "manager",
    "scopes": ["participants:read"],
}


def _age_second_factor(client, minutes):
    session = client.session
    session[SESSION_VERIFIED_AT] = time.time() - minutes * 60
    session.save()


def test_creating_an_account_asks_for_a_new_code_when_the_check_is_old(
    world, client, admin_with_app
):
    _age_second_factor(client, 6)
    page = client.get(reverse("api:account_create"))
    assert page.status_code == 302
    assert page["Location"].startswith(reverse("signin:reverify"))
    posted = client.post(
        reverse("api:account_create"), {**NEW_ACCOUNT, "unit": world["support"].pk}
    )
    assert posted["Location"].startswith(reverse("signin:reverify"))
    assert not ServiceAccount.objects.filter(name=NEW_ACCOUNT["name"]).exists()


def test_a_new_code_lets_the_administrator_create_the_account(world, client, admin_with_app):
    _age_second_factor(client, 30)
    target = reverse("api:account_create")
    reverify = client.post(
        f"{reverse('signin:reverify')}?next={target}",
        {"code": app_code(admin_with_app, steps_ahead=1)},
    )
    assert reverify["Location"] == target
    created = client.post(target, {**NEW_ACCOUNT, "unit": world["support"].pk})
    assert created.status_code == 200
    assert ServiceAccount.objects.filter(name=NEW_ACCOUNT["name"]).exists()


def test_a_wrong_code_on_the_new_check_creates_nothing(world, client, admin_with_app):
    _age_second_factor(client, 30)
    response = client.post(reverse("signin:reverify"), {"code": "000000"})
    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert client.get(reverse("api:account_create")).status_code == 302


def test_a_just_passed_second_factor_is_fresh_enough(world, client, admin_with_app):
    assert client.get(reverse("api:account_create")).status_code == 200


def test_creation_is_a_security_event_the_units_manager_sees(
    world, client, admin_with_app, settings
):
    client.post(reverse("api:account_create"), {**NEW_ACCOUNT, "unit": world["support"].pk})
    settings.LOTSA_REQUIRE_TWO_FACTOR = False  # the managers' own second factor is not tested here
    manager = Client()
    manager.force_login(world["manager"])
    review = manager.get(reverse("oversight:review"), {"start": "2000-01-01", "end": "2099-12-31"})
    html = review.content.decode()
    assert "Säkerhetshändelser" in html
    assert "Skapade tjänstekontot Uppföljningssystemet" in html
    other_unit_manager = Client()
    from lotsa.organisations.tests.factories import UserFactory

    other_unit_manager.force_login(UserFactory(manager=True, unit=world["referring"]))
    other_review = other_unit_manager.get(
        reverse("oversight:review"), {"start": "2000-01-01", "end": "2099-12-31"}
    )
    assert "Skapade tjänstekontot Uppföljningssystemet" not in other_review.content.decode()
