"""Start-up checks for a safe installation."""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning, register
from django.core.exceptions import ImproperlyConfigured

MISSING_SECRET_KEY = "SECRET_KEY must be set when DEBUG is off."


def secret_key_is_set() -> bool:
    try:
        return bool(settings.SECRET_KEY)
    except ImproperlyConfigured:  # Django refuses to hand out an empty key
        return False


@register(deploy=True)
def check_secret_key(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if secret_key_is_set():
        return []
    return [
        Error(
            MISSING_SECRET_KEY,
            hint="Set the SECRET_KEY environment variable (see docs/settings.md).",
            id="lotsa.E001",
        )
    ]


@register(deploy=True)
def check_audit_key(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if settings.LOTSA_AUDIT_KEY:
        return []
    return [
        Warning(
            "LOTSA_AUDIT_KEY is not set: the audit chain is keyed with a key derived from "
            "SECRET_KEY, so changing SECRET_KEY makes `lotsa audit verify` fail.",
            hint="Set LOTSA_AUDIT_KEY to a long random value kept outside the database "
            "(docs/settings.md).",
            id="lotsa.W010",
        )
    ]
