"""The participant's own pages ("Mina sidor") and their sign-in with a one-time code."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotsa.core.client import client_ip
from lotsa.core.forms import add_service_errors
from lotsa.core.languages import is_supported
from lotsa.portal import oidc, policy, queries, services
from lotsa.portal.forms import CodeForm, ContactForm, SelfReferralForm
from lotsa.portal.language import remember_language, set_language_cookie

SESSION_CODE_KEY = "lotsa_portal_code"


def sign_in(request: HttpRequest) -> HttpResponse:
    """Step 1: the person gives their e-mail address or mobile number."""
    if policy.is_participant_user(request.user):
        return redirect("portal:home")
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            row = services.code_request(
                contact_text=form.cleaned_data["contact"],
                ip_address=client_ip(request),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            request.session[SESSION_CODE_KEY] = row.pk
            return redirect("portal:sign_in_code")
    return render(
        request,
        "portal/sign_in.html",
        {
            "form": form,
            "oidc_label": settings.LOTSA_PORTAL_OIDC_LOGIN_LABEL if oidc.is_enabled() else "",
        },
    )


def sign_in_code(request: HttpRequest) -> HttpResponse:
    """Step 2: the code from the e-mail or text message."""
    code_id = request.session.get(SESSION_CODE_KEY)
    if code_id is None:
        return redirect("portal:sign_in")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.code_verify(code_id=code_id, code=form.cleaned_data["code"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            request.session.pop(SESSION_CODE_KEY, None)
            return remember_language(request, user, redirect("portal:home"))
    return render(request, "portal/sign_in_code.html", {"form": form})


def _participant(request: HttpRequest) -> Any:
    if not request.user.is_authenticated:
        return None
    if not policy.is_participant_user(request.user):
        raise PermissionDenied
    return request.user


def home(request: HttpRequest) -> HttpResponse:
    user = _participant(request)
    if user is None:
        return redirect("portal:sign_in")
    return render(request, "portal/home.html", {"pages": queries.own_pages(user)})


def access_log(request: HttpRequest) -> HttpResponse:
    """ "Vem har tittat på mina uppgifter?": staff by role and unit, partners by organisation."""
    user = _participant(request)
    if user is None:
        return redirect("portal:sign_in")
    page = queries.own_access_log(user, page=request.GET.get("sida"))
    return render(request, "portal/access_log.html", {"page": page})


@require_POST
def consent_revoke(request: HttpRequest, consent_id: int) -> HttpResponse:
    user = _participant(request)
    if user is None:
        return redirect("portal:sign_in")
    try:
        services.own_consent_revoke(user=user, consent_id=consent_id)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Samtycket är återkallat. Det gäller från och med nu."))
    return redirect("portal:home")


@require_POST
def language_set(request: HttpRequest) -> HttpResponse:
    """The language switch of Mina sidor and its sign-in: a signed-in participant's choice is
    stored (and used for their text messages), anyone else's lives in the language cookie."""
    language = request.POST.get("language", "")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "portal:home" if policy.is_participant_user(request.user) else "portal:sign_in"
    response = redirect(target)
    if not is_supported(language):
        return response
    if policy.is_participant_user(request.user):
        services.own_language_set(user=request.user, language=language)  # type: ignore[arg-type]
    set_language_cookie(response, language)
    return response


def self_referral(request: HttpRequest) -> HttpResponse:
    """ "Ansök om stöd": anyone may ask for support; the answer never says whether we knew them."""
    form = SelfReferralForm(request.POST or None, units=queries.units_taking_applications())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.self_referral_submit(
                unit=data["unit"],
                personal_number=data["personal_number"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                phone=data["phone"],
                reason=data["reason"],
                goal=data["goal"],
                ip_address=client_ip(request),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("portal:self_referral_sent")
    return render(request, "portal/self_referral.html", {"form": form})


def self_referral_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/self_referral_sent.html")
