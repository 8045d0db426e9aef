"""The participant's own pages ("Mina sidor") and their sign-in with a one-time code."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotsa.core.client import client_ip
from lotsa.core.forms import add_service_errors
from lotsa.portal import oidc, policy, queries, services
from lotsa.portal.forms import CodeForm, ContactForm

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
            return redirect("portal:home")
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
