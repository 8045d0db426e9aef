"""Pages for what the surveys need beside the cases: staff as full-time equivalents per unit
(SKR), a coordination association's insatser with budget and outcome (Uppföljning Finsam), and
the files the schedule keeps (every download audited)."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from lotsa.core.editing import versioned_save
from lotsa.organisations.decorators import staff_view
from lotsa.organisations.models import User
from lotsa.reporting import policy, queries, services
from lotsa.reporting.forms import InsatsForm, InsatsYearForm, StaffFteForm
from lotsa.reporting.models import FinsamInsats
from lotsa.reporting.views import _year


def _editor(actor: User) -> None:
    if not policy.can_edit_survey_data(actor):
        raise PermissionDenied


def _form_page(
    request: HttpRequest,
    form: Any,
    save: Callable[[dict[str, Any]], object],
    *,
    title: str,
    back: str,
    saved: str,
    **form_kwargs: Any,
) -> HttpResponse:
    """A survey data form: on a valid POST run the service with the form's data and go `back`
    with the message `saved`; a refusal goes to the fields, a conflict shows the form again at
    the current version (`versioned_save`)."""
    edit = versioned_save(
        request,
        form,
        save=lambda valid: save(valid.cleaned_data),
        rebuild=lambda data, _current: type(form)(data, **form_kwargs),
        version_of=lambda current: getattr(current, "version", 0),
    )
    if edit.saved:
        messages.success(request, saved)
        return redirect(back)
    return render(
        request, "reporting/form_page.html", {"form": edit.form, "title": title, "cancel_url": back}
    )


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
    return _form_page(
        request,
        StaffFteForm(request.POST or None, initial=initial),
        lambda data: services.staff_fte_set(
            actor=actor, unit=unit, year=year, fte=data["fte"], expected_version=data["version"]
        ),
        title=_("Årsarbetare %(year)s: %(unit)s") % {"year": year, "unit": unit.name},
        back=f"{reverse('reporting:staff')}?year={year}",
        saved=_("Årsarbetarna är sparade."),
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
    return _form_page(
        request,
        InsatsForm(request.POST or None, initial=initial, **kwargs),
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
        title=insats.name if insats is not None else _("Ny insats"),
        back=reverse("reporting:insatser"),
        saved=_("Insatsen är sparad."),
        **kwargs,
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
    return _form_page(
        request,
        InsatsYearForm(request.POST or None, initial=initial),
        lambda data: services.insats_year_set(
            actor=actor,
            insats=insats,
            year=year,
            budget=data["budget"],
            outcome=data["outcome"],
            expected_version=data["version"],
        ),
        title=_("Budget och utfall %(year)s: %(name)s") % {"year": year, "name": insats.name},
        back=reverse("reporting:insatser"),
        saved=_("Budget och utfall är sparade."),
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
