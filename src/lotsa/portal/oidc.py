"""Participants sign in through the municipality's e-ID broker (OpenID Connect), optionally.

Switched on by LOTSA_PORTAL_OIDC_RP_CLIENT_ID. Separate from staff single sign-on
(lotsa.signin.oidc): its own client and endpoints (every mozilla-django-oidc setting `OIDC_X`
is read as `LOTSA_PORTAL_OIDC_X`), its own start and callback URLs under /mina-sidor/, and its
backend is called by the callback directly, never through AUTHENTICATION_BACKENDS, so the staff
provider is never asked about a participant's code. The broker vouches for a personnummer
(claim LOTSA_PORTAL_OIDC_PERSONNUMMER_CLAIM); it signs in the one participant registered with
it, creating their sign-in account the first time, like the one-time code does.

The same broker, client and callback also fill in the public form "Ansök om stöd"
("Fyll i med e-legitimation", `ApplicantOIDCStartView`): a flow started there is remembered by
its state, and its answer only puts the vouched-for personnummer (and the name claims) in the
session for the form, for `VERIFIED_MINUTES`. It looks no one up and signs no one in, so what
the person sees never depends on whether we know them.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlparse

from django.conf import settings
from django.contrib import auth, messages
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationRequestView

from lotsa.audit.constants import AuditAction
from lotsa.audit.services import audit_record
from lotsa.organisations.models import User
from lotsa.people.models import Participant
from lotsa.people.personnummer import PersonnummerError, parse_personnummer
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
# Flows started from the public form, by state; the verified applicant the answer leaves.
APPLY_STATES_KEY = "lotsa_portal_oidc_apply_states"
APPLICANT_KEY = "lotsa_portal_verified_applicant"
# How long the form keeps a verified personnummer: long enough to write the application, short
# enough that the next person at a shared computer does not find it filled in.
VERIFIED_MINUTES = 30
NAME_MAX = 100


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
        # Validated (check digit, date) and in canonical form, however the broker writes it.
        return parse_personnummer(value.strip()).canonical
    except PersonnummerError:
        return ""


class BrokerBackend(OIDCAuthenticationBackend):  # type: ignore[misc]
    """The portal's broker client: its own settings; a claim set must carry a personnummer."""

    @staticmethod
    def get_settings(attr: str, *args: Any) -> Any:
        return portal_setting(attr, *args)

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(personnummer_from(claims))


class ParticipantOIDCBackend(BrokerBackend):
    """Signs in the one participant registered with the personnummer the broker vouches for."""

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


@dataclass(frozen=True)
class VerifiedApplicant:
    """Who the broker vouched for on the public form: the personnummer and, if given, names."""

    personal_number: str
    first_name: str = ""
    last_name: str = ""


def _claim_text(claims: dict[str, Any], name: str) -> str:
    value = claims.get(name)
    return value.strip()[:NAME_MAX] if isinstance(value, str) else ""


class ApplicantOIDCBackend(BrokerBackend):
    """Reads the personnummer for the public form; finds no participant and signs no one in."""

    def get_or_create_user(
        self, access_token: str, id_token: str, payload: dict
    ) -> VerifiedApplicant | None:
        claims = self.get_userinfo(access_token, id_token, payload)
        number = personnummer_from(claims)
        if not number:
            return None
        return VerifiedApplicant(
            personal_number=number,
            first_name=_claim_text(claims, "given_name"),
            last_name=_claim_text(claims, "family_name"),
        )


class ApplicantOIDCStartView(ParticipantOIDCStartView):
    """ "Fyll i med e-legitimation": the same broker, remembered as a flow for the form."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if not is_enabled():
            return redirect("portal:self_referral")
        response = super().get(request)
        state = parse_qs(urlparse(response["Location"]).query)["state"][0]
        # A few at most: a person who starts twice keeps both; nobody piles up a list.
        request.session[APPLY_STATES_KEY] = [
            *request.session.get(APPLY_STATES_KEY, [])[-4:],
            state,
        ]
        return response


def verified_applicant(request: HttpRequest) -> VerifiedApplicant | None:
    """The applicant the broker vouched for in this session, while it is fresh."""
    stored = request.session.get(APPLICANT_KEY)
    if not isinstance(stored, dict) or not stored.get("personal_number"):
        return None
    verified_at = datetime.fromisoformat(stored.get("verified_at", "1970-01-01T00:00:00+00:00"))
    if timezone.now() - verified_at > timedelta(minutes=VERIFIED_MINUTES):
        applicant_forget(request)
        return None
    return VerifiedApplicant(
        personal_number=stored.get("personal_number", ""),
        first_name=stored.get("first_name", ""),
        last_name=stored.get("last_name", ""),
    )


def applicant_forget(request: HttpRequest) -> None:
    request.session.pop(APPLICANT_KEY, None)


def _broker_answer(request: HttpRequest, backend: BrokerBackend, state: str) -> Any:
    """Check the state against the session and let `backend` read the broker's answer; None
    when the broker said no (the state is spent either way)."""
    states = request.session.get("oidc_states", {})
    if "code" in request.GET and state:
        if state not in states:
            raise SuspiciousOperation("OIDC callback state not found in the session.")
        started = states.pop(state)
        request.session["oidc_states"] = states
        request.session.save()
        return backend.authenticate(
            request=request, nonce=started["nonce"], code_verifier=started.get("code_verifier")
        )
    if state in states:
        del states[state]
        request.session["oidc_states"] = states
    return None


def callback(request: HttpRequest) -> HttpResponse:
    """The broker's answer: check the state, then sign the person in or, for a flow started on
    the public form, hand the vouched-for personnummer to the form."""
    if not is_enabled():
        return redirect("portal:sign_in")
    state = request.GET.get("state", "")
    apply_states = request.session.get(APPLY_STATES_KEY, [])
    if state and state in apply_states:
        request.session[APPLY_STATES_KEY] = [s for s in apply_states if s != state]
        return _applicant_answer(request, _broker_answer(request, ApplicantOIDCBackend(), state))
    user = _broker_answer(request, ParticipantOIDCBackend(), state)
    if user is not None and user.is_active:
        auth.login(request, user, backend="lotsa.signin.backends.StaffBackend")
        return remember_language(request, user, redirect("portal:home"))
    messages.error(
        request,
        _(
            "Inloggningen med e-legitimation gav ingen person hos oss. Logga in med kod i "
            "stället, eller kontakta din arbetscoach."
        ),
    )
    return redirect("portal:sign_in")


def _applicant_answer(request: HttpRequest, applicant: VerifiedApplicant | None) -> HttpResponse:
    if applicant is None:
        messages.error(
            request,
            _(
                "Vi kunde inte hämta ditt personnummer från e-legitimationen. Du kan fylla i "
                "formuläret ändå."
            ),
        )
    else:
        request.session[APPLICANT_KEY] = {
            "personal_number": applicant.personal_number,
            "first_name": applicant.first_name,
            "last_name": applicant.last_name,
            "verified_at": timezone.now().isoformat(),
        }
    return redirect("portal:self_referral")
