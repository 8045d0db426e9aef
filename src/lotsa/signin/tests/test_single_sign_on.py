"""Single sign-on maps the provider's claim to one existing, active Lotsa user, never a new one."""

import os
import subprocess
import sys

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import SuspiciousOperation
from django.test import override_settings
from django.urls import reverse

from lotsa.organisations.models import User
from lotsa.organisations.tests.factories import UserFactory
from lotsa.signin.oidc import MunicipalOIDCBackend, MunicipalOIDCCallbackView

pytestmark = pytest.mark.django_db

PROVIDER = {
    "OIDC_RP_CLIENT_ID": "lotsa",
    "OIDC_RP_CLIENT_SECRET": "secret",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://idp.invalid/authorize",
    "OIDC_OP_TOKEN_ENDPOINT": "https://idp.invalid/token",
    "OIDC_OP_USER_ENDPOINT": "https://idp.invalid/userinfo",
    "OIDC_OP_JWKS_ENDPOINT": "https://idp.invalid/jwks",
    "OIDC_RP_SIGN_ALGO": "RS256",
    "OIDC_CREATE_USER": False,
    "LOTSA_OIDC_ENABLED": True,
}
BY_EMAIL = {**PROVIDER, "LOTSA_OIDC_MATCH_FIELD": "email", "LOTSA_OIDC_MATCH_CLAIM": "email"}
BY_USERNAME = {
    **PROVIDER,
    "LOTSA_OIDC_MATCH_FIELD": "username",
    "LOTSA_OIDC_MATCH_CLAIM": "preferred_username",
}


def signed_in_user(backend: MunicipalOIDCBackend, claims: dict) -> User | None:
    """The provider's user info answered without the network, as the backend would receive it."""
    backend.get_userinfo = lambda access_token, id_token, payload: claims
    return backend.get_or_create_user("access-token", "id-token", {})


@override_settings(**BY_EMAIL)
def test_the_one_active_user_with_the_e_mail_is_signed_in():
    coach = UserFactory(email="Cora.Coach@solvik.se")
    UserFactory(email="annan@solvik.se")
    user = signed_in_user(MunicipalOIDCBackend(), {"email": "cora.coach@SOLVIK.se"})
    assert user == coach


@override_settings(**BY_EMAIL)
def test_an_unknown_person_gets_no_account():
    before = User.objects.count()
    assert signed_in_user(MunicipalOIDCBackend(), {"email": "ny@solvik.se"}) is None
    assert User.objects.count() == before


@override_settings(**{**BY_EMAIL, "OIDC_CREATE_USER": True})
def test_no_account_is_created_even_if_creation_is_switched_on_by_mistake():
    before = User.objects.count()
    assert signed_in_user(MunicipalOIDCBackend(), {"email": "ny@solvik.se"}) is None
    assert User.objects.count() == before


@override_settings(**BY_EMAIL)
def test_a_deactivated_account_is_not_matched():
    UserFactory(email="slutat@solvik.se", is_active=False)
    backend = MunicipalOIDCBackend()
    assert not backend.filter_users_by_claims({"email": "slutat@solvik.se"}).exists()


@override_settings(**BY_EMAIL)
def test_two_accounts_with_the_same_e_mail_sign_in_neither():
    UserFactory(email="delad@solvik.se")
    UserFactory(email="delad@solvik.se")
    with pytest.raises(SuspiciousOperation):
        signed_in_user(MunicipalOIDCBackend(), {"email": "delad@solvik.se"})


@override_settings(**BY_EMAIL)
def test_claims_without_the_matching_claim_or_with_an_unverified_e_mail_are_refused():
    backend = MunicipalOIDCBackend()
    assert backend.verify_claims({"email": "a@solvik.se"})
    assert backend.verify_claims({"email": "a@solvik.se", "email_verified": True})
    assert not backend.verify_claims({"email": "a@solvik.se", "email_verified": False})
    assert not backend.verify_claims({"email": "  "})
    assert not backend.verify_claims({"preferred_username": "a"})
    assert not backend.filter_users_by_claims({}).exists()


@override_settings(**BY_USERNAME)
def test_users_can_be_matched_by_username_claim():
    referrer = UserFactory(username="rita.remiss", email="")
    backend = MunicipalOIDCBackend()
    assert backend.verify_claims({"preferred_username": "Rita.Remiss"})
    assert not backend.verify_claims({"email": "rita@solvik.se"})
    assert signed_in_user(backend, {"preferred_username": "Rita.Remiss"}) == referrer
    assert signed_in_user(backend, {"preferred_username": "rita"}) is None


@override_settings(**BY_EMAIL)
def test_a_failed_single_sign_on_says_so_on_the_sign_in_page(rf):
    request = rf.get("/oidc/callback/", {"error": "access_denied"})
    request.user = AnonymousUser()
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    response = MunicipalOIDCCallbackView.as_view()(request)
    assert response["Location"] == reverse("login")
    assert "gav inget konto i Lotsa" in str(next(iter(get_messages(request))))


@override_settings(
    **BY_EMAIL,
    ROOT_URLCONF="lotsa.signin.tests.urls_with_oidc",
    LOTSA_OIDC_LOGIN_LABEL="Solviks inloggning",
)
def test_the_sign_in_page_offers_the_provider_when_configured(client):
    page = client.get(reverse("login") + "?next=/deltagare/").content.decode()
    assert "Logga in med Solviks inloggning" in page
    assert 'href="/oidc/authenticate/?next=/deltagare/"' in page


def test_the_sign_in_page_has_no_provider_link_by_default(client):
    assert "Logga in med" not in client.get(reverse("login")).content.decode()


def _settings_with(tmp_path, **extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OIDC_", "DJANGO_"))}
    env.update(
        SECRET_KEY="x" * 60,
        LOTSA_VAR_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="lotsa.config.settings",
        **extra,
    )
    code = "from django.conf import settings; print(settings.AUTHENTICATION_BACKENDS)"
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_single_sign_on_is_off_without_a_client_id(tmp_path):
    result = _settings_with(tmp_path)
    assert result.returncode == 0, result.stderr
    assert "MunicipalOIDCBackend" not in result.stdout


def test_a_client_id_without_the_provider_endpoints_refuses_to_start(tmp_path):
    result = _settings_with(tmp_path, OIDC_RP_CLIENT_ID="lotsa")
    assert result.returncode != 0
    assert "OIDC_OP_TOKEN_ENDPOINT" in result.stderr


def test_a_configured_provider_adds_the_backend(tmp_path):
    endpoints = {name: value for name, value in PROVIDER.items() if name.startswith("OIDC_OP")}
    result = _settings_with(
        tmp_path, OIDC_RP_CLIENT_ID="lotsa", OIDC_RP_CLIENT_SECRET="secret", **endpoints
    )
    assert result.returncode == 0, result.stderr
    assert "lotsa.signin.oidc.MunicipalOIDCBackend" in result.stdout
