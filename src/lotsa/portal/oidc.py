"""Participants sign in through the municipality's e-ID broker (OpenID Connect), optionally.

Switched on by LOTSA_PORTAL_OIDC_RP_CLIENT_ID. Separate from staff single sign-on
(lotsa.signin.oidc): its own client and endpoints (every mozilla-django-oidc setting `OIDC_X`
is read as `LOTSA_PORTAL_OIDC_X`), its own start and callback URLs under /mina-sidor/, and its
backend is called by the callback directly, never through AUTHENTICATION_BACKENDS, so the staff
provider is never asked about a participant's code. The broker vouches for a personnummer
(claim LOTSA_PORTAL_OIDC_PERSONNUMMER_CLAIM); it signs in the one participant registered with
it, creating their sign-in account the first time, like the one-time code does.
"""

from typing import Any

from django.conf import settings
from django.contrib import auth, messages
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationRequestView

from lotsa.audit.constants import AuditAction
from lotsa.audit.services import audit_record
from lotsa.organisations.models import User
from lotsa.people.models import Participant
from lotsa.people.personnummer import Personnummer
from lotsa.portal.language import remember_language
from lotsa.portal.services import participant_account_for

PREFIX = "LOTSA_PORTAL_"
DEFAULTS: dict[str, Any] = {
    "OIDC_AUTHENTICATION_CALLBACK_URL": "portal:oidc_callback",
    "OIDC_RP_SCOPES": "openid",
    "OIDC_RP_SIGN_ALGO": "RS256",
    "OIDC_USE_PKCE": True,
    "OIDC_CREATE_USER": False,
}
_MISSING = object()


def portal_setting(attr: str, *default: Any) -> Any:
    """`OIDC_X` from LOTSA_PORTAL_OIDC_X, other names from the settings themselves."""
    name = PREFIX + attr if attr.startswith("OIDC_") else attr
    value = getattr(settings, name, _MISSING)
    if value is not _MISSING:
        return value
    if attr in DEFAULTS:
        return DEFAULTS[attr]
    if default:
        return default[0]
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"Setting {name} not found")


def is_enabled() -> bool:
    return bool(getattr(settings, "LOTSA_PORTAL_OIDC_RP_CLIENT_ID", ""))


def personnummer_from(claims: dict[str, Any]) -> str:
    claim = getattr(settings, "LOTSA_PORTAL_OIDC_PERSONNUMMER_CLAIM", "personal_number")
    value = claims.get(claim)
    if not isinstance(value, str) or not value.strip():
        return ""
    try:
        return Personnummer(value.strip()).canonical
    except ValueError:
        return ""


class ParticipantOIDCBackend(OIDCAuthenticationBackend):  # type: ignore[misc]
    """Signs in the one participant registered with the personnummer the broker vouches for."""

    @staticmethod
    def get_settings(attr: str, *args: Any) -> Any:
        return portal_setting(attr, *args)

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(personnummer_from(claims))

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict) -> User | None:
        claims = self.get_userinfo(access_token, id_token, payload)
        if not self.verify_claims(claims):
            return None
        number = personnummer_from(claims)
        # A person is registered once per organisation; registered in two, they are ambiguous.
        matches = list(Participant.objects.filter(personal_number=number)[:2])
        if len(matches) != 1:
            return None
        participant = matches[0]
        with transaction.atomic():
            user = participant_account_for(participant)
            if not user.is_active:
                return None
            audit_record(
                actor=user,
                action=AuditAction.SIGN_IN,
                obj=user,
                participant=participant,
                summary=_("Loggade in på Mina sidor med e-legitimation"),
            )
        return user


class ParticipantOIDCStartView(OIDCAuthenticationRequestView):  # type: ignore[misc]
    """Sends the person to the e-ID broker."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if is_enabled():
            super().__init__(*args, **kwargs)
        else:
            super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)

    @staticmethod
    def get_settings(attr: str, *args: Any) -> Any:
        return portal_setting(attr, *args)

    def get(self, request: HttpRequest) -> HttpResponse:
        if not is_enabled():
            return redirect("portal:sign_in")
        return super().get(request)  # type: ignore[no-any-return]


def callback(request: HttpRequest) -> HttpResponse:
    """The broker's answer: check the state, let the backend find the person, sign them in."""
    if not is_enabled():
        return redirect("portal:sign_in")
    states = request.session.get("oidc_states", {})
    state = request.GET.get("state", "")
    if "code" in request.GET and state:
        if state not in states:
            raise SuspiciousOperation("OIDC callback state not found in the session.")
        nonce = states[state]["nonce"]
        code_verifier = states[state].get("code_verifier")
        del states[state]
        request.session["oidc_states"] = states
        request.session.save()
        user = ParticipantOIDCBackend().authenticate(
            request=request, nonce=nonce, code_verifier=code_verifier
        )
        if user is not None and user.is_active:
            auth.login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return remember_language(request, user, redirect("portal:home"))
    elif state in states:
        del states[state]
        request.session["oidc_states"] = states
    messages.error(
        request,
        _(
            "Inloggningen med e-legitimation gav ingen person hos oss. Logga in med kod i "
            "stället, eller kontakta din arbetscoach."
        ),
    )
    return redirect("portal:sign_in")
