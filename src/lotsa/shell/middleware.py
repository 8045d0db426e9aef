import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation import gettext as _

LAST_SEEN_KEY = "lotsa_last_seen"


class IdleTimeoutMiddleware:
    """Sign a user out after SESSION_IDLE_TIMEOUT_MINUTES without a request; add the CSP header."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            last_seen = request.session.get(LAST_SEEN_KEY, now)
            if now - last_seen > settings.SESSION_IDLE_TIMEOUT_MINUTES * 60:
                logout(request)
                messages.info(request, _("Du har loggats ut efter en tids inaktivitet."))
            elif now - last_seen > 60 or LAST_SEEN_KEY not in request.session:
                # Writing at most once a minute keeps the session out of every request's queries.
                request.session[LAST_SEEN_KEY] = now
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.LOTSA_CSP)
        return response


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Swedish unless the user chose another language with the switch (the language cookie).

    Django's LocaleMiddleware also follows the browser's Accept-Language; municipal computers
    are often set to English, and staff should still meet the Swedish interface by default.
    """

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class NoStoreForSignedInMiddleware:
    """Pages for a signed-in person carry personal data: no browser or proxy keeps a copy
    (`Cache-Control: no-store`), so the back button on a shared computer shows nothing."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = "no-store, private"
            response["Pragma"] = "no-cache"
        return response
