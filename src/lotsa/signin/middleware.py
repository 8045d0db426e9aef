from collections.abc import Callable
from typing import cast

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django_htmx.http import HttpResponseClientRedirect

from lotsa.organisations.models import User
from lotsa.signin import policy, queries
from lotsa.signin.views import with_next

# Pages a signed-in user reaches before the second factor: signing in and out, the two-factor
# pages themselves, and what every page links to.
EXEMPT_VIEWS = frozenset(
    {
        "login",
        "logout",
        "set_language",
        "shell:healthz",
        "shell:health_live",
        "shell:health_ready",
        "shell:metrics",
        "shell:accessibility",
        "signin:enrol",
        "signin:verify",
        "signin:verify_recovery",
    }
)


class TwoFactorRequiredMiddleware:
    """Send signed-in staff who have not passed the second factor to enrolment or verification.

    Must come after AuthenticationMiddleware and django-otp's OTPMiddleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            policy.is_two_factor_required(request.user)
            and not policy.has_passed_second_factor(request.user)
            and not _is_exempt(request)
        ):
            return _second_factor_redirect(request)
        return self.get_response(request)


def _is_exempt(request: HttpRequest) -> bool:
    if request.path_info.startswith(settings.STATIC_URL):
        return True
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return match.view_name in EXEMPT_VIEWS


def _second_factor_redirect(request: HttpRequest) -> HttpResponse:
    user = cast("User", request.user)
    target = "signin:verify" if queries.has_authenticator(user) else "signin:enrol"
    next_url = request.get_full_path() if request.method == "GET" else ""
    url = with_next(target, next_url)
    if getattr(request, "htmx", False):
        return HttpResponseClientRedirect(url)
    return redirect(url)
