import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from lotsa.audit.models import AuditRecord
from lotsa.organisations.constants import Role
from lotsa.people.tests.factories import ParticipantFactory
from lotsa.portal import services
from lotsa.portal.models import ParticipantAccount, SignInCode

pytestmark = pytest.mark.django_db
IP = "192.0.2.10"


def _code_from(text: str) -> str:
    match = re.search(r"\b(\d{6})\b", text)
    assert match, text
    return match.group(1)


def test_a_code_by_email_signs_the_person_in_once_and_creates_their_account():
    person = ParticipantFactory(email="Anna@Example.se")
    row = services.code_request(contact_text="anna@example.se ", ip_address=IP)
    assert row.participant == person
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["anna@example.se"]
    code = _code_from(mail.outbox[0].body)
    assert code not in row.code_hash  # only a keyed hash is stored
    user = services.code_verify(code_id=row.pk, code=code)
    assert user.role == Role.PARTICIPANT
    assert not user.has_usable_password()
    assert ParticipantAccount.objects.get(user=user).participant == person
    assert AuditRecord.objects.filter(participant_id=person.pk, action="sign_in").count() == 1
    with pytest.raises(ValidationError, match="redan använd"):
        services.code_verify(code_id=row.pk, code=code)
    # The second sign-in reuses the account.
    again = services.code_request(contact_text="anna@example.se", ip_address=IP)
    assert services.code_verify(code_id=again.pk, code=_code_from(mail.outbox[1].body)) == user
    assert ParticipantAccount.objects.count() == 1


def test_a_code_by_sms_matches_the_number_however_it_was_written(sms_outbox):
    person = ParticipantFactory(phone="070-123 45 67")
    row = services.code_request(contact_text="+46 70 1234567", ip_address=IP)
    assert row.participant == person
    assert sms_outbox[0].to == "0701234567"
    user = services.code_verify(code_id=row.pk, code=_code_from(sms_outbox[0].body))
    assert user.participant_account.participant == person


def test_an_expired_code_is_refused():
    ParticipantFactory(email="bo@example.se")
    row = services.code_request(contact_text="bo@example.se", ip_address=IP)
    SignInCode.objects.filter(pk=row.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(ValidationError, match="gått ut"):
        services.code_verify(code_id=row.pk, code=_code_from(mail.outbox[0].body))
    assert not ParticipantAccount.objects.exists()


def test_the_code_expires_after_ten_minutes():
    ParticipantFactory(email="bo@example.se")
    row = services.code_request(contact_text="bo@example.se", ip_address=IP)
    assert row.expires_at - row.created_at == timedelta(minutes=10)


def test_a_code_stops_working_after_five_wrong_guesses():
    ParticipantFactory(email="cy@example.se")
    row = services.code_request(contact_text="cy@example.se", ip_address=IP)
    code = _code_from(mail.outbox[0].body)
    wrong = "000000" if code != "000000" else "111111"
    for _guess in range(5):
        with pytest.raises(ValidationError, match="stämmer inte"):
            services.code_verify(code_id=row.pk, code=wrong)
    with pytest.raises(ValidationError, match="För många"):
        services.code_verify(code_id=row.pk, code=code)


def test_an_unknown_contact_gets_the_same_answer_and_no_code():
    row = services.code_request(contact_text="ingen@example.se", ip_address=IP)
    assert row.participant is None
    assert mail.outbox == []
    with pytest.raises(ValidationError, match="stämmer inte"):
        services.code_verify(code_id=row.pk, code="123456")


def test_a_contact_shared_by_two_people_signs_in_neither():
    ParticipantFactory(email="delad@example.se")
    ParticipantFactory(email="delad@example.se")
    row = services.code_request(contact_text="delad@example.se", ip_address=IP)
    assert row.participant is None and mail.outbox == []


def test_codes_per_person_are_limited_without_telling():
    ParticipantFactory(email="dan@example.se")
    for number in range(4):
        services.code_request(contact_text="dan@example.se", ip_address=f"192.0.2.{number}")
    assert len(mail.outbox) == 3


def test_requests_per_address_are_limited():
    for number in range(10):
        services.code_request(contact_text=f"x{number}@example.se", ip_address=IP)
    with pytest.raises(ValidationError, match="För många försök"):
        services.code_request(contact_text="x11@example.se", ip_address=IP)
    services.code_request(contact_text="x12@example.se", ip_address="192.0.2.99")


@pytest.mark.parametrize("text", ["", "inte en adress", "a@b", "12", "a\x00b@example.se"])
def test_a_malformed_contact_is_refused_with_a_swedish_message(text):
    with pytest.raises(ValidationError, match="e-postadress"):
        services.code_request(contact_text=text, ip_address=IP)
    assert not SignInCode.objects.exists()


def test_the_pages_sign_a_person_in(client):
    ParticipantFactory(email="eva@example.se")
    response = client.post(reverse("portal:sign_in"), {"contact": "eva@example.se"})
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:sign_in_code")
    response = client.post(reverse("portal:sign_in_code"), {"code": "12"})
    assert "Koden består av sex siffror." in response.content.decode()
    code = _code_from(mail.outbox[0].body)
    response = client.post(reverse("portal:sign_in_code"), {"code": code})
    assert response["Location"] == reverse("portal:home")
    assert client.get(reverse("portal:home")).status_code == 200


def test_signed_in_participants_never_reach_staff_pages(client, settings):
    settings.LOTSA_REQUIRE_TWO_FACTOR = True
    person = ParticipantFactory()
    client.force_login(services.participant_account_for(person))
    # The second factor for staff does not stop them on their own pages...
    assert client.get(reverse("portal:home")).status_code == 200
    # ...and every staff page refuses them.
    for name, kwargs in (
        ("people:list", {}),
        ("people:detail", {"participant_id": person.pk}),
        ("cases:my_cases", {}),
        ("signin:manage", {}),
        ("oversight:review", {}),
    ):
        assert client.get(reverse(name, kwargs=kwargs)).status_code == 403, name
    assert client.get(reverse("shell:home"))["Location"] == reverse("portal:home")


def test_staff_and_strangers_cannot_open_the_participant_pages(client):
    from lotsa.organisations.tests.factories import UserFactory

    client.force_login(UserFactory(coach=True))
    assert client.get(reverse("portal:home")).status_code == 403
    client.logout()
    assert client.get(reverse("portal:home"))["Location"] == reverse("portal:sign_in")


def test_a_blocked_account_does_not_sign_in():
    person = ParticipantFactory(email="fia@example.se")
    user = services.participant_account_for(person)
    user.is_active = False
    user.save(update_fields=["is_active"])
    row = services.code_request(contact_text="fia@example.se", ip_address=IP)
    with pytest.raises(ValidationError, match="spärrat"):
        services.code_verify(code_id=row.pk, code=_code_from(mail.outbox[0].body))


def test_signing_out_leads_back_to_the_participant_sign_in(client):
    client.force_login(services.participant_account_for(ParticipantFactory()))
    page = client.get(reverse("portal:home")).content.decode()
    assert f'name="next" value="{reverse("portal:sign_in")}"' in page
    response = client.post(reverse("logout"), {"next": reverse("portal:sign_in")})
    assert response["Location"] == reverse("portal:sign_in")
