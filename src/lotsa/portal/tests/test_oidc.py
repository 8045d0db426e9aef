"""Participants' e-ID sign-in: the broker's personnummer matches one registered person."""

from urllib.parse import parse_qs, urlparse

import pytest
from django.test import override_settings
from django.urls import reverse

from lotsa.audit.models import AuditRecord
from lotsa.organisations.constants import Role
from lotsa.people.tests.factories import ParticipantFactory
from lotsa.portal.models import ParticipantAccount
from lotsa.portal.oidc import ParticipantOIDCBackend
from lotsa.portal.tests.broker import BROKER

pytestmark = pytest.mark.django_db


def signed_in(claims: dict):  # type: ignore[no-untyped-def]
    backend = ParticipantOIDCBackend()
    backend.get_userinfo = lambda access_token, id_token, payload: claims
    return backend.get_or_create_user("access-token", "id-token", {})


@override_settings(**BROKER)
def test_the_registered_person_is_signed_in_and_gets_an_account():
    person = ParticipantFactory()
    user = signed_in({"personal_number": person.personal_number})
    assert user.role == Role.PARTICIPANT
    assert ParticipantAccount.objects.get(user=user).participant == person
    assert AuditRecord.objects.filter(participant_id=person.pk, action="sign_in").exists()
    assert signed_in({"personal_number": person.personal_number}) == user


@override_settings(**BROKER)
def test_unknown_ambiguous_or_malformed_numbers_sign_in_no_one():
    person = ParticipantFactory()
    ParticipantFactory(personal_number=person.personal_number)  # another organisation
    assert signed_in({"personal_number": person.personal_number}) is None
    assert signed_in({"personal_number": "19000101-0000"}) is None
    assert signed_in({"sub": "abc"}) is None
    assert not ParticipantAccount.objects.exists()


@override_settings(**BROKER, LOTSA_PORTAL_OIDC_PERSONNUMMER_CLAIM="ssn")
def test_the_claim_name_is_a_setting():
    person = ParticipantFactory()
    assert signed_in({"ssn": person.personal_number}) is not None


@override_settings(**BROKER)
def test_the_start_page_sends_the_person_to_the_broker(client):
    response = client.get(reverse("portal:oidc_start"))
    target = urlparse(response["Location"])
    query = parse_qs(target.query)
    assert target.netloc == "eid.invalid"
    assert query["client_id"] == ["lotsa-portal"]
    assert query["redirect_uri"][0].endswith(reverse("portal:oidc_callback"))
    assert "code_challenge" in query
    assert "Logga in med e-legitimation" in client.get(reverse("portal:sign_in")).content.decode()


@override_settings(**BROKER)
def test_a_refusal_from_the_broker_explains_in_swedish(client):
    client.get(reverse("portal:oidc_start"))
    response = client.get(reverse("portal:oidc_callback"), {"error": "access_denied"}, follow=True)
    assert "gav ingen person hos oss" in response.content.decode()
    assert (
        client.get(reverse("portal:oidc_callback"), {"code": "x", "state": "y"}).status_code == 400
    )


def test_without_a_broker_the_pages_send_people_to_the_code_sign_in(client):
    for name in ("portal:oidc_start", "portal:oidc_callback"):
        assert client.get(reverse(name))["Location"] == reverse("portal:sign_in")
    assert "e-legitimation" not in client.get(reverse("portal:sign_in")).content.decode()


@override_settings(**BROKER)
def test_the_brokers_number_is_validated_and_read_in_any_written_form():
    person = ParticipantFactory()
    canonical = person.personal_number
    assert signed_in({"personal_number": f"{canonical[2:8]}-{canonical[8:]}"}) is not None
    wrong_check_digit = canonical[:-1] + str((int(canonical[-1]) + 1) % 10)
    assert signed_in({"personal_number": wrong_check_digit}) is None
