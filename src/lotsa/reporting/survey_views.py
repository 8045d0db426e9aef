"""Pages for what the surveys need beside the cases: staff as full-time equivalents per unit
(SKR), a coordination association's insatser with budget and outcome (Uppföljning Finsam), and
the files the schedule keeps (every download audited)."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from lotsa.core.concurrency import EditConflictError
from lotsa.core.forms import add_service_errors
from lotsa.organisations.decorators import staff_view
from lotsa.organisations.models import User
from lotsa.reporting import policy, queries, services
from lotsa.reporting.forms import InsatsForm, InsatsYearForm, StaffFteForm
from lotsa.reporting.models import FinsamInsats
from lotsa.reporting.views import _year


def _editor(actor: User) -> None:
    if not policy.can_edit_survey_data(actor):
        raise PermissionDenied


def _save(
    request: HttpRequest, form: Any, save: Callable[[dict[str, Any]], object], **kwargs: Any
) -> tuple[Any, bool]:
    """Run the service with the form's data: (form with the service's errors, False), or —
    when someone saved first — the form again at the current version with the conflict."""
    try:
        save(form.cleaned_data)
    except EditConflictError as error:
        posted = request.POST.copy()
        posted["version"] = str(getattr(error.current, "version", 0))
        form = type(form)(posted, **kwargs)
        form.is_valid()
        form.add_error(None, error.messages[0])
        return form, False
    except ValidationError as error:
        add_service_errors(form, error)
        return form, False
    return form, True


@staff_view
def staff(request: HttpRequest, actor: User) -> HttpResponse:
    _editor(actor)
    form, period = _year(request)
    the_year = period.start.year
    units = queries.support_units(actor)
    entered = queries.staff_entries(actor, the_year)
    return render(
        request,
        "reporting/staff.html",
        {
            "form": form,
            "year": the_year,
            "rows": [(unit, entered.get(unit.pk)) for unit in units],
            "can_edit": True,
        },
    )


@staff_view
def staff_edit(request: HttpRequest, actor: User, year: int, unit_id: int) -> HttpResponse:
    _editor(actor)
    unit = queries.support_unit_get(actor, unit_id)
    row = queries.staff_entry(unit, year)
    initial = {
        "fte": str(row.fte).replace(".", ",") if row else "",
        "version": row.version if row else 0,
    }
    form = StaffFteForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        form, saved = _save(
            request,
            form,
            lambda data: services.staff_fte_set(
                actor=actor,
                unit=unit,
                year=year,
                fte=data["fte"],
                expected_version=data["version"],
            ),
        )
        if saved:
            messages.success(request, _("Årsarbetarna är sparade."))
            return redirect(f"{reverse('reporting:staff')}?year={year}")
    return render(
        request,
        "reporting/form_page.html",
        {
            "form": form,
            "title": _("Årsarbetare %(year)s: %(unit)s") % {"year": year, "unit": unit.name},
            "cancel_url": f"{reverse('reporting:staff')}?year={year}",
        },
    )


@staff_view
def insatser(request: HttpRequest, actor: User) -> HttpResponse:
    _editor(actor)
    organisation = actor.organisation
    rows = queries.insatser_of(actor)
    _form, period = _year(request)
    return render(
        request,
        "reporting/insatser.html",
        {
            "insatser": rows,
            "is_association": organisation is not None and organisation.is_coordination_association,
            "can_edit": True,
            "year": period.start.year,
        },
    )


def _insats_form(request: HttpRequest, actor: User, insats: FinsamInsats | None) -> HttpResponse:
    initial: dict[str, Any] = {"version": 0}
    if insats is not None:
        initial = {
            "name": insats.name,
            "orientation": insats.orientation,
            "target_group": insats.target_group,
            "unit": insats.unit_id,
            "follows_individuals": insats.follows_individuals,
            "version": insats.version,
        }
    kwargs = {"organisation": actor.organisation}
    form = InsatsForm(request.POST or None, initial=initial, **kwargs)
    if request.method == "POST" and form.is_valid():
        form, saved = _save(
            request,
            form,
            lambda data: services.insats_save(
                actor=actor,
                insats=insats,
                name=data["name"],
                orientation=data["orientation"],
                target_group=data["target_group"],
                unit=data["unit"],
                follows_individuals=data["follows_individuals"],
                expected_version=data["version"],
            ),
            **kwargs,
        )
        if saved:
            messages.success(request, _("Insatsen är sparad."))
            return redirect("reporting:insatser")
    title = insats.name if insats is not None else _("Ny insats")
    return render(
        request,
        "reporting/form_page.html",
        {"form": form, "title": title, "cancel_url": reverse("reporting:insatser")},
    )


@staff_view
def insats_create(request: HttpRequest, actor: User) -> HttpResponse:
    _editor(actor)
    if actor.organisation is None or not actor.organisation.is_coordination_association:
        raise Http404
    return _insats_form(request, actor, None)


@staff_view
def insats_edit(request: HttpRequest, actor: User, insats_id: int) -> HttpResponse:
    _editor(actor)
    return _insats_form(request, actor, queries.insats_get(actor, insats_id))


@staff_view
def insats_year(request: HttpRequest, actor: User, insats_id: int, year: int) -> HttpResponse:
    _editor(actor)
    insats = queries.insats_get(actor, insats_id)
    row = queries.insats_year_entry(insats, year)
    initial = {
        "budget": row.budget if row else "",
        "outcome": row.outcome if row and row.outcome is not None else "",
        "version": row.version if row else 0,
    }
    form = InsatsYearForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        form, saved = _save(
            request,
            form,
            lambda data: services.insats_year_set(
                actor=actor,
                insats=insats,
                year=year,
                budget=data["budget"],
                outcome=data["outcome"],
                expected_version=data["version"],
            ),
        )
        if saved:
            messages.success(request, _("Budget och utfall är sparade."))
            return redirect("reporting:insatser")
    return render(
        request,
        "reporting/form_page.html",
        {
            "form": form,
            "title": _("Budget och utfall %(year)s: %(name)s")
            % {"year": year, "name": insats.name},
            "cancel_url": reverse("reporting:insatser"),
        },
    )


@staff_view
def kept(request: HttpRequest, actor: User) -> HttpResponse:
    if not policy.can_view_reports(actor):
        raise PermissionDenied
    return render(
        request,
        "reporting/kept.html",
        {"files": queries.kept_files(actor), "can_rows": policy.can_download_rows(actor)},
    )


@staff_view
def kept_download(request: HttpRequest, actor: User, kept_id: int) -> HttpResponse:
    row = queries.kept_get(actor, kept_id)
    content = services.kept_report_fetch(actor=actor, kept=row)
    response = HttpResponse(content, content_type=row.content_type)
    response["Content-Disposition"] = f'attachment; filename="{row.filename}"'
    return response
