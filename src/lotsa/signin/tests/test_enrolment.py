"""Enrolment: scan or type the key, confirm with a code, see ten recovery codes once."""

import re
from base64 import b32decode

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from lotsa.audit.models import AuditRecord
from lotsa.organisations.tests.factories import UserFactory
from lotsa.signin.constants import SESSION_PENDING_KEY

pytestmark = pytest.mark.django_db


def code_for_key_on_page(html: str) -> str:
    """What a person's app shows after they type the key printed on the page."""
    key_text = re.search(r'<code id="totp-key">([A-Z2-7 ]+)</code>', html).group(1)
    secret = key_text.replace(" ", "")
    secret += "=" * (-len(secret) % 8)
    return f"{TOTP(b32decode(secret)).token():06d}"


@pytest.fixture
def coach(client, two_factor_on):
    user = UserFactory(coach=True, username="coach")
    client.force_login(user)
    return user


def test_enrolment_page_shows_an_inline_qr_code_without_style_or_script(client, coach):
    response = client.get(reverse("signin:enrol"))
    html = response.content.decode()
    assert "Skydda ditt konto med tvåstegsverifiering" in html
    svg = re.search(r"<svg.*?</svg>", html, re.DOTALL).group(0)
    assert 'role="img"' in svg and "aria-label=" in svg
    assert "style" not in svg and "<script" not in svg
    assert "style=" not in html
    assert re.search(r'<code id="totp-key">[A-Z2-7]{4}( [A-Z2-7]{4}){7}</code>', html)


def test_the_qr_code_carries_the_issuer_and_the_key(client, coach):
    from lotsa.signin import totp

    client.get(reverse("signin:enrol"))
    key = client.session[SESSION_PENDING_KEY]
    uri = totp.provisioning_uri(coach, key)
    assert uri.startswith("otpauth://totp/Lotsa%3Acoach?secret=")
    assert "issuer=Lotsa" in uri


def test_the_key_stays_the_same_when_the_page_is_reloaded(client, coach):
    first = client.get(reverse("signin:enrol")).content.decode()
    second = client.get(reverse("signin:enrol")).content.decode()
    assert code_for_key_on_page(first) == code_for_key_on_page(second)


def test_a_correct_code_connects_the_app_and_shows_ten_recovery_codes_once(client, coach):
    page = client.get(reverse("signin:enrol") + "?next=/deltagare/").content.decode()
    response = client.post(
        reverse("signin:enrol") + "?next=/deltagare/", {"code": code_for_key_on_page(page)}
    )
    assert response["Location"] == reverse("signin:recovery_codes") + "?next=%2Fdeltagare%2F"
    device = TOTPDevice.objects.get(user=coach)
    assert device.confirmed and device.last_t > 0

    codes_page = client.get(response["Location"])
    shown = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", codes_page.content.decode())
    assert len(shown) == 10
    assert set(shown) == set(
        StaticToken.objects.filter(device__user=coach).values_list("token", flat=True)
    )
    assert "Jag har sparat koderna" in codes_page.content.decode()
    assert 'href="/deltagare/"' in codes_page.content.decode()

    again = client.get(reverse("signin:recovery_codes"))
    assert again["Location"] == reverse("signin:manage")
    assert client.get("/deltagare/").status_code == 200  # the session has passed the second factor
    record = AuditRecord.objects.get(
        actor=coach, object_type="otp_totp.totpdevice", action="create"
    )
    assert record.summary == "Aktiverade tvåstegsverifiering"


def test_a_wrong_code_connects_nothing_and_is_audited(client, coach):
    page = client.get(reverse("signin:enrol")).content.decode()
    right = code_for_key_on_page(page)
    wrong = f"{(int(right) + 500_000) % 1_000_000:06d}"
    response = client.post(reverse("signin:enrol"), {"code": wrong})
    assert response.status_code == 200
    assert response.context["form"].errors["code"] == [
        "Koden stämmer inte. Skriv de sex siffror som appen visar just nu."
    ]
    assert 'aria-describedby="id_code_helptext id_code_error"' in response.content.decode()
    assert not TOTPDevice.objects.filter(user=coach).exists()
    assert AuditRecord.objects.filter(
        actor=coach, summary="Fel kod när appen skulle kopplas"
    ).exists()
    assert client.get("/deltagare/")["Location"].startswith(reverse("signin:enrol"))


def test_a_code_that_is_not_six_digits_is_refused_at_the_field(client, coach):
    response = client.post(reverse("signin:enrol"), {"code": "12a4"})
    assert response.context["form"].errors["code"] == ["Koden består av sex siffror."]


def test_someone_who_has_an_app_cannot_enrol_another_without_a_reset(client, coach):
    TOTPDevice.objects.create(user=coach, name="app", confirmed=True)
    response = client.get(reverse("signin:enrol"))
    assert response["Location"] == reverse("signin:verify")
