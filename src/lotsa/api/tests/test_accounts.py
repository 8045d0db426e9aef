import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from lotsa.api.models import ServiceAccount
from lotsa.api.services import service_account_create, service_account_revoke
from lotsa.api.tests.conftest import TokenClient
from lotsa.api.tokens import token_digest
from lotsa.audit.models import AuditRecord

pytestmark = pytest.mark.django_db
URL = "/api/v1/participants/"


def test_the_token_is_stored_only_as_a_digest(world):
    account = world["sender"]["account"]
    token = world["sender"]["token"]
    assert token.startswith(f"lotsa_{account.key_id}_")
    assert account.token_digest == token_digest(token)
    assert token not in str(ServiceAccount.objects.filter(pk=account.pk).values().get())
    assert not account.user.has_usable_password()


@pytest.mark.parametrize(
    "header",
    [
        None,
        "Bearer",
        "Bearer nonsense",
        "Basic dXNlcjpwYXNz",
        "Bearer lotsa_0123456789abcdef_wrong",
    ],
)
def test_missing_or_bad_tokens_get_401_json(world, header):
    headers = {"Authorization": header} if header else {}
    response = Client().get(URL, headers=headers)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["error"]["code"] == "unauthorized"


def test_a_wrong_secret_for_a_real_key_id_is_refused(world):
    token = world["sender"]["token"]
    assert TokenClient(token[:-2] + "xx").call("get", URL).status_code == 401


def test_a_signed_in_staff_member_without_token_gets_401(world):
    client = Client()
    client.force_login(world["referrer"])
    assert client.get(URL).status_code == 401


def test_revoking_takes_effect_at_once_and_last_use_is_recorded(world):
    client = TokenClient(world["sender"]["token"])
    assert client.call("get", URL).status_code == 200
    account = ServiceAccount.objects.get(pk=world["sender"]["account"].pk)
    assert account.last_used_at is not None
    service_account_revoke(actor=world["admin"], account=account)
    assert client.call("get", URL).status_code == 401
    assert AuditRecord.objects.filter(
        object_type="api.serviceaccount", object_id=str(account.pk), action="security"
    ).exists()


def test_only_administrators_create_accounts_with_valid_values(world):
    from django.core.exceptions import PermissionDenied, ValidationError

    with pytest.raises(PermissionDenied):
        service_account_create(
            actor=world["manager"],
            name="X",
            role="referrer",
            unit=world["referring"],
            scopes=["cases:read"],
        )
    with pytest.raises(ValidationError) as refused:
        service_account_create(
            actor=world["admin"],
            name="Verksamhetssystemet",
            role="coach",
            unit=world["other"]["account"].user.unit,
            scopes=["everything"],
        )
    assert set(refused.value.message_dict) == {"name", "role", "unit", "scopes"}


def test_administrator_pages(world):
    client = Client()
    client.force_login(world["admin"])
    listing = client.get(reverse("api:accounts"))
    assert listing.status_code == 200
    assert "Verksamhetssystemet" in listing.content.decode()
    page = client.post(
        reverse("api:account_create"),
        {
            "name": "Ekonomisystemet",
            "role": "manager",
            "unit": world["support"].pk,
            "scopes": ["statistics:read"],
        },
    )
    assert page.status_code == 200
    account = ServiceAccount.objects.get(name="Ekonomisystemet")
    html = page.content.decode()
    assert f"lotsa_{account.key_id}_" in html
    assert "no-store" in page["Cache-Control"]
    assert account.user.role == "manager" and account.scopes == ["statistics:read"]
    bad = client.post(reverse("api:account_create"), {"name": "", "role": "manager"})
    assert bad.status_code == 200
    assert ServiceAccount.objects.filter(name="").count() == 0
    revoke = client.post(reverse("api:account_revoke", args=[account.pk]))
    assert revoke.status_code == 302
    account.refresh_from_db()
    assert account.revoked_at is not None
    # Another organisation's account is not found.
    other = world["other"]["account"]
    assert client.post(reverse("api:account_revoke", args=[other.pk])).status_code == 404


def test_staff_other_than_administrators_do_not_reach_the_pages(world):
    client = Client()
    client.force_login(world["manager"])
    assert client.get(reverse("api:accounts")).status_code == 403


def test_command_creates_lists_and_revokes(world):
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "api_token",
        "create",
        "--admin",
        world["admin"].username,
        "--name",
        "Kommandosystemet",
        "--unit",
        "Försörjningsstöd",
        "--scope",
        "participants:read",
        "--scope",
        "referrals:write",
        stdout=out,
        stderr=err,
    )
    token = out.getvalue().strip()
    account = ServiceAccount.objects.get(name="Kommandosystemet")
    assert account.token_digest == token_digest(token)
    assert account.scopes == ["participants:read", "referrals:write"]
    assert TokenClient(token).call("get", URL).status_code == 200
    listing = io.StringIO()
    call_command("api_token", "list", "--admin", world["admin"].username, stdout=listing)
    assert "Kommandosystemet" in listing.getvalue()
    call_command(
        "api_token",
        "revoke",
        "--admin",
        world["admin"].username,
        account.key_id,
        stdout=io.StringIO(),
    )
    assert TokenClient(token).call("get", URL).status_code == 401
    with pytest.raises(CommandError):
        call_command(
            "api_token", "list", "--admin", world["manager"].username, stdout=io.StringIO()
        )
