"""Administrators' pages for service accounts (the API itself is in v1.py)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from lotsa.api import queries, services
from lotsa.api.constants import Scope
from lotsa.api.forms import ServiceAccountForm
from lotsa.core.editing import form_save
from lotsa.organisations.decorators import staff_view
from lotsa.organisations.models import User
from lotsa.organisations.views import administrator_required
from lotsa.signin.views import fresh_second_factor_required


@administrator_required
@staff_view
def account_list(request: HttpRequest, actor: User) -> HttpResponse:
    return render(
        request,
        "api/account_list.html",
        {
            "title": _("Tjänstekonton (API)"),
            "accounts": queries.service_accounts_visible_to(actor),
            "scope_labels": dict(Scope.choices),
        },
    )


@never_cache
@administrator_required
@fresh_second_factor_required
@staff_view
def account_create(request: HttpRequest, actor: User) -> HttpResponse:
    edit = form_save(
        request,
        ServiceAccountForm(request.POST or None, actor=actor),
        save=lambda form: services.service_account_create(actor=actor, **form.cleaned_data),
    )
    if edit.saved:
        # The token is shown on this answer only; it is never stored in clear text.
        response = render(
            request,
            "api/account_created.html",
            {
                "title": _("Tjänstekontot är skapat"),
                "account": edit.result.account,
                "token": edit.result.token,
            },
        )
        response["Cache-Control"] = "no-store"
        return response
    return render(
        request, "api/account_form.html", {"title": _("Nytt tjänstekonto"), "form": edit.form}
    )


@require_POST
@administrator_required
@staff_view
def account_revoke(request: HttpRequest, actor: User, account_id: int) -> HttpResponse:
    account = queries.service_account_get(actor, account_id)
    try:
        services.service_account_revoke(actor=actor, account=account)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Tjänstekontot %(name)s är spärrat.") % {"name": account.name})
    return redirect("api:accounts")
