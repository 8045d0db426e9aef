"""Bearer-token authentication for service accounts."""

from datetime import timedelta
from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from lotsa.api.constants import LAST_USED_RESOLUTION_SECONDS
from lotsa.api.models import ServiceAccount
from lotsa.api.tokens import token_key_id, token_matches


def service_account_for_token(token: str) -> ServiceAccount | None:
    """The active account a token belongs to, or None; records when it was last used."""
    key_id = token_key_id(token.strip())
    if key_id is None:
        return None
    account = (
        ServiceAccount.objects.select_related("user", "user__unit", "organisation")
        .filter(key_id=key_id, revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if account is None or not token_matches(token.strip(), account.token_digest):
        return None
    now = timezone.now()
    # One UPDATE per call, written at most once a minute: constant queries, little churn.
    ServiceAccount.objects.filter(
        Q(last_used_at__isnull=True)
        | Q(last_used_at__lt=now - timedelta(seconds=LAST_USED_RESOLUTION_SECONDS)),
        pk=account.pk,
    ).update(last_used_at=now)
    return account


class ServiceAccountAuth(HttpBearer):
    """`Authorization: Bearer lotsa_<key id>_<secret>`; the call then acts as the account's user."""

    openapi_description = "API-nyckel för ett tjänstekonto (skapas av administratören)."

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        account = service_account_for_token(token)
        if account is None:
            return None
        request.user = account.user
        request.service_account = account  # type: ignore[attr-defined]
        return account
