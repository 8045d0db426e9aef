"""Pages for the employer register and the organisation's own training arenas."""

from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lotsa.audit.services import audit_list
from lotsa.core.editing import form_save
from lotsa.core.pages import create_or_update
from lotsa.organisations.decorators import staff_view
from lotsa.organisations.models import User
from lotsa.work import policy, queries, services
from lotsa.work.forms import (
    EmployerAgreementForm,
    EmployerContactForm,
    EmployerContactLogForm,
    EmployerFilterForm,
    EmployerForm,
    TrainingArenaForm,
)
from lotsa.work.models import Employer


@staff_view
def employer_list(request: HttpRequest, actor: User) -> HttpResponse:
    if not policy.can_view_employers(actor):
        raise PermissionDenied
    filters = EmployerFilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    employers = queries.employers_visible_to(
        actor=actor,
        text=data.get("q", ""),
        sector=data.get("sector", ""),
        has_capacity=data.get("has_capacity", False),
    )
    return render(
        request,
        "work/employer_list.html",
        {
            "title": _("Arbetsgivare"),
            "employers": employers,
            "filters": filters,
            "can_create": policy.can_create_employer(actor),
            "can_view_arenas": policy.can_view_arenas(actor),
        },
    )


@staff_view
def employer_detail(request: HttpRequest, actor: User, employer_id: int) -> HttpResponse:
    employer = queries.employer_get(actor=actor, employer_id=employer_id)
    placements, hidden = queries.employer_placements(actor=actor, employer=employer)
    audit_list(
        actor=actor,
        object_type="work.placement",
        summary=_("Lista: placerade hos %(employer)s") % {"employer": employer.name},
    )
    occupied = queries.employer_occupied(employer, timezone.localdate())
    return render(
        request,
        "work/employer_detail.html",
        {
            "title": employer.name,
            "employer": employer,
            "can_edit": policy.can_edit_employer(actor, employer),
            "can_match": policy.can_match(actor),
            "placements": placements,
            "hidden": hidden,
            "occupied": occupied,
        },
    )


@staff_view
def employer_edit(
    request: HttpRequest, actor: User, employer_id: int | None = None
) -> HttpResponse:
    employer = queries.employer_get(actor=actor, employer_id=employer_id) if employer_id else None
    allowed = (
        policy.can_edit_employer(actor, employer) if employer else policy.can_create_employer(actor)
    )
    if not allowed:
        raise PermissionDenied
    edit = create_or_update(
        request,
        EmployerForm,
        employer,
        fields=services.EMPLOYER_FIELDS,
        blank={"placement_capacity": 0},
        create=partial(services.employer_create, actor=actor),
        update=partial(services.employer_update, actor=actor, employer=employer),
    )
    if edit.saved:
        messages.success(request, _("Arbetsgivaren är sparad."))
        return redirect("work:employer_detail", edit.result.pk)
    return render(
        request,
        "work/form.html",
        {
            "form": edit.form,
            "title": _("Ändra arbetsgivare") if employer else _("Ny arbetsgivare"),
            "back": employer.get_absolute_url() if employer else None,
            "back_name": "work:employers",
        },
    )


def _employer_for_writing(actor: User, employer_id: int) -> Employer:
    employer = queries.employer_get(actor=actor, employer_id=employer_id)
    if not policy.can_edit_employer(actor, employer):
        raise PermissionDenied
    return employer


def _employer_subform(
    form_class: Any, service: Any, title: Any, saved: Any, *, form_kwargs: Any = None
) -> Any:
    """The page that adds one row to an employer (`service(actor, employer, **data)`): the form
    (given the employer unless `form_kwargs`), and back to the employer with `saved`."""

    @login_required
    @staff_view
    def view(request: HttpRequest, actor: User, employer_id: int) -> HttpResponse:
        employer = _employer_for_writing(actor, employer_id)
        extra = {"employer": employer} if form_kwargs is None else form_kwargs
        edit = form_save(
            request,
            form_class(request.POST or None, **extra),
            save=lambda form: service(actor=actor, employer=employer, **form.cleaned_data),
        )
        if edit.saved:
            messages.success(request, str(saved))
            return redirect("work:employer_detail", employer.pk)
        return render(
            request,
            "work/form.html",
            {
                "form": edit.form,
                "title": str(title),
                "subject": employer.name,
                "back": employer.get_absolute_url(),
            },
        )

    return view


employer_contact_add = _employer_subform(
    EmployerContactForm,
    services.employer_contact_add,
    gettext_lazy("Ny kontaktperson"),
    gettext_lazy("Kontaktpersonen är tillagd."),
    form_kwargs={},
)
employer_agreement_add = _employer_subform(
    EmployerAgreementForm,
    services.employer_agreement_add,
    gettext_lazy("Nytt avtal"),
    gettext_lazy("Avtalet är sparat."),
    form_kwargs={},
)
employer_contact_log_add = _employer_subform(
    EmployerContactLogForm,
    services.employer_contact_log_add,
    gettext_lazy("Ny kontakt med arbetsgivaren"),
    gettext_lazy("Kontakten är sparad."),
)


@staff_view
def training_arena_list(request: HttpRequest, actor: User) -> HttpResponse:
    if not policy.can_view_arenas(actor):
        raise PermissionDenied
    return render(
        request,
        "work/arena_list.html",
        {
            "title": _("Träningsarenor"),
            "arenas": queries.occupancy(
                queries.training_arenas_visible_to(actor=actor), timezone.localdate()
            ),
            "can_create": policy.can_create_arena(actor),
        },
    )


@staff_view
def training_arena_edit(
    request: HttpRequest, actor: User, arena_id: int | None = None
) -> HttpResponse:
    if not policy.can_view_arenas(actor):
        raise PermissionDenied
    arena = queries.training_arena_get(actor=actor, arena_id=arena_id) if arena_id else None
    allowed = policy.can_edit_arena(actor, arena) if arena else policy.can_create_arena(actor)
    if not allowed:
        raise PermissionDenied
    edit = create_or_update(
        request,
        TrainingArenaForm,
        arena,
        fields=services.ARENA_FIELDS,
        blank={"places": 0},
        create=partial(services.training_arena_create, actor=actor),
        update=partial(services.training_arena_update, actor=actor, arena=arena),
        actor=actor,
    )
    if edit.saved:
        messages.success(request, _("Arenan är sparad."))
        return redirect("work:arenas")
    return render(
        request,
        "work/form.html",
        {
            "form": edit.form,
            "title": _("Ändra arena") if arena else _("Ny arena"),
            "back_name": "work:arenas",
        },
    )
