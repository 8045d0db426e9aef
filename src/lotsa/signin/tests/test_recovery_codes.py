"""Recovery codes: each works once instead of the app; new ones need a code from the app."""

import re

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken

from lotsa.audit.models import AuditRecord
from lotsa.signin.tests.checks import assert_code_refused
from lotsa.signin.tests.factories import (
    AuthenticatorFactory,
    RecoveryCodesFactory,
    app_code,
    wrong_code,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def device(client, two_factor_on):
    device = AuthenticatorFactory(user__coach=True)
    RecoveryCodesFactory(user=device.user, codes=["aaaa2222", "bbbb3333", "cccc4444", "dddd5555"])
    client.force_login(device.user)
    return device


def test_the_verification_page_links_to_the_recovery_code_form(client, device):
    page = client.get(reverse("signin:verify") + "?next=/deltagare/").content.decode()
    assert "Ange koden från din app" in page
    assert 'href="/tvastegsverifiering/verifiera/aterstallningskod/?next=%2Fdeltagare%2F"' in page


def test_a_recovery_code_works_exactly_once(client, device, no_throttle):
    url = reverse("signin:verify_recovery") + "?next=/deltagare/"
    response = client.post(url, {"code": "AAAA 2222"})
    assert response["Location"] == "/deltagare/"
    assert client.get("/deltagare/").status_code == 200
    assert not StaticToken.objects.filter(token="aaaa2222").exists()
    assert AuditRecord.objects.filter(
        actor=device.user, action="sign_in", summary="Andra steget: återställningskod, 3 kvar"
    ).exists()

    client.post(reverse("logout"))
    client.force_login(device.user)
    response = client.post(url, {"code": "aaaa2222"})
    assert_code_refused(
        client,
        response,
        device,
        "Återställningskoden stämmer inte, eller är redan använd.",
        "Fel återställningskod",
    )


def test_few_codes_left_prompts_for_new_ones(client, device):
    client.post(reverse("signin:verify_recovery"), {"code": "aaaa2222"})
    page = client.get(reverse("people:list")).content.decode()
    assert "Du har 3 återställningskoder kvar" in page


def test_wrong_recovery_codes_count_towards_signing_out(client, device, no_throttle):
    for _ in range(2):
        client.post(reverse("signin:verify"), {"code": wrong_code(device)})
    for _ in range(3):
        response = client.post(reverse("signin:verify_recovery"), {"code": "zzzz9999"})
    assert response["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session


def test_new_recovery_codes_need_a_code_from_the_app_and_replace_the_old(
    client, device, no_throttle
):
    client.post(reverse("signin:verify"), {"code": app_code(device)})
    page = client.get(reverse("signin:manage")).content.decode()
    assert "Oanvända återställningskoder" in page

    refused = client.post(reverse("signin:manage"), {"code": wrong_code(device)})
    assert refused.context["form"].errors["code"]
    assert StaticToken.objects.filter(token="aaaa2222").exists()

    # The code used to sign in is spent; the app shows the next one half a minute later.
    response = client.post(reverse("signin:manage"), {"code": app_code(device, steps_ahead=1)})
    assert (
        response["Location"] == reverse("signin:recovery_codes") + "?next=%2Ftvastegsverifiering%2F"
    )
    shown = re.findall(
        r"<li><code>([a-z2-7]{8})</code></li>", client.get(response["Location"]).content.decode()
    )
    assert len(shown) == 10
    assert set(
        StaticToken.objects.filter(device__user=device.user).values_list("token", flat=True)
    ) == set(shown)
    assert AuditRecord.objects.filter(
        actor=device.user, action="update", summary="Skapade nya återställningskoder"
    ).exists()
