"""Verification with the app: a correct code lets the user in, wrong codes do not, five sign out."""

import pytest
from django.urls import reverse

from lotsa.audit.models import AuditRecord
from lotsa.signin.tests.checks import assert_code_refused
from lotsa.signin.tests.factories import AuthenticatorFactory, app_code, wrong_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def device(client, two_factor_on):
    device = AuthenticatorFactory(user__referrer=True)
    client.force_login(device.user)
    return device


def test_a_correct_code_lets_the_user_through_to_the_page_they_asked_for(client, device):
    url = reverse("signin:verify") + "?next=/deltagare/"
    response = client.post(url, {"code": app_code(device)})
    assert response["Location"] == "/deltagare/"
    assert client.get("/deltagare/").status_code == 200
    assert AuditRecord.objects.filter(
        actor=device.user, action="sign_in", summary="Andra steget: kod från appen"
    ).exists()


def test_the_session_gets_a_new_key_when_the_second_factor_is_passed(client, device):
    before = client.session.session_key
    client.post(reverse("signin:verify"), {"code": app_code(device)})
    assert client.session.session_key != before


def test_a_wrong_code_is_refused_at_the_field_and_audited(client, device):
    response = client.post(reverse("signin:verify"), {"code": wrong_code(device)})
    assert_code_refused(
        client,
        response,
        device,
        "Koden stämmer inte. Skriv de sex siffror som appen visar just nu.",
        "Fel kod från appen",
    )


def test_a_code_cannot_be_used_twice(client, device):
    code = app_code(device)
    client.post(reverse("signin:verify"), {"code": code})
    client.post(reverse("logout"))
    client.force_login(device.user)
    response = client.post(reverse("signin:verify"), {"code": code})
    assert response.status_code == 200
    assert response.context["form"].errors["code"]


def test_an_external_next_address_is_ignored(client, device):
    url = reverse("signin:verify") + "?next=https://example.com/"
    response = client.post(url, {"code": app_code(device)})
    assert response["Location"] == reverse("shell:home")


def test_a_quick_retry_after_a_wrong_code_is_asked_to_wait(client, device, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60  # a minute after the first failure: never flaky
    client.post(reverse("signin:verify"), {"code": wrong_code(device)})
    client.post(reverse("signin:verify"), {"code": wrong_code(device)})
    response = client.post(reverse("signin:verify"), {"code": app_code(device)})
    message = response.context["form"].errors["code"][0]
    assert message.startswith("För många felaktiga försök. Vänta")
    assert client.get("/deltagare/")["Location"].startswith(reverse("signin:verify"))


def test_five_wrong_codes_sign_the_user_out(client, device, no_throttle):
    for attempt in range(4):
        response = client.post(reverse("signin:verify"), {"code": wrong_code(device)})
        assert response.status_code == 200, attempt
    response = client.post(reverse("signin:verify"), {"code": wrong_code(device)}, follow=True)
    assert response.redirect_chain[0][0] == reverse("login")
    assert "_auth_user_id" not in client.session
    assert "Du har loggats ut eftersom koden var fel för många gånger" in response.content.decode()
    assert AuditRecord.objects.filter(actor=device.user, summary="Fel kod från appen").count() == 5
    assert AuditRecord.objects.filter(
        actor=device.user, action="sign_out", summary="Utloggad efter 5 felaktiga koder"
    ).exists()


def test_a_correct_code_before_the_fifth_starts_the_count_again(client, device, no_throttle):
    for _ in range(4):
        client.post(reverse("signin:verify"), {"code": wrong_code(device)})
    client.post(reverse("signin:verify"), {"code": app_code(device)})
    client.post(reverse("logout"))
    client.force_login(device.user)
    response = client.post(reverse("signin:verify"), {"code": wrong_code(device)})
    assert response.status_code == 200
    assert "_auth_user_id" in client.session


def test_the_slow_down_outlasts_signing_in_again(client, device, settings):
    """Signing in again does not reset the device's growing delay (django-otp throttling)."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    for _ in range(3):
        client.post(reverse("signin:verify"), {"code": wrong_code(device)})
    client.post(reverse("logout"))
    client.force_login(device.user)
    response = client.post(reverse("signin:verify"), {"code": app_code(device)})
    assert response.context["form"].errors["code"][0].startswith("För många felaktiga försök")
    device.refresh_from_db()
    assert device.throttling_failure_count >= 1


def test_the_header_links_to_the_own_two_factor_page_once_verified(client, device):
    assert "Tvåstegsverifiering</a>" not in client.get(reverse("signin:verify")).content.decode()
    client.post(reverse("signin:verify"), {"code": app_code(device)})
    page = client.get(reverse("people:list")).content.decode()
    assert f'href="{reverse("signin:manage")}">Tvåstegsverifiering</a>' in page
