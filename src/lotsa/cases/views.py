"""Case pages: the case lists, the case page with its plan, follow-ups and closure, the plan's
history, the participant's own plan, and the administrators' activity catalogue.

Every action is a plain form posting to its own URL and redirecting back, so everything works
without JavaScript. A case the actor may not see answers 404 on every URL.
"""

from collections.abc import Callable
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa.audit.services import audit_list
from lotsa.cases import policy, queries, services
from lotsa.cases.checks import require_work_on_case
from lotsa.cases.columns import case_list_columns
from lotsa.cases.constants import ActivityStatus, CaseListSort, ExtentUnit
from lotsa.cases.forms import (
    ActivityForm,
    ActivityTypeForm,
    CaseListFilterForm,
    CloseForm,
    EndDateForm,
    FollowUpForm,
    GoalForm,
    PauseForm,
    RemoveForm,
    ReopenForm,
)
from lotsa.cases.journal import policy as journal_policy
from lotsa.cases.journal.forms import AmendmentForm, NoteForm
from lotsa.cases.models import ActivityType, Case
from lotsa.cases.panels import panels_for
from lotsa.cases.plan import format_number
from lotsa.core.concurrency import EditConflictError
from lotsa.core.editing import versioned_save
from lotsa.core.forms import add_service_errors
from lotsa.core.text import parse_ascii_int
from lotsa.organisations.decorators import staff_view
from lotsa.organisations.models import User

LIST_PAGE_SIZE = 100


def _to_case(case: Case, anchor: str = "") -> HttpResponse:
    url = reverse("cases:detail", args=[case.pk])
    return redirect(f"{url}#{anchor}" if anchor else url)


def _refused(request: HttpRequest, case: Case, error: ValidationError) -> HttpResponse:
    """A closed case: say so on the case page instead of showing a form that cannot be saved."""
    messages.error(request, error.messages[0])
    return _to_case(case)


# Case lists ---------------------------------------------------------------------------------


def _list_context(request: HttpRequest, form: CaseListFilterForm, cases: Any) -> dict[str, Any]:
    page = Paginator(cases, LIST_PAGE_SIZE).get_page(request.GET.get("sida"))
    params = request.GET.copy()
    params.pop("sida", None)
    current_sort = form.value("sort") or CaseListSort.NEXT_FOLLOW_UP
    sort_links = {}
    for key in CaseListSort.values:
        linked = params.copy()
        linked["sort"] = key
        sort_links[key] = "?" + linked.urlencode()
    columns = list(case_list_columns)
    return {
        "form": form,
        "page": page,
        "cases": page.object_list,
        "columns": columns,
        "query": params.urlencode(),
        "sort_links": sort_links,
        "current_sort": current_sort,
        "today": timezone.localdate(),
    }


@staff_view
def my_cases(request: HttpRequest, actor: User) -> HttpResponse:
    """ "Mina ärenden", the coach's start page."""
    if not policy.can_list_own_cases(actor):
        raise PermissionDenied
    form = CaseListFilterForm(request.GET or None)
    cases = queries.my_cases(
        actor,
        status=cast(str, form.value("status")) or None,
        overdue_only=bool(form.value("overdue")),
        sort=cast(str, form.value("sort")) or CaseListSort.NEXT_FOLLOW_UP,
    )
    audit_list(actor=actor, object_type="cases.case", summary=_("Lista: Mina ärenden"))
    return render(request, "cases/my_cases.html", _list_context(request, form, cases))


@staff_view
def unit_cases(request: HttpRequest, actor: User) -> HttpResponse:
    """The manager's overview of the unit's cases, filterable by coach."""
    if not policy.can_list_unit_cases(actor):
        raise PermissionDenied
    form = CaseListFilterForm(request.GET or None, coaches=queries.unit_coaches(actor))
    coach = form.value("coach")
    cases = queries.unit_cases(
        actor,
        coach_id=getattr(coach, "pk", None),
        status=cast(str, form.value("status")) or None,
        overdue_only=bool(form.value("overdue")),
        sort=cast(str, form.value("sort")) or CaseListSort.NEXT_FOLLOW_UP,
    )
    audit_list(actor=actor, object_type="cases.case", summary=_("Lista: Enhetens ärenden"))
    return render(request, "cases/unit_cases.html", _list_context(request, form, cases))


# The case page ------------------------------------------------------------------------------


@staff_view
def case_detail(request: HttpRequest, actor: User, case_id: int) -> HttpResponse:
    case = queries.case_get(actor, case_id)
    data = queries.case_page_data(actor, case)
    access = policy.case_access(actor, case)
    permissions = access.permissions
    for note in data.notes:
        note.can_edit = journal_policy.can_edit_note(
            actor, note, case_writable=permissions.can_work
        )
        note.can_amend = journal_policy.can_amend_note(
            actor, note, case_writable=permissions.can_work
        )
        if note.can_amend:
            note.amend_form = AmendmentForm(prefix=f"amend-{note.pk}")
    return render(
        request,
        "cases/detail.html",
        {
            "case": case,
            "data": data,
            "permissions": permissions,
            "note_form": NoteForm(prefix="note"),
            "follow_up_form": FollowUpForm(prefix="follow_up"),
            "close_form": CloseForm(prefix="close", case=case),
            "closing_activities": services.activities_open_at_closure(case, data.activities)
            if permissions.can_close
            else [],
            "reopen_form": ReopenForm(prefix="reopen"),
            "today": timezone.localdate(),
            "panels": panels_for(access),
        },
    )


@staff_view
def plan_history(request: HttpRequest, actor: User, case_id: int) -> HttpResponse:
    case = queries.case_get(actor, case_id)
    return render(
        request,
        "cases/plan_history.html",
        {"case": case, "entries": queries.plan_history(actor, case)},
    )


@staff_view
def participant_plan(request: HttpRequest, actor: User, case_id: int) -> HttpResponse:
    """ "Din plan": the plan in plain Swedish, to read together and print."""
    case = queries.case_get(actor, case_id)
    return render(
        request,
        "cases/participant_plan.html",
        {"case": case, "plan": queries.participant_plan(actor, case)},
    )


# Plan: goals and activities -----------------------------------------------------------------


@staff_view
def _plan_form_page(
    request: HttpRequest,
    actor: User,
    *,
    case_id: int,
    make_form: Callable[[Any, Case], forms.Form],
    save: Callable[[User, Case, dict[str, Any]], object],
    template: str,
    title: str,
    success: str,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """GET shows a plan form; POST saves through a service, or shows the conflict beside it.

    On a conflict the form keeps the person's own input, carries the current plan version, and
    the page shows the plan as the other person left it.
    """
    case = queries.case_get(actor, case_id, log=request.method == "GET")
    try:
        require_work_on_case(actor, case)
    except ValidationError as error:
        return _refused(request, case, error)
    edit = versioned_save(
        request,
        make_form(request.POST if request.method == "POST" else None, case),
        save=lambda form: save(actor, case, form.cleaned_data),
        # on a conflict the current row is the case: the form takes its plan version
        rebuild=lambda data, current: make_form(data, current),
        version_field="expected_plan_version",
        version_of=lambda current: current.plan_version,
    )
    if edit.saved:
        messages.success(request, success)
        return _to_case(case, "plan")
    conflict = None
    if edit.conflict is not None:
        conflict = queries.plan_get(actor, cast(Case, edit.conflict))
    context = {"case": case, "form": edit.form, "conflict": conflict, "title": title}
    return render(request, template, {**context, **(extra or {})})


def _fields(cleaned: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    return {name: cleaned[name] for name in names if name in cleaned}


@login_required
def goal_add(request: HttpRequest, case_id: int) -> HttpResponse:
    def make_form(data: Any, case: Case) -> forms.Form:
        return GoalForm(data, initial={"expected_plan_version": case.plan_version})

    def save(actor: User, case: Case, cleaned: dict[str, Any]) -> object:
        return services.goal_add(
            actor=actor,
            case=case,
            expected_plan_version=cleaned["expected_plan_version"],
            kind=cleaned["kind"],
            description=cleaned["description"],
            target_date=cleaned["target_date"],
        )

    return _plan_form_page(
        request,
        case_id=case_id,
        make_form=make_form,
        save=save,
        template="cases/plan_form.html",
        title=_("Nytt mål"),
        success=_("Målet är sparat i planen."),
    )


@staff_view
def goal_edit(request: HttpRequest, actor: User, case_id: int, goal_id: int) -> HttpResponse:
    goal = queries.goal_get(
        actor, queries.case_get(actor, case_id, log=request.method == "GET"), goal_id
    )

    def make_form(data: Any, case: Case) -> forms.Form:
        initial = {name: getattr(goal, name) for name in services.GOAL_FIELDS}
        initial["expected_plan_version"] = case.plan_version
        return GoalForm(data, editing=True, initial=initial)

    def save(actor: User, case: Case, cleaned: dict[str, Any]) -> object:
        return services.goal_update(
            actor=actor,
            goal=goal,
            expected_plan_version=cleaned["expected_plan_version"],
            **_fields(cleaned, services.GOAL_FIELDS),
        )

    return _plan_form_page(
        request,
        case_id=case_id,
        make_form=make_form,
        save=save,
        template="cases/plan_form.html",
        title=_("Ändra mål"),
        success=_("Målet är sparat i planen."),
    )


@staff_view
def goal_remove(request: HttpRequest, actor: User, case_id: int, goal_id: int) -> HttpResponse:
    goal = queries.goal_get(
        actor, queries.case_get(actor, case_id, log=request.method == "GET"), goal_id
    )

    def make_form(data: Any, case: Case) -> forms.Form:
        return RemoveForm(data, initial={"expected_plan_version": case.plan_version})

    def save(actor: User, case: Case, cleaned: dict[str, Any]) -> object:
        services.goal_remove(
            actor=actor, goal=goal, expected_plan_version=cleaned["expected_plan_version"]
        )
        return None

    return _plan_form_page(
        request,
        case_id=case_id,
        make_form=make_form,
        save=save,
        template="cases/plan_remove.html",
        title=_("Ta bort mål"),
        success=_("Målet är borttaget ur planen."),
        extra={"item": goal.description},
    )


def _activity_types(case: Case, current: int | None = None) -> Any:
    return queries.activity_types_for_case(case, including=current)


@login_required
def activity_add(request: HttpRequest, case_id: int) -> HttpResponse:
    def make_form(data: Any, case: Case) -> forms.Form:
        return ActivityForm(
            data,
            activity_types=_activity_types(case),
            initial={
                "expected_plan_version": case.plan_version,
                "starts_on": timezone.localdate(),
                "extent_unit": ExtentUnit.HOURS_PER_WEEK,
                "status": ActivityStatus.PLANNED,
            },
        )

    def save(actor: User, case: Case, cleaned: dict[str, Any]) -> object:
        return services.activity_add(
            actor=actor,
            case=case,
            expected_plan_version=cleaned["expected_plan_version"],
            **_fields(cleaned, services.ACTIVITY_FIELDS),
        )

    return _plan_form_page(
        request,
        case_id=case_id,
        make_form=make_form,
        save=save,
        template="cases/plan_form.html",
        title=_("Ny aktivitet"),
        success=_("Aktiviteten är sparad i planen."),
    )


def _end_date_correction(
    request: HttpRequest, actor: User, case: Case, activity: Any
) -> HttpResponse:
    """A closed case's activity: only its end date may be corrected (between start and
    closure); written to the plan's history and the audit log."""
    initial = {"ends_on": activity.ends_on, "version": case.plan_version}
    edit = versioned_save(
        request,
        EndDateForm(request.POST or None, initial=initial),
        save=lambda form: services.activity_end_correct(
            actor=actor,
            activity=activity,
            expected_plan_version=form.cleaned_data["version"],
            ends_on=form.cleaned_data["ends_on"],
        ),
        rebuild=lambda data, _current: EndDateForm(data, initial=initial),
        version_of=lambda current: current.plan_version,
    )
    if edit.saved:
        messages.success(request, _("Slutdatumet är rättat."))
        return _to_case(case, "plan")
    form = edit.form
    return render(
        request,
        "cases/case_form.html",
        {
            "case": case,
            "form": form,
            "title": _("Rätta slutdatum: %(title)s") % {"title": activity.activity_type.name},
            "submit": _("Spara slutdatum"),
            "intro": _(
                "Ärendet avslutades %(on)s. Bara slutdatumet kan rättas, till ett datum mellan "
                "aktivitetens start (%(start)s) och avslutet."
            )
            % {"on": case.closed_on.isoformat(), "start": activity.starts_on.isoformat()},
        },
    )


@staff_view
def activity_edit(
    request: HttpRequest, actor: User, case_id: int, activity_id: int
) -> HttpResponse:
    case = queries.case_get(actor, case_id, log=request.method == "GET")
    activity = queries.activity_get(actor, case, activity_id)
    if policy.can_correct_end_dates(actor, case):
        return _end_date_correction(request, actor, case, activity)

    def make_form(data: Any, case: Case) -> forms.Form:
        initial = {name: getattr(activity, name) for name in services.ACTIVITY_FIELDS}
        if activity.extent is not None:
            initial["extent"] = format_number(activity.extent)
        initial["expected_plan_version"] = case.plan_version
        return ActivityForm(
            data,
            activity_types=_activity_types(case, activity.activity_type_id),
            initial=initial,
        )

    def save(actor: User, case: Case, cleaned: dict[str, Any]) -> object:
        return services.activity_update(
            actor=actor,
            activity=activity,
            expected_plan_version=cleaned["expected_plan_version"],
            **_fields(cleaned, services.ACTIVITY_FIELDS),
        )

    return _plan_form_page(
        request,
        case_id=case_id,
        make_form=make_form,
        save=save,
        template="cases/plan_form.html",
        title=_("Ändra aktivitet"),
        success=_("Aktiviteten är sparad i planen."),
    )


@staff_view
def activity_remove(
    request: HttpRequest, actor: User, case_id: int, activity_id: int
) -> HttpResponse:
    activity = queries.activity_get(
        actor, queries.case_get(actor, case_id, log=request.method == "GET"), activity_id
    )

    def make_form(data: Any, case: Case) -> forms.Form:
        return RemoveForm(data, initial={"expected_plan_version": case.plan_version})

    def save(actor: User, case: Case, cleaned: dict[str, Any]) -> object:
        services.activity_remove(
            actor=actor, activity=activity, expected_plan_version=cleaned["expected_plan_version"]
        )
        return None

    return _plan_form_page(
        request,
        case_id=case_id,
        make_form=make_form,
        save=save,
        template="cases/plan_remove.html",
        title=_("Ta bort aktivitet"),
        success=_("Aktiviteten är borttagen ur planen."),
        extra={"item": activity.activity_type.name},
    )


# Follow-ups, status and closure -------------------------------------------------------------


def _case_form_page(
    request: HttpRequest,
    case: Case,
    *,
    form: forms.Form,
    save: Callable[[dict[str, Any]], object],
    title: str,
    submit: str,
    success: str,
    anchor: str,
    intro: str = "",
    confirm: str = "",
) -> HttpResponse:
    """A small form about one case on its own page: the same form the case page shows inline."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, success)
            return _to_case(case, anchor)
    return render(
        request,
        "cases/case_form.html",
        {
            "case": case,
            "form": form,
            "title": title,
            "submit": submit,
            "intro": intro,
            "confirm": confirm,
        },
    )


@staff_view
def follow_up_record(
    request: HttpRequest, actor: User, case_id: int, follow_up_id: int
) -> HttpResponse:
    case = queries.case_get(actor, case_id, log=request.method == "GET")
    follow_up = queries.follow_up_get(actor, case, follow_up_id)
    try:
        require_work_on_case(actor, case)
    except ValidationError as error:
        return _refused(request, case, error)
    if follow_up.done_on is not None:
        messages.info(request, _("Uppföljningen är redan registrerad."))
        return _to_case(case, "follow-ups")
    form = FollowUpForm(request.POST or None, prefix="follow_up")

    def save(cleaned: dict[str, Any]) -> object:
        return services.follow_up_record(
            actor=actor,
            follow_up=follow_up,
            held_on=cleaned["held_on"],
            text=cleaned["text"],
            plan_comment=cleaned["plan_comment"],
        )

    return _case_form_page(
        request,
        case,
        form=form,
        save=save,
        title=_("Registrera uppföljning"),
        submit=_("Registrera uppföljning"),
        success=_("Uppföljningen är registrerad och nästa uppföljning är planerad."),
        anchor="follow-ups",
        intro=_("Planerad uppföljning %(date)s.") % {"date": follow_up.due_on.isoformat()},
    )


@staff_view
def case_close(request: HttpRequest, actor: User, case_id: int) -> HttpResponse:
    """The closing page: reason, date, and what becomes of each activity still running.

    Every activity listed ends on the closure date unless it is handed over; a page left open
    while someone else changed the case shows the conflict and the case as it is now.
    """
    case = queries.case_get(actor, case_id, log=request.method == "GET")
    try:
        require_work_on_case(actor, case)
    except ValidationError as error:
        return _refused(request, case, error)
    if not policy.can_close_case(actor, case):
        raise PermissionDenied
    activities = services.activities_open_at_closure(case)
    form = CloseForm(request.POST or None, prefix="close", case=case, activities=activities)
    if request.method == "POST" and form.is_valid():
        cleaned = form.cleaned_data
        try:
            services.case_close(
                actor=actor,
                case=case,
                reason=cleaned["reason"],
                closed_on=cleaned["closed_on"],
                note=cleaned["note"],
                handovers=form.handovers(),
                expected_version=cleaned["expected_version"],
                expected_plan_version=cleaned["expected_plan_version"],
            )
        except EditConflictError as error:
            current = cast(Case, error.current)
            if current.is_closed:
                return _refused(request, current, error)
            data = request.POST.copy()
            data["close-expected_version"] = str(current.version)
            data["close-expected_plan_version"] = str(current.plan_version)
            activities = services.activities_open_at_closure(current)
            form = CloseForm(data, prefix="close", case=current, activities=activities)
            form.is_valid()
            form.add_error(None, error.messages[0])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Ärendet är avslutat."))
            return _to_case(case, "status")
    return render(
        request,
        "cases/close.html",
        {"case": case, "form": form, "activities": activities},
    )


@staff_view
def case_reopen(request: HttpRequest, actor: User, case_id: int) -> HttpResponse:
    case = queries.case_get(actor, case_id, log=request.method == "GET")
    if not policy.can_reopen_case(actor, case):
        raise PermissionDenied
    form = ReopenForm(request.POST or None, prefix="reopen")

    def save(cleaned: dict[str, Any]) -> object:
        return services.case_reopen(actor=actor, case=case, reason=cleaned["reason"])

    return _case_form_page(
        request,
        case,
        form=form,
        save=save,
        title=_("Öppna ärendet igen"),
        submit=_("Öppna ärendet igen"),
        success=_("Ärendet är öppnat igen och en uppföljning är planerad."),
        anchor="status",
    )


@staff_view
def case_pause(request: HttpRequest, actor: User, case_id: int) -> HttpResponse:
    case = queries.case_get(actor, case_id, log=request.method == "GET")
    try:
        require_work_on_case(actor, case)
    except ValidationError as error:
        return _refused(request, case, error)
    form = PauseForm(request.POST or None, prefix="pause")

    def save(cleaned: dict[str, Any]) -> object:
        return services.case_pause(actor=actor, case=case, reason=cleaned["reason"])

    return _case_form_page(
        request,
        case,
        form=form,
        save=save,
        title=_("Sätt ärendet som vilande"),
        submit=_("Sätt som vilande"),
        success=_("Ärendet är vilande."),
        anchor="status",
    )


@staff_view
def case_resume(request: HttpRequest, actor: User, case_id: int) -> HttpResponse:
    case = queries.case_get(actor, case_id, log=request.method == "GET")
    try:
        require_work_on_case(actor, case)
    except ValidationError as error:
        return _refused(request, case, error)
    form = forms.Form(request.POST if request.method == "POST" else None)

    def save(cleaned: dict[str, Any]) -> object:
        return services.case_resume(actor=actor, case=case)

    return _case_form_page(
        request,
        case,
        form=form,
        save=save,
        title=_("Aktivera ärendet igen"),
        submit=_("Aktivera"),
        success=_("Ärendet är aktivt igen."),
        anchor="status",
    )


# The activity catalogue (administrators) ----------------------------------------------------


def _administrator(actor: User) -> User:
    if not policy.can_manage_catalogue(actor):
        raise PermissionDenied
    return actor


@staff_view
def catalogue(request: HttpRequest, actor: User) -> HttpResponse:
    _administrator(actor)
    if request.method == "POST":
        item_id = parse_ascii_int(request.POST.get("activity_type"))
        if item_id is None:
            raise Http404
        item = queries.activity_type_get(actor, item_id)
        try:
            services.activity_type_update(
                actor=actor,
                activity_type=item,
                expected_version=parse_ascii_int(request.POST.get("version")) or 0,
                is_active=request.POST.get("is_active") == "1",
            )
        except EditConflictError as conflict:
            messages.error(request, conflict.messages[0])
            return redirect("cases:catalogue")
        messages.success(
            request,
            (_("%(name)s kan väljas i planer.") if item.is_active else _("%(name)s är inaktiv."))
            % {"name": item.name},
        )
        return redirect("cases:catalogue")
    return render(
        request, "cases/catalogue.html", {"activity_types": queries.activity_catalogue(actor)}
    )


@staff_view
def catalogue_edit(
    request: HttpRequest, actor: User, activity_type_id: int | None = None
) -> HttpResponse:
    _administrator(actor)
    item = queries.activity_type_get(actor, activity_type_id) if activity_type_id else None
    initial: dict[str, Any] = {"is_active": True}
    if item is not None:
        initial = {name: getattr(item, name) for name in services.CATALOGUE_FIELDS}
        initial["version"] = item.version

    def form_for(data: Any) -> ActivityTypeForm:
        form = ActivityTypeForm(data, initial=initial)
        if item is None:
            del form.fields["is_active"]
        return form

    def save(form: ActivityTypeForm) -> ActivityType:
        data = dict(form.cleaned_data)
        version = data.pop("version") or 0
        if item is None:
            return services.activity_type_create(actor=actor, **data)
        return services.activity_type_update(
            actor=actor, activity_type=item, expected_version=version, **data
        )

    edit = versioned_save(
        request,
        form_for(request.POST or None),
        save=save,
        rebuild=lambda data, _current: form_for(data),
    )
    if edit.saved:
        messages.success(request, _("Aktiviteten är sparad i katalogen."))
        return redirect("cases:catalogue")
    form = edit.form
    title = _("Ändra aktivitet i katalogen") if item else _("Ny aktivitet i katalogen")
    return render(
        request,
        "cases/catalogue_form.html",
        {"form": form, "title": title, "conflict": edit.conflict},
    )
