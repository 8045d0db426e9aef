"""Pages of two-factor sign-in: enrol an app, verify with it or a recovery code, manage, reset."""

import time
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.models import Device

from lotsa.core.forms import add_service_errors
from lotsa.organisations import policy as organisations_policy
from lotsa.organisations import queries as organisations_queries
from lotsa.organisations.decorators import staff_view
from lotsa.organisations.models import User
from lotsa.signin import policy, queries, services, totp
from lotsa.signin.constants import (
    MAX_CODE_FAILURES,
    SESSION_FAILURES,
    SESSION_NEW_RECOVERY_CODES,
    SESSION_PENDING_KEY,
    SESSION_VERIFIED_AT,
)
from lotsa.signin.forms import AppCodeForm, RecoveryCodeForm

FEW_RECOVERY_CODES = 3
T = TypeVar("T")


def two_factor_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A signed-in user's own two-factor page; sends them home when two-factor is switched off."""

    @login_required
    @never_cache
    @require_http_methods(["GET", "POST"])
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.LOTSA_REQUIRE_TWO_FACTOR:
            return redirect("shell:home")
        return view(request, *args, **kwargs)

    return wrapper


@two_factor_page
def enrol(request: HttpRequest) -> HttpResponse:
    user = request.user
    if queries.has_authenticator(user):
        if user.is_verified():
            return redirect(_next_url(request))
        return redirect(with_next("signin:verify", _next_url(request)))
    key = request.session.get(SESSION_PENDING_KEY) or totp.new_key()
    request.session[SESSION_PENDING_KEY] = key
    form = AppCodeForm(request.POST or None)
    enrolled = _submitted_code(
        request, form, lambda code: services.two_factor_enrol(actor=user, key=key, code=code)
    )
    if isinstance(enrolled, _Rejected):
        if enrolled.response:
            return enrolled.response
    else:
        device, codes = enrolled
        del request.session[SESSION_PENDING_KEY]
        _second_factor_passed(request, device)
        request.session[SESSION_NEW_RECOVERY_CODES] = codes
        return redirect(with_next("signin:recovery_codes", _next_url(request)))
    return render(
        request,
        "signin/enrol.html",
        {
            "title": _("Skydda ditt konto med tvåstegsverifiering"),
            "form": form,
            "qr_code": totp.qr_svg(
                totp.provisioning_uri(user, key),
                label=_("QR-kod som kopplar Lotsa till din autentiseringsapp"),
            ),
            "key_text": totp.key_for_display(key),
        },
    )


@two_factor_page
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """The new recovery codes, shown once: they are taken out of the session as they are shown."""
    codes = request.session.pop(SESSION_NEW_RECOVERY_CODES, None)
    if not codes:
        messages.info(request, _("Återställningskoderna visas bara en gång."))
        return redirect("signin:manage")
    return render(
        request,
        "signin/recovery_codes.html",
        {"title": _("Dina återställningskoder"), "codes": codes, "next": _next_url(request)},
    )


@two_factor_page
def verify(request: HttpRequest) -> HttpResponse:
    if elsewhere := _signed_in_with_app(request):
        return elsewhere
    form = AppCodeForm(request.POST or None)
    device = _submitted_code(
        request, form, lambda code: services.two_factor_verify(actor=request.user, code=code)
    )
    if isinstance(device, _Rejected):
        if device.response:
            return device.response
    else:
        _second_factor_passed(request, device)
        return redirect(_next_url(request))
    return render(
        request,
        "signin/verify.html",
        {
            "title": _("Ange koden från din app"),
            "form": form,
            "recovery_url": with_next("signin:verify_recovery", _next_url(request)),
        },
    )


def fresh_second_factor_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A page that widens what someone can reach (a new service account) asks for a new code
    from the app unless the second factor was passed in the last few minutes."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        verified_at = request.session.get(SESSION_VERIFIED_AT)
        if not policy.is_second_factor_fresh(request.user, verified_at):
            next_url = request.get_full_path() if request.method == "GET" else request.path
            messages.info(
                request,
                _("Bekräfta att det är du med en ny kod från appen innan du fortsätter."),
            )
            return redirect(with_next("signin:reverify", next_url))
        return view(request, *args, **kwargs)

    return wrapper


@two_factor_page
def reverify(request: HttpRequest) -> HttpResponse:
    """A new code from the app, asked of a user who is already signed in with two factors."""
    user = request.user
    if not queries.has_authenticator(user):
        return redirect(with_next("signin:enrol", _next_url(request)))
    form = AppCodeForm(request.POST or None)
    device = _submitted_code(
        request, form, lambda code: services.two_factor_verify(actor=user, code=code)
    )
    if isinstance(device, _Rejected):
        if device.response:
            return device.response
    else:
        request.session.pop(SESSION_FAILURES, None)
        otp_login(request, device)
        request.session[SESSION_VERIFIED_AT] = time.time()
        return redirect(_next_url(request))
    return render(
        request,
        "signin/reverify.html",
        {"title": _("Bekräfta med en ny kod"), "form": form, "next": _next_url(request)},
    )


@two_factor_page
def verify_recovery(request: HttpRequest) -> HttpResponse:
    if elsewhere := _signed_in_with_app(request):
        return elsewhere
    form = RecoveryCodeForm(request.POST or None)
    device = _submitted_code(
        request, form, lambda code: services.recovery_code_use(actor=request.user, code=code)
    )
    if isinstance(device, _Rejected):
        if device.response:
            return device.response
    else:
        _second_factor_passed(request, device)
        left = device.token_set.count()
        if left <= FEW_RECOVERY_CODES:
            messages.warning(
                request,
                _(
                    "Du har %(left)d återställningskoder kvar. Skapa nya under "
                    "Tvåstegsverifiering, och koppla appen igen om du har bytt telefon."
                )
                % {"left": left},
            )
        return redirect(_next_url(request))
    return render(
        request,
        "signin/verify_recovery.html",
        {
            "title": _("Logga in med en återställningskod"),
            "form": form,
            "app_url": with_next("signin:verify", _next_url(request)),
        },
    )


@two_factor_page
def manage(request: HttpRequest) -> HttpResponse:
    """The user's own two-factor page: status, and new recovery codes after a code from the app."""
    user = request.user
    form = AppCodeForm(request.POST or None)
    codes = _submitted_code(
        request, form, lambda code: services.recovery_codes_regenerate(actor=user, code=code)
    )
    if isinstance(codes, _Rejected):
        if codes.response:
            return codes.response
    else:
        request.session.pop(SESSION_FAILURES, None)
        request.session[SESSION_NEW_RECOVERY_CODES] = codes
        return redirect(with_next("signin:recovery_codes", reverse("signin:manage")))
    status = queries.two_factor_status(user, user)
    return render(
        request,
        "signin/manage.html",
        {"title": _("Tvåstegsverifiering"), "form": form, "status": status},
    )


@staff_view
@require_http_methods(["GET", "POST"])
def reset_user(request: HttpRequest, actor: User, user_id: int) -> HttpResponse:
    """An administrator removes a user's app and recovery codes, e.g. after a lost phone."""
    if not organisations_policy.can_administer(actor):
        raise PermissionDenied
    person = organisations_queries.user_get(actor, user_id)
    if request.method == "POST":
        try:
            services.two_factor_reset(actor=actor, user=person)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("Tvåstegsverifieringen för %(name)s är återställd.")
                % {"name": person.get_full_name() or person.username},
            )
            return redirect("organisations:users")
    status = queries.two_factor_status(actor, person)
    return render(request, "signin/reset_user.html", {"person": person, "status": status})


def with_next(url_name: str, next_url: str) -> str:
    """The address of `url_name`, carrying where to go afterwards."""
    url = reverse(url_name)
    if next_url and next_url != reverse("shell:home"):
        url = f"{url}?{urlencode({'next': next_url})}"
    return url


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("shell:home")


def _second_factor_passed(request: HttpRequest, device: Device) -> None:
    # A new session key once the user is fully signed in, as Django does after the password.
    request.session.cycle_key()
    request.session.pop(SESSION_FAILURES, None)
    otp_login(request, device)
    request.session[SESSION_VERIFIED_AT] = time.time()


def _code_rejected(
    request: HttpRequest, form: AppCodeForm | RecoveryCodeForm, error: ValidationError
) -> HttpResponse | None:
    """Show the error at the field, or sign the user out after too many wrong codes."""
    failures = request.session.get(SESSION_FAILURES, 0) + 1
    if failures >= MAX_CODE_FAILURES:
        services.two_factor_lock_out(actor=request.user)
        logout(request)
        messages.error(
            request,
            _(
                "Du har loggats ut eftersom koden var fel för många gånger. "
                "Logga in igen och försök på nytt."
            ),
        )
        return redirect("login")
    request.session[SESSION_FAILURES] = failures
    add_service_errors(form, error)
    return None


class _Rejected:
    """The code was not taken: the form shows why, or `response` signs the user out."""

    def __init__(self, response: HttpResponse | None = None) -> None:
        self.response = response


def _submitted_code(
    request: HttpRequest, form: AppCodeForm | RecoveryCodeForm, use: Callable[[str], T]
) -> T | _Rejected:
    """Hand the code of a valid posted form to the service `use`; a wrong or refused code is shown
    at the field, and too many wrong codes sign the user out."""
    if request.method != "POST" or not form.is_valid():
        return _Rejected()
    try:
        return use(form.cleaned_data["code"])
    except services.WrongCodeError as error:
        return _Rejected(_code_rejected(request, form, error))
    except ValidationError as error:
        add_service_errors(form, error)
        return _Rejected()


def _signed_in_with_app(request: HttpRequest) -> HttpResponse | None:
    """Where a user goes instead of a verify page: onward when verified, to enrol without an app."""
    if request.user.is_verified():
        return redirect(_next_url(request))
    if not queries.has_authenticator(request.user):
        return redirect(with_next("signin:enrol", _next_url(request)))
    return None
