"""Pages for placements, attendance and the arena overview."""

from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa.audit.services import audit_export, audit_list
from lotsa.cases import policy as case_policy
from lotsa.cases.effective_end import effective_end
from lotsa.cases.forms import EndDateForm
from lotsa.cases.panels import Panel, PanelAction
from lotsa.cases.policy import CaseAccess
from lotsa.cases.queries import case_get, case_page_key, case_stand_in
from lotsa.core.batch import Reader, compiled
from lotsa.core.dates import is_plausible_date, parse_plausible_date
from lotsa.core.downloads import csv_response
from lotsa.core.editing import versioned_save
from lotsa.core.forms import add_service_errors
from lotsa.core.text import parse_ascii_int
from lotsa.organisations.decorators import staff_view
from lotsa.organisations.models import User
from lotsa.shell.inline import InlineCreation, kept_form, wants_inline_creation
from lotsa.work import inline, policy, queries, services
from lotsa.work.constants import AttendanceStatus
from lotsa.work.costs import month_cost
from lotsa.work.forms import AttendanceForm, PlacementForm
from lotsa.work.models import Placement

FORM_FIELDS = services.PLACEMENT_FIELDS


def _form_data(form: PlacementForm) -> tuple[dict[str, Any], int]:
    data = dict(form.cleaned_data)
    return data, data.pop("version") or 0


@staff_view
def placement_create(request: HttpRequest, actor: User, case_id: int) -> HttpResponse:
    case = case_get(actor, case_id)
    if not case_policy.can_work_on_case(actor, case):
        raise PermissionDenied
    initial: dict[str, Any] = {"status": "planned", "starts_on": timezone.localdate()}
    for key in ("employer", "arena", "kind"):
        if key == "kind":
            initial[key] = request.GET.get(key) or initial.get(key)
        elif (object_id := parse_ascii_int(request.GET.get(key))) is not None:
            initial[key] = object_id
    form = PlacementForm(
        request.POST or None, organisation_id=case.organisation_id, initial=initial
    )
    employer, arena = inline.empty_forms()
    if request.method == "POST" and wants_inline_creation(request.POST, inline.EMPLOYER_BUTTON):
        employer = inline.employer_create_inline(actor=actor, data=request.POST)
        form = _kept_placement(request, case.organisation_id, employer, chosen="employer")
    elif request.method == "POST" and wants_inline_creation(request.POST, inline.ARENA_BUTTON):
        arena = inline.arena_create_inline(actor=actor, data=request.POST)
        form = _kept_placement(request, case.organisation_id, arena, chosen="arena")
    elif request.method == "POST" and form.is_valid():
        data, _version = _form_data(form)
        try:
            placement = services.placement_create(actor=actor, case=case, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Placeringen är sparad och finns i planen."))
            return redirect(placement)
    return render(
        request,
        "work/placement_form.html",
        {
            "form": form,
            "title": _("Ny placering"),
            "subject": case.participant.full_name,
            "back": reverse("cases:detail", args=[case.pk]),
            "can_create_employer": policy.can_create_employer(actor),
            "can_create_arena": inline.can_create_arena_inline(actor),
            **_inline_context("employer", employer),
            **_inline_context("arena", arena),
        },
    )


def _kept_placement(
    request: HttpRequest, organisation_id: int, creation: InlineCreation, *, chosen: str
) -> PlacementForm:
    """Without JavaScript, after "Ny arbetsgivare" or "Ny träningsarena": the placement form as
    typed, not yet judged, with the new employer or arena chosen (and not the other)."""
    changes: dict[str, Any] = {}
    if creation.created is not None:
        changes = {"employer": None, "arena": None, chosen: creation.created.pk}
    bound = PlacementForm(request.POST, organisation_id=organisation_id)
    return PlacementForm(organisation_id=organisation_id, initial=kept_form(bound, **changes))


def _inline_context(name: str, creation: InlineCreation) -> dict[str, Any]:
    created = creation.created
    return {
        f"{name}_form": creation.form,
        f"{name}_form_open": creation.form.is_bound or created is not None,
        f"{name}_created": inline.created_message(created) if created is not None else "",
    }


@staff_view
def placement_detail(request: HttpRequest, actor: User, placement_id: int) -> HttpResponse:
    placement = queries.placement_get(actor=actor, placement_id=placement_id)
    can_change = policy.can_change_placement(actor, placement)
    today = timezone.localdate()
    month = queries.case_month_attendance(actor=actor, case=placement.case, month=today)
    cost = None
    if placement.monthly_salary_cost is not None:
        cost = month_cost(
            today.replace(day=1),
            monthly_salary_cost=placement.monthly_salary_cost,
            grant_rate=placement.grant_rate,
            starts_on=placement.starts_on,
            ends_on=effective_end(placement.ends_on, placement.case.closed_on),
        )
    recent = placement.attendance.order_by("-day")[:10]
    return render(
        request,
        "work/placement_detail.html",
        {
            "placement": placement,
            "can_change": can_change,
            "can_correct_end": policy.can_correct_placement_end(actor, placement),
            "can_view_costs": policy.can_view_costs(actor),
            "attendance_form": AttendanceForm(initial={"day": today}) if can_change else None,
            "recent": recent,
            "month": month,
            "cost": cost,
            "today": today,
        },
    )


def _placement_end_correction(
    request: HttpRequest, actor: User, placement: Placement
) -> HttpResponse:
    """A closed case's placement: only its end date may be corrected, up to the closure."""
    initial = {"ends_on": placement.ends_on, "version": placement.version}
    edit = versioned_save(
        request,
        EndDateForm(request.POST or None, initial=initial),
        save=lambda form: services.placement_end_correct(
            actor=actor,
            placement=placement,
            expected_version=form.cleaned_data["version"],
            ends_on=form.cleaned_data["ends_on"],
        ),
        rebuild=lambda data, _current: EndDateForm(data, initial=initial),
        # the conflict may be the case's plan (the activity follows the placement)
        version_of=lambda current: getattr(current, "version", 0),
    )
    if edit.saved:
        messages.success(request, _("Slutdatumet är rättat."))
        return redirect(placement)
    form = edit.form
    closed_on = placement.case.closed_on
    return render(
        request,
        "work/form.html",
        {
            "form": form,
            "title": _("Rätta slutdatum"),
            "subject": placement.case.participant.full_name,
            "intro": _(
                "Ärendet avslutades %(on)s. Bara slutdatumet kan rättas, till ett datum mellan "
                "placeringens start (%(start)s) och avslutet."
            )
            % {
                "on": closed_on.isoformat() if closed_on else "",
                "start": placement.starts_on.isoformat(),
            },
            "back": placement.get_absolute_url(),
        },
    )


@staff_view
def placement_edit(request: HttpRequest, actor: User, placement_id: int) -> HttpResponse:
    placement = queries.placement_get(
        actor=actor, placement_id=placement_id, log=request.method == "GET"
    )
    if policy.can_correct_placement_end(actor, placement):
        return _placement_end_correction(request, actor, placement)
    if not policy.can_change_placement(actor, placement):
        raise PermissionDenied
    initial = {name: getattr(placement, name) for name in FORM_FIELDS}
    initial["version"] = placement.version
    kwargs = {
        "organisation_id": placement.organisation_id,
        "current_subsidy": placement.subsidy_type,
        "initial": initial,
    }

    def save(form: PlacementForm) -> Placement:
        data, expected_version = _form_data(form)
        return services.placement_update(
            actor=actor, placement=placement, expected_version=expected_version, **data
        )

    edit = versioned_save(
        request,
        PlacementForm(request.POST or None, **kwargs),  # type: ignore[arg-type]
        save=save,
        rebuild=lambda data, _current: PlacementForm(data, **kwargs),  # type: ignore[arg-type]
    )
    if edit.saved:
        messages.success(request, _("Placeringen är sparad."))
        return redirect(placement)
    form = edit.form
    # the same searchable lists as a new placement; a missing employer is added on a new one
    return render(
        request,
        "work/placement_form.html",
        {
            "form": form,
            "title": _("Ändra placering"),
            "subject": placement.case.participant.full_name,
            "back": placement.get_absolute_url(),
        },
    )


@staff_view
def attendance_add(request: HttpRequest, actor: User, placement_id: int) -> HttpResponse:
    placement = queries.placement_get(
        actor=actor, placement_id=placement_id, log=request.method == "GET"
    )
    if not policy.can_change_placement(actor, placement):
        raise PermissionDenied
    form = AttendanceForm(request.POST or None, initial={"day": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_record(actor=actor, placement=placement, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Närvaron är sparad."))
            return redirect(placement)
    return render(
        request,
        "work/form.html",
        {
            "form": form,
            "title": _("Registrera närvaro"),
            "subject": placement.case.participant.full_name,
            "back": placement.get_absolute_url(),
        },
    )


def _month(year: int, month: int) -> date:
    try:
        first = date(year, month, 1)
    except ValueError as bad:
        raise Http404 from bad
    if not is_plausible_date(first):  # year 1 or 9999 would overflow the month links
        raise Http404
    return first


@staff_view
def attendance_month(
    request: HttpRequest, actor: User, case_id: int, year: int, month: int
) -> HttpResponse:
    """A participant's attendance in one month, printable."""
    case = case_get(actor, case_id)
    first = _month(year, month)
    summary = queries.case_month_attendance(actor=actor, case=case, month=first)
    previous = (first - timedelta(days=1)).replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return render(
        request,
        "work/attendance_month.html",
        {
            "case": case,
            "summary": summary,
            "statuses": [(s, AttendanceStatus(s).label) for s in AttendanceStatus.values],
            "previous": previous,
            "following": following,
        },
    )


@staff_view
def attendance_month_csv(
    request: HttpRequest, actor: User, case_id: int, year: int, month: int
) -> HttpResponse:
    case = case_get(actor, case_id, log=False)
    first = _month(year, month)
    summary = queries.case_month_attendance(actor=actor, case=case, month=first)
    audit_export(
        actor=actor,
        obj=case,
        object_type="work.attendance",
        participant=case.participant,
        summary=_("Närvaro %(month)s som CSV") % {"month": f"{first:%Y-%m}"},
    )
    rows: list[list[Any]] = [
        [_("Deltagare"), case.participant.full_name],
        [_("Månad"), f"{first:%Y-%m}"],
        [],
        [_("Dag"), _("Placering"), _("Närvaro"), _("Kommentar")],
    ]
    rows += [
        [
            entry.day.isoformat(),
            str(entry.placement.workplace),
            entry.get_status_display(),
            entry.note,
        ]
        for entry in summary.entries
    ]
    rows.append([])
    rows += [[AttendanceStatus(status).label, count] for status, count in summary.counts.items()]
    return csv_response(f"narvaro-{case.pk}-{first:%Y-%m}.csv", rows)


def _monday(text: str | None) -> date:
    day = parse_plausible_date(text) or timezone.localdate()
    return day - timedelta(days=day.weekday())


@staff_view
def arena_detail(request: HttpRequest, actor: User, arena_id: int) -> HttpResponse:
    arena = queries.training_arena_get(actor=actor, arena_id=arena_id)
    today = timezone.localdate()
    placements, hidden = queries.arena_placements(actor=actor, arena=arena)
    audit_list(
        actor=actor,
        object_type="work.placement",
        summary=_("Lista: placerade på %(arena)s") % {"arena": arena.name},
    )
    occupied = (
        queries.occupancy(queries.training_arenas_visible_to(actor=actor), today)
        .values_list("occupied", flat=True)
        .get(pk=arena.pk)
    )
    return render(
        request,
        "work/arena_detail.html",
        {
            "title": arena.name,
            "arena": arena,
            "placements": placements,
            "hidden": hidden,
            "occupied": occupied,
            "free": max(arena.places - occupied, 0),
            "can_edit": policy.can_edit_arena(actor, arena),
            "can_record": policy.can_record_arena_attendance(actor),
        },
    )


@staff_view
def arena_week(request: HttpRequest, actor: User, arena_id: int) -> HttpResponse:
    """Attendance for everyone placed at the arena, a week at a time, saved all at once."""
    if not policy.can_record_arena_attendance(actor):
        raise PermissionDenied
    arena = queries.training_arena_get(actor=actor, arena_id=arena_id)
    monday = _monday(request.POST.get("week") or request.GET.get("week"))
    days = services.week_days(monday)
    placements = queries.arena_week_placements(actor=actor, arena=arena, monday=monday)
    if request.method == "GET":
        audit_list(
            actor=actor,
            object_type="work.attendance",
            summary=_("Lista: närvaro på %(arena)s vecka %(week)s")
            % {"arena": arena.name, "week": monday.isocalendar().week},
        )
    existing = queries.attendance_by_day(placements, days[0], days[-1])
    errors: list[str] = []
    values: dict[str, str] = {}
    if request.method == "POST":
        entries = []
        for placement in placements:
            for day in days:
                name = f"p{placement.pk}_{day.isoformat()}"
                status = request.POST.get(name, "")
                if status and status not in AttendanceStatus.values:
                    status = "invalid"
                values[name] = status
                old = existing.get((placement.pk, day))
                if status or old is not None:
                    entries.append((placement, day, status))
        try:
            saved = services.attendance_record_week(actor=actor, arena=arena, entries=entries)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(
                request, _("Närvaron för veckan är sparad (%(n)s dagar).") % {"n": saved}
            )
            return redirect(f"{request.path}?week={monday.isoformat()}")
    rows = []
    for placement in placements:
        cells = []
        for day in days:
            name = f"p{placement.pk}_{day.isoformat()}"
            inside = placement.starts_on <= day and (
                placement.ends_on is None or day <= placement.ends_on
            )
            old = existing.get((placement.pk, day))
            value = values.get(name, old.status if old else "")
            cells.append({"name": name, "day": day, "inside": inside, "value": value})
        rows.append({"placement": placement, "cells": cells})
    return render(
        request,
        "work/arena_week.html",
        {
            "arena": arena,
            "monday": monday,
            "days": days,
            "rows": rows,
            "errors": errors,
            "statuses": AttendanceStatus.choices,
            "previous": monday - timedelta(days=7),
            "following": monday + timedelta(days=7),
        },
    )


def placement_panel(access: CaseAccess) -> Reader[Panel | None]:
    """The case page's placements section: a reader of one round (lotsa.core.batch)."""
    actor, case = access.actor, access.case

    if not policy.can_view_employers(actor):
        return None
    rows = yield {
        "placements": compiled(
            Placement,
            case_page_key(actor, "work.placements"),
            lambda case_id: queries.case_placements_read(actor=actor, case=case_stand_in(case_id)),
            case.pk,
        )
    }
    placements: list[Placement] = rows["placements"]
    can_add = case_policy.can_work_on_case(actor, case)
    if not placements and not can_add:
        return None
    return Panel(
        heading=_("Praktik och anställningar"),
        anchor="placements",
        actions=[PanelAction(_("Ny placering"), reverse("work:placement_create", args=[case.pk]))]
        if can_add
        else [],
        template="work/_case_panel.html",
        context={
            "case": case,
            "placements": placements,
            "can_add": can_add,
            "today": timezone.localdate(),
        },
    )
