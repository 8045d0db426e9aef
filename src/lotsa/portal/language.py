"""The participant's language at sign-in and in the language cookie."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from lotsa.core.languages import is_supported
from lotsa.portal import services


def remember_language(request: HttpRequest, user: Any, response: HttpResponse) -> HttpResponse:
    """At sign-in: the language the person chose before wins on this device too; someone who
    never chose keeps the one they signed in with, stored as their choice."""
    stored = user.participant_account.participant.page_language
    current = request.LANGUAGE_CODE
    if stored and is_supported(stored):
        set_language_cookie(response, stored)
    elif current != settings.LANGUAGE_CODE:
        services.own_language_set(user=user, language=current)
    return response


def set_language_cookie(response: HttpResponse, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
