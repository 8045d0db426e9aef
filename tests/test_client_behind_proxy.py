"""The real client behind the reverse proxy (issue 14, item 7).

Every request here reaches Lotsa from the proxy's address (REMOTE_ADDR = PROXY) with the
client's address in X-Forwarded-For, as behind the nginx of docs/deployment.md.
"""

import pytest
from django.core import mail
from django.test import Client, RequestFactory
from django.urls import reverse

from lotsa.audit.models import AuditRecord
from lotsa.core.client import client_ip
from lotsa.organisations.tests.factories import UserFactory
from lotsa.people.tests.factories import ParticipantFactory

PROXY = "10.0.0.5"
ATTACKER = "203.0.113.66"
PARTICIPANT = "198.51.100.7"
COLLEAGUE = "198.51.100.20"
PASSWORD = "correct horse battery staple"  # UserFactory's


@pytest.fixture(autouse=True)
def behind_proxy(settings):
    settings.LOTSA_TRUSTED_PROXIES = [PROXY]
    return settings


def _via_proxy(client_address: str) -> Client:
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=client_address)


def _request(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_the_forwarded_address_counts_only_from_a_trusted_proxy():
    assert client_ip(_request(PROXY, PARTICIPANT)) == PARTICIPANT
    assert client_ip(_request(ATTACKER, PARTICIPANT)) == ATTACKER  # not our proxy
    assert client_ip(_request(PROXY)) == PROXY  # no header: the proxy itself


def test_addresses_a_client_wrote_itself_are_ignored():
    # The client sent "X-Forwarded-For: 192.0.2.1"; the proxy appended the address it saw.
    assert client_ip(_request(PROXY, f"192.0.2.1, {ATTACKER}")) == ATTACKER


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.LOTSA_TRUSTED_PROXIES = []
    assert client_ip(_request(PROXY, PARTICIPANT)) == PROXY


def test_two_proxies_in_a_row(settings):
    settings.LOTSA_TRUSTED_PROXIES = ["192.0.2.0/24", PROXY]
    assert client_ip(_request(PROXY, f"1.2.3.4, {PARTICIPANT}, 192.0.2.9")) == PARTICIPANT


@pytest.mark.django_db
def test_ten_code_requests_for_unknown_numbers_do_not_lock_participants_out():
    ParticipantFactory(email="anna@example.se")
    attacker = _via_proxy(ATTACKER)
    for number in range(10):
        attacker.post(reverse("portal:sign_in"), {"contact": f"07012345{number:02d}"})
    refused = attacker.post(reverse("portal:sign_in"), {"contact": "0701234599"})
    assert "För många försök" in refused.content.decode()
    participant = _via_proxy(PARTICIPANT)
    response = participant.post(reverse("portal:sign_in"), {"contact": "anna@example.se"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_five_wrong_passwords_through_the_proxy_lock_only_that_client():
    user = UserFactory()
    attacker = _via_proxy(ATTACKER)
    for _ in range(5):
        attacker.post(reverse("login"), {"username": user.username, "password": "fel"})
    locked = attacker.post(reverse("login"), {"username": user.username, "password": "fel"})
    assert locked.status_code == 429
    colleague = _via_proxy(COLLEAGUE)
    response = colleague.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert "_auth_user_id" in colleague.session


@pytest.mark.django_db
def test_the_log_names_the_client_not_the_proxy():
    user = UserFactory(referrer=True)
    person = ParticipantFactory(unit=user.unit)
    client = _via_proxy(PARTICIPANT)
    client.force_login(user)
    client.get(reverse("people:detail", args=[person.pk]))
    record = AuditRecord.objects.filter(participant=person, action="view").latest("at")
    assert record.ip_address == PARTICIPANT
