"""Single sign-on with the municipality's OpenID Connect provider (mozilla-django-oidc).

Switched on by OIDC_RP_CLIENT_ID (settings.py). The provider proves who someone is; Lotsa
decides whether they have an account: a claim is matched to one existing, active user and
accounts are never created from a sign-in.
"""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import resolve_url
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView

from lotsa.organisations.models import User

MATCH_FIELDS = {"email": "email__iexact", "username": "username__iexact"}


class MunicipalOIDCBackend(OIDCAuthenticationBackend):  # type: ignore[misc]
    """Signs in the one active Lotsa user whose username or e-mail the provider vouches for."""

    def filter_users_by_claims(self, claims: dict[str, Any]) -> QuerySet[User]:
        value = _claim_value(claims)
        if not value:
            return User.objects.none()
        lookup = MATCH_FIELDS[settings.LOTSA_OIDC_MATCH_FIELD]
        return User.objects.filter(is_active=True, **{lookup: value})

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        if not _claim_value(claims):
            return False
        # An e-mail address the provider has not verified proves nothing about the person.
        uses_email = settings.LOTSA_OIDC_MATCH_CLAIM == "email"
        return not (uses_email and claims.get("email_verified") is False)

    def describe_user_by_claims(self, claims: dict[str, Any]) -> str:
        return f"{settings.LOTSA_OIDC_MATCH_CLAIM} {_claim_value(claims)}"

    def get_user(self, user_id: Any) -> User | None:
        # With the unit, as lotsa.signin.backends.StaffBackend: the header names it on every page.
        try:
            return User.objects.select_related("unit").get(pk=user_id)
        except User.DoesNotExist:
            return None

    def create_user(self, claims: dict[str, Any]) -> None:
        # Never reached while OIDC_CREATE_USER is False; refuse even if someone turns it on.
        return None


class MunicipalOIDCCallbackView(OIDCAuthenticationCallbackView):  # type: ignore[misc]
    """The provider's answer; says in Swedish why no one was signed in."""

    @property
    def failure_url(self) -> str:
        return resolve_url(settings.LOGIN_URL)

    def login_failure(self) -> HttpResponse:
        messages.error(
            self.request,
            _(
                "Inloggningen via %(provider)s gav inget konto i Lotsa. Kontakta din "
                "administratör om du ska ha ett konto."
            )
            % {"provider": settings.LOTSA_OIDC_LOGIN_LABEL},
        )
        return super().login_failure()  # type: ignore[no-any-return]


def _claim_value(claims: dict[str, Any]) -> str:
    value = claims.get(settings.LOTSA_OIDC_MATCH_CLAIM)
    return value.strip() if isinstance(value, str) else ""
