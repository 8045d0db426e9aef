"""Administrators' pages for units and users of their own organisation."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lotsa.core.editing import versioned_save
from lotsa.core.forms import add_service_errors
from lotsa.organisations import policy, queries, services
from lotsa.organisations.decorators import staff_view
from lotsa.organisations.forms import DistrictForm, UnitForm, UserForm
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
        request, "organisations/unit_list.html", {"units": queries.units_visible_to(actor)}
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
    form = DistrictForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.district_create(actor=actor, name=form.cleaned_data["name"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Stadsdelen är tillagd."))
            return redirect("organisations:districts")
    districts = queries.districts_visible_to(actor)
    return render(
        request, "organisations/district_list.html", {"districts": districts, "form": form}
    )


@administrator_required
@staff_view
def user_list(request: HttpRequest, actor: User) -> HttpResponse:
    text = request.GET.get("q", "").strip()
    users = queries.users_visible_to(actor, text=text)
    return render(request, "organisations/user_list.html", {"users": users, "q": text})


@administrator_required
@staff_view
def user_edit(request: HttpRequest, actor: User, user_id: int | None = None) -> HttpResponse:
    user = queries.user_get(actor, user_id) if user_id else None
    initial: dict[str, Any] = {"is_active": True}
    if user:
        initial = {
            field: getattr(user, field)
            for field in (
                "username",
                "first_name",
                "last_name",
                "email",
                "title",
                "role",
                "unit",
                "is_active",
                "version",
            )
        }

    def save(form: UserForm) -> None:
        data = dict(form.cleaned_data)
        password = data.pop("password")
        version = data.pop("version") or 0
        if user:
            data.pop("username")
            services.user_update(actor=actor, user=user, expected_version=version, **data)
            if password:
                services.user_set_password(actor=actor, user=user, password=password)
        else:
            data.pop("is_active")
            services.user_create(actor=actor, password=password, **data)

    edit = versioned_save(
        request,
        UserForm(request.POST or None, actor=actor, editing=user is not None, initial=initial),
        save=save,
        rebuild=lambda data, _current: UserForm(data, actor=actor, editing=True),
    )
    if edit.saved:
        messages.success(request, _("Användaren är sparad."))
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
        },
    )
