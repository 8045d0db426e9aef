"""Administrators' pages for units and users of their own organisation."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from lotsa.core.editing import form_save, versioned_save
from lotsa.organisations import policy, queries, services
from lotsa.organisations.decorators import staff_view
from lotsa.organisations.forms import (
    DistrictForm,
    NewPasswordForm,
    PasswordChangeForm,
    UnitForm,
    UserForm,
)
from lotsa.organisations.models import Unit, User


def administrator_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not policy.can_administer(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@administrator_required
@staff_view
def unit_list(request: HttpRequest, actor: User) -> HttpResponse:
    return render(
        request,
        "organisations/unit_list.html",
        {"title": _("Enheter"), "units": queries.units_visible_to(actor)},
    )


@administrator_required
@staff_view
def unit_edit(request: HttpRequest, actor: User, unit_id: int | None = None) -> HttpResponse:
    unit = queries.unit_get(actor, unit_id) if unit_id else None
    initial = (
        {
            "name": unit.name,
            "runs_support": unit.runs_support,
            "is_active": unit.is_active,
            "version": unit.version,
        }
        if unit
        else {"is_active": True}
    )

    def save(form: UnitForm) -> Unit:
        data = dict(form.cleaned_data)
        version = data.pop("version") or 0
        if unit:
            return services.unit_update(actor=actor, unit=unit, expected_version=version, **data)
        return services.unit_create(
            actor=actor, name=data["name"], runs_support=data["runs_support"]
        )

    edit = versioned_save(
        request,
        UnitForm(request.POST or None, initial=initial),
        save=save,
        rebuild=lambda data, _current: UnitForm(data),
    )
    if edit.saved:
        messages.success(request, _("Enheten är sparad."))
        return redirect("organisations:units")
    title = _("Ändra enhet") if unit else _("Ny enhet")
    return render(
        request,
        "organisations/form.html",
        {
            "form": edit.form,
            "title": title,
            "back": "organisations:units",
            "conflict": edit.conflict,
        },
    )


@administrator_required
@staff_view
def district_list(request: HttpRequest, actor: User) -> HttpResponse:
    edit = form_save(
        request,
        DistrictForm(request.POST or None),
        save=lambda form: services.district_create(actor=actor, name=form.cleaned_data["name"]),
    )
    if edit.saved:
        messages.success(request, _("Stadsdelen är tillagd."))
        return redirect("organisations:districts")
    districts = queries.districts_visible_to(actor)
    return render(
        request,
        "organisations/district_list.html",
        {"title": _("Stadsdelar"), "districts": districts, "form": edit.form},
    )


@administrator_required
@staff_view
def user_list(request: HttpRequest, actor: User) -> HttpResponse:
    text = request.GET.get("q", "").strip()
    users = queries.users_visible_to(actor, text=text)
    return render(
        request,
        "organisations/user_list.html",
        {"title": _("Användare"), "users": users, "q": text},
    )


@administrator_required
@staff_view
def user_edit(request: HttpRequest, actor: User, user_id: int | None = None) -> HttpResponse:
    user = queries.user_get(actor, user_id) if user_id else None
    initial: dict[str, Any] = {"is_active": True}
    if user:
        initial = {field: getattr(user, field) for field in UserForm.base_fields}

    def save(form: UserForm) -> None:
        data = dict(form.cleaned_data)
        version = data.pop("version") or 0
        if user:
            data.pop("username")
            services.user_update(actor=actor, user=user, expected_version=version, **data)
        else:
            data.pop("is_active")
            services.user_create(actor=actor, link_for=_invitation_link(request), **data)

    edit = versioned_save(
        request,
        UserForm(request.POST or None, actor=actor, editing=user is not None, initial=initial),
        save=save,
        rebuild=lambda data, _current: UserForm(data, actor=actor, editing=True),
    )
    if edit.saved:
        messages.success(
            request,
            _("Användaren är sparad.")
            if user
            else _("Användaren är skapad och har fått en inbjudan med en länk via e-post."),
        )
        return redirect("organisations:users")
    title = _("Ändra användare") if user else _("Ny användare")
    return render(
        request,
        "organisations/form.html",
        {
            "form": edit.form,
            "title": title,
            "back": "organisations:users",
            "conflict": edit.conflict,
            "invited": user if user and policy.can_be_invited(user) else None,
            "invitation": queries.pending_invitation(user) if user else None,
        },
    )


@administrator_required
@staff_view
@require_POST
def user_invite(request: HttpRequest, actor: User, user_id: int) -> HttpResponse:
    """Send a new one-time link (a lost password, an expired invitation); old links stop."""
    user = queries.user_get(actor, user_id)
    try:
        services.user_invite(actor=actor, user=user, link_for=_invitation_link(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("En ny inbjudan är skickad till %(email)s. Tidigare länkar fungerar inte längre.")
            % {"email": user.email},
        )
    return redirect("organisations:user_edit", user.pk)


def _invitation_link(request: HttpRequest) -> Callable[[str], str]:
    return lambda token: request.build_absolute_uri(reverse("account:invitation", args=[token]))


# The person's own account -------------------------------------------------------------------


@staff_view
def password_change(request: HttpRequest, actor: User) -> HttpResponse:
    if not policy.can_change_own_password(actor):
        raise PermissionDenied
    edit = form_save(
        request,
        PasswordChangeForm(request.POST or None),
        save=lambda form: services.password_change(
            actor=actor,
            old_password=form.cleaned_data["old_password"],
            new_password=form.cleaned_data["new_password1"],
        ),
    )
    if edit.saved:
        update_session_auth_hash(request, actor)
        messages.success(
            request,
            _("Ditt lösenord är bytt. Du är utloggad på alla andra ställen där du var inloggad."),
        )
        return redirect("shell:home")
    return _password_page(
        request,
        edit.form,
        title=_("Byt lösenord"),
        intro=_(
            "När du har bytt lösenord loggas du ut på alla andra datorer och telefoner "
            "där du är inloggad."
        ),
        submit=_("Byt lösenord"),
    )


def _password_page(
    request: HttpRequest, form: Any, *, title: str, intro: str, submit: str
) -> HttpResponse:
    return render(
        request,
        "organisations/password_form.html",
        {"form": form, "title": title, "intro": intro, "submit": submit},
    )


@never_cache
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The invited person chooses their own password through the one-time link."""
    invitation = queries.invitation_for_token(token)
    if invitation is None:
        response = render(
            request,
            "organisations/invitation_invalid.html",
            {"title": _("Länken gäller inte"), "message": services.INVITATION_INVALID},
            status=410,
        )
    else:
        edit = form_save(
            request,
            NewPasswordForm(request.POST or None),
            save=lambda form: services.invitation_accept(
                token=token, password=form.cleaned_data["new_password1"]
            ),
        )
        if edit.saved:
            messages.success(
                request, _("Ditt lösenord är sparat. Logga in med ditt användarnamn och det.")
            )
            return redirect("login")
        response = _password_page(
            request,
            edit.form,
            title=_("Välj ditt lösenord"),
            intro=_(
                "Välkommen till Lotsa, %(name)s. Ditt användarnamn är %(username)s. "
                "Välj ett eget lösenord; ingen annan får veta det."
            )
            % {
                "name": invitation.user.get_full_name() or invitation.user.username,
                "username": invitation.user.username,
            },
            submit=_("Spara lösenordet"),
        )
    # The token is in the address: never sent on to another site.
    response["Referrer-Policy"] = "same-origin"
    return response
