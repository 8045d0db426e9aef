"""Case pages: the case lists, the case page with its plan, follow-ups and closure, the plan's
history, the participant's own plan, and the administrators' activity catalogue.

Every action is a plain form posting to its own URL and redirecting back, so everything works
without JavaScript. A case the actor may not see answers 404 on every URL.
"""

import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from threading import Lock
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from lotsa.audit.services import audit_list
from lotsa.cases import policy, queries, services
from lotsa.cases.caseload import caseload_filters
from lotsa.cases.checks import require_work_on_case
from lotsa.cases.columns import CaseListColumn, case_list_columns
from lotsa.cases.constants import ActivityStatus, CaseListSort, ExtentUnit
from lotsa.cases.forms import (
    ActivityForm,
    ActivityTypeForm,
    CaseListFilterForm,
    CloseForm,
    EndDateForm,
    FollowUpForm,
    GoalForm,
    OwnActivityDecisionForm,
    PauseForm,
    ReassignForm,
    RemoveForm,
    ReopenForm,
    SavedFilterForm,
    StepCommentForm,
)
from lotsa.cases.journal import policy as journal_policy
from lotsa.cases.journal.forms import AmendmentForm, NoteForm
from lotsa.cases.models import ActivityType, Case
from lotsa.cases.panels import panel_readers, shown
from lotsa.cases.plan import format_number
from lotsa.cases.templatetags.case_tags import support_time
from lotsa.core.batch import read_rounds
from lotsa.core.concurrency import EditConflictError
from lotsa.core.editing import versioned_save
from lotsa.core.forms import add_service_errors
from lotsa.core.text import parse_ascii_int
from lotsa.organisations.decorators import staff_view
from lotsa.organisations.models import User
from lotsa.shell.templatetags.form_tags import form_field

LIST_PAGE_SIZE = 100
# Past this page number the list takes the paginator's count first (an OFFSET that large is
# past any list's end, and must not overflow the database's integer).
MAX_FAST_PAGE = 10_000


def _to_case(case: Case, anchor: str = "") -> HttpResponse:
    url = reverse("cases:detail", args=[case.pk])
    return redirect(f"{url}#{anchor}" if anchor else url)


def _refused(request: HttpRequest, case: Case, error: ValidationError) -> HttpResponse:
    """A closed case: say so on the case page instead of showing a form that cannot be saved."""
    messages.error(request, error.messages[0])
    return _to_case(case)


# Case lists ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseRow:
    """One row of a case list, with what its cells show already worked out: the table renders
    plain values instead of a `{% url %}`, filters and a column template per row."""

    case: Case
    url: str
    name: str
    status: str
    support_time: str
    next_follow_up: str
    last_contact: str
    cells: list[SafeString]


def _case_rows(cases: list[Case], columns: list[CaseListColumn], today: date) -> list[CaseRow]:
    # reverse() once: every row's link differs only in the case's id, the path's last part.
    prefix = reverse("cases:detail", args=[0]).removesuffix("0/")
    return [
        CaseRow(
            case=case,
            url=f"{prefix}{case.pk}/",
            name=f"{case.participant.last_name}, {case.participant.first_name}",
            status=case.get_status_display(),
            support_time=support_time(case),
            next_follow_up=case.next_follow_up_on.isoformat() if case.next_follow_up_on else "",
            last_contact=case.last_contact_on.isoformat() if case.last_contact_on else "–",
            cells=[column.cell(case, today) for column in columns],
        )
        for case in cases
    ]


# One row of a case list's table (_case_table.html has the headings and the empty row).
# Rendered here with format_html, which escapes every value: the template loop took about as
# long as the rest of the page's templates (docs/performance.md, "the lists near the floor").
_CASE_ROW = (
    "\n  <tr{overdue_class}>\n"
    "    {choose}\n"
    '    <td><a href="{url}">{name}</a>{protected}</td>\n'
    "    {coach}\n"
    '    <td><span class="badge badge--{status}">{status_text}</span></td>\n'
    "    <td>{support_time}</td>\n"
    "    <td>{next_follow_up}</td>\n"
    "    <td>{last_contact}</td>\n"
    '    <td class="num">{open_activities}</td>\n'
    "    {cells}\n"
    "  </tr>\n  "
)
_CHOOSE_CELL = (
    '<td><input type="checkbox" name="reassign-cases" value="{pk}" form="{form}"'
    ' id="choose-{pk}"{checked}{disabled}><label for="choose-{pk}" class="visually-hidden">'
    "{label}</label></td>"
)


def _case_rows_html(
    rows: list[CaseRow],
    *,
    show_coach: bool = False,
    choose_form: str = "",
    chosen_cases: frozenset[str] | set[str] = frozenset(),
) -> SafeString:
    """The rows of a case list's table; `show_coach` adds the coach's column and
    `choose_form` a check box per row for that form (the unit's list)."""
    protected = format_html(' <span class="badge badge--protected">{}</span>', _("Skyddad"))
    late = format_html(' <span class="badge badge--overdue">{}</span>', _("Försenad"))
    choose_label = _("Välj %(name)s")
    parts = []
    for row in rows:
        case = row.case
        overdue = bool(getattr(case, "is_overdue", False))
        choose = ""
        if choose_form:
            participant = case.participant
            choose = format_html(
                _CHOOSE_CELL,
                pk=case.pk,
                form=choose_form,
                checked=" checked" if str(case.pk) in chosen_cases else "",
                disabled=" disabled" if case.is_closed else "",
                label=choose_label % {"name": f"{participant.first_name} {participant.last_name}"},
            )
        parts.append(
            format_html(
                _CASE_ROW,
                overdue_class=mark_safe(' class="is-overdue"') if overdue else "",  # noqa: S308
                choose=choose,
                url=row.url,
                name=row.name,
                protected=protected if case.participant.is_protected else "",
                coach=format_html("<td>{}</td>", case.coach) if show_coach else "",
                status=case.status,
                status_text=row.status,
                support_time=row.support_time,
                next_follow_up=format_html("{}{}", row.next_follow_up, late if overdue else "")
                if row.next_follow_up
                else "–",
                last_contact=row.last_contact,
                open_activities=getattr(case, "open_activity_count", ""),
                cells=SafeString("".join(format_html("<td>{}</td>", cell) for cell in row.cells)),
            )
        )
    return SafeString("  " + "".join(parts) + "\n")


def _case_page(
    read: Callable[[int, int], list[Case]],
    cases: Callable[[], "QuerySet[Case]"],
    requested: str | None,
) -> Page:
    """The requested page of the list, read now by `read(start, stop)` (rows with the list's
    length from the same statement, a window count, instead of a COUNT query of its own). A
    page number that is not a plain positive number, or lies past the end, takes Django's own
    way over the queryset `cases()` (one query more)."""
    number = 1 if requested is None else parse_ascii_int(requested)
    if number is None or not 1 <= number <= MAX_FAST_PAGE:
        return Paginator(cases(), LIST_PAGE_SIZE).get_page(requested)
    start = (number - 1) * LIST_PAGE_SIZE
    rows = read(start, start + LIST_PAGE_SIZE)
    if not rows and number > 1:
        return Paginator(cases(), LIST_PAGE_SIZE).get_page(requested)
    paginator = Paginator(rows, LIST_PAGE_SIZE)
    paginator.count = rows[0].list_length if rows else 0  # type: ignore[attr-defined]
    return Page(rows, number, paginator)


def _list_context(
    request: HttpRequest,
    form: CaseListFilterForm,
    read: Callable[[int, int], list[Case]],
    cases: Callable[[], "QuerySet[Case]"],
) -> dict[str, Any]:
    page = _case_page(read, cases, request.GET.get("sida"))
    params = request.GET.copy()
    params.pop("sida", None)
    current_sort = form.value("sort") or CaseListSort.NEXT_FOLLOW_UP
    sort_links = {}
    for key in CaseListSort.values:
        linked = params.copy()
        linked["sort"] = key
        sort_links[key] = "?" + linked.urlencode()
    columns = list(case_list_columns)
    today = timezone.localdate()
    return {
        "form": form,
        "page": page,
        "cases": page.object_list,
        "rows": _case_rows(list(page.object_list), columns, today),
        "columns": columns,
        "query": params.urlencode(),
        "sort_links": sort_links,
        "current_sort": current_sort,
        "today": today,
    }


def _caseload_context(
    request: HttpRequest,
    actor: User,
    form: CaseListFilterForm,
    choices: list[Any],
    *,
    list_name: str,
    save_form: SavedFilterForm | None = None,
) -> dict[str, Any]:
    """The filter links with their counts, and the actor's saved views of this list."""
    params = request.GET.copy()
    params.pop("sida", None)
    params.pop("filter", None)
    chosen = form.value("filter") or ""
    links = []
    for choice in choices:
        linked = params.copy()
        linked["filter"] = choice.key
        links.append(
            {"choice": choice, "url": "?" + linked.urlencode(), "current": choice.key == chosen}
        )
    current = request.GET.copy()
    current.pop("sida", None)
    return {
        "caseload": links,
        "all_url": "?" + params.urlencode(),
        "chosen_filter": chosen,
        "list_name": list_name,
        "saved_filters": list(queries.saved_case_filters(actor, list_name)),
        "save_form": save_form or SavedFilterForm(initial={"query": current.urlencode()}),
    }


# The filter form above "Mina ärenden", rendered once per query string, language and set of
# caseload filters: its HTML depends on nothing else, and its widgets cost more to render than
# the rest of the page's form work (docs/performance.md, "the lists near the floor").
_FILTER_FORMS: "OrderedDict[tuple[Any, ...], SafeString]" = OrderedDict()
_FILTER_FORMS_LOCK = Lock()
_FILTER_FORMS_KEPT = 256
_FILTER_QUERY_MAX = 500  # longer query strings are rendered each time, not kept


def _filter_form_html(request: HttpRequest, form: CaseListFilterForm) -> SafeString:
    query = request.GET.urlencode()
    key = (get_language(), query, caseload_filters.version)
    with _FILTER_FORMS_LOCK:
        html = _FILTER_FORMS.get(key)
    if html is None:
        html = SafeString(
            render_to_string(
                "cases/_case_filters.html",
                {"form": form, "chosen_filter": form.value("filter") or ""},
            )
        )
        # A form with per-actor choices (the unit's coaches) is never kept: its HTML would
        # depend on who asks, not only on the query string.
        if len(query) <= _FILTER_QUERY_MAX and "coach" not in form.fields:
            with _FILTER_FORMS_LOCK:
                _FILTER_FORMS[key] = html
                while len(_FILTER_FORMS) > _FILTER_FORMS_KEPT:
                    _FILTER_FORMS.popitem(last=False)
    return html


def _choice_kwargs(choice: queries.CaseListChoice) -> dict[str, Any]:
    return {
        "status": choice.status,
        "overdue_only": choice.overdue_only,
        "sort": choice.sort,
        "chosen": choice.chosen,
        "no_contact_days": choice.no_contact_days,
    }


def _my_cases_page(
    request: HttpRequest, actor: User, *, save_form: SavedFilterForm | None = None
) -> HttpResponse:
    if not policy.can_list_own_cases(actor):
        raise PermissionDenied
    form = CaseListFilterForm(request.GET or None)
    status = cast(str, form.value("status")) or None
    choice = queries.CaseListChoice(
        status=status,
        overdue_only=bool(form.value("overdue")),
        sort=cast(str, form.value("sort")) or CaseListSort.NEXT_FOLLOW_UP,
        chosen=cast(str, form.value("filter")) or "",
        no_contact_days=form.no_contact_days,
    )
    context = _list_context(
        request,
        form,
        lambda start, stop: queries.case_list_slice(actor, "mine", choice, start, stop),
        lambda: queries.my_cases(actor, **_choice_kwargs(choice)),
    )
    counts = queries.my_caseload_counts(
        actor, status=status, no_contact_days=form.no_contact_days, rows=context["cases"]
    )
    context.update(
        _caseload_context(request, actor, form, counts, list_name="my_cases", save_form=save_form)
    )
    context["filters_html"] = _filter_form_html(request, form)
    context["rows_html"] = _case_rows_html(context["rows"])
    audit_list(actor=actor, object_type="cases.case", summary=_("Lista: Mina ärenden"))
    return render(request, "cases/my_cases.html", context)


@staff_view
def my_cases(request: HttpRequest, actor: User) -> HttpResponse:
    """ "Mina ärenden", the coach's start page: what needs doing today, with counts."""
    return _my_cases_page(request, actor)


def _unit_cases_page(
    request: HttpRequest,
    actor: User,
    *,
    save_form: SavedFilterForm | None = None,
    reassign_form: ReassignForm | None = None,
) -> HttpResponse:
    if not policy.can_list_unit_cases(actor):
        raise PermissionDenied
    coaches = queries.unit_coaches(actor)
    form = CaseListFilterForm(request.GET or None, coaches=coaches)
    coach = form.value("coach")
    status = cast(str, form.value("status")) or None
    choice = queries.CaseListChoice(
        status=status,
        overdue_only=bool(form.value("overdue")),
        sort=cast(str, form.value("sort")) or CaseListSort.NEXT_FOLLOW_UP,
        chosen=cast(str, form.value("filter")) or "",
        no_contact_days=form.no_contact_days,
        coach_id=getattr(coach, "pk", None),
    )
    context = _list_context(
        request,
        form,
        lambda start, stop: queries.case_list_slice(actor, "unit", choice, start, stop),
        lambda: queries.unit_cases(actor, coach_id=choice.coach_id, **_choice_kwargs(choice)),
    )
    counts = queries.unit_caseload_counts(
        actor,
        coach_id=getattr(coach, "pk", None),
        status=status,
        no_contact_days=form.no_contact_days,
        rows=context["cases"],
    )
    context.update(
        _caseload_context(request, actor, form, counts, list_name="unit_cases", save_form=save_form)
    )
    if reassign_form is None:
        reassign_form = ReassignForm(
            prefix="reassign",
            cases=queries.cases_to_reassign(actor),
            coaches=coaches,
        )
    chosen_cases = reassign_form.data.getlist("reassign-cases") if reassign_form.is_bound else []
    context.update(
        {
            "reassign_form": reassign_form,
            "chosen_cases": {str(pk) for pk in chosen_cases},
            "back_query": request.GET.urlencode(),
        }
    )
    context["rows_html"] = _case_rows_html(
        context["rows"],
        show_coach=True,
        choose_form="reassign",
        chosen_cases=context["chosen_cases"],
    )
    audit_list(actor=actor, object_type="cases.case", summary=_("Lista: Enhetens ärenden"))
    return render(request, "cases/unit_cases.html", context)


@staff_view
def unit_cases(request: HttpRequest, actor: User) -> HttpResponse:
    """The manager's overview of the unit's cases: by coach, the same filters as Mina ärenden,
    and moving chosen cases to another coach."""
    return _unit_cases_page(request, actor)


@staff_view
def cases_reassign(request: HttpRequest, actor: User) -> HttpResponse:
    """POST: move the chosen cases to another coach with a hand-over note."""
    if request.method != "POST" or not policy.can_list_unit_cases(actor):
        raise PermissionDenied
    back = QueryDict(request.POST.get("back", ""))
    form = ReassignForm(
        request.POST,
        prefix="reassign",
        cases=queries.cases_to_reassign(actor),
        coaches=queries.unit_coaches(actor),
    )
    if form.is_valid():
        chosen = list(form.cleaned_data["cases"])
        try:
            services.cases_reassign(
                actor=actor,
                cases=chosen,
                coach=form.cleaned_data["coach"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d ärende flyttades till %(coach)s.",
                    "%(count)d ärenden flyttades till %(coach)s.",
                    len(chosen),
                )
                % {"count": len(chosen), "coach": form.cleaned_data["coach"]},
            )
            return redirect(reverse("cases:unit_cases") + "?" + back.urlencode())
    request.GET = back
    return _unit_cases_page(request, actor, reassign_form=form)


@staff_view
def saved_filter_save(request: HttpRequest, actor: User) -> HttpResponse:
    """POST: save the list's current view under a name."""
    if request.method != "POST":
        raise PermissionDenied
    list_name = request.POST.get("list", "")
    if list_name not in services.CASE_LISTS:
        raise Http404
    form = SavedFilterForm(request.POST)
    query = request.POST.get("query", "")
    if form.is_valid():
        try:
            saved = services.saved_case_filter_save(
                actor=actor, list_name=list_name, name=form.cleaned_data["name"], query=query
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Urvalet %(name)s är sparat.") % {"name": saved.name})
            return redirect(reverse(f"cases:{list_name}") + "?" + saved.query)
    request.GET = QueryDict(query)
    if list_name == "unit_cases":
        return _unit_cases_page(request, actor, save_form=form)
    return _my_cases_page(request, actor, save_form=form)


@staff_view
def saved_filter_delete(request: HttpRequest, actor: User, saved_id: int) -> HttpResponse:
    """POST: remove one of the actor's saved views."""
    if request.method != "POST":
        raise PermissionDenied
    saved = queries.saved_case_filter_get(actor, saved_id)
    services.saved_case_filter_delete(actor=actor, saved=saved)
    messages.success(request, _("Urvalet %(name)s är borttaget.") % {"name": saved.name})
    return redirect(f"cases:{saved.list_name}")


# The case page ------------------------------------------------------------------------------


@staff_view
def case_detail(request: HttpRequest, actor: User, case_id: int) -> HttpResponse:
    case = queries.case_get(actor, case_id)
    journal_text = request.GET.get("sok", "")[:200]
    access = policy.case_access(actor, case)
    services.plan_read_record(actor=actor, case=case)  # the participant's read receipt
    # The page's lists and every panel's, in one statement per round (lotsa.core.batch).
    data, *panel_results = read_rounds(
        [
            queries.case_page_reads(
                actor,
                case,
                journal_text=journal_text,
                journal_page=parse_ascii_int(request.GET.get("journalsida", "")) or 1,
            ),
            *panel_readers(access),
        ]
    )
    panels = shown(panel_results)
    permissions = access.permissions
    amend_fields = _AMEND_MARK
    for note in data.notes:
        note.can_edit = journal_policy.can_edit_note(
            actor, note, case_writable=permissions.can_work
        )
        note.can_amend = journal_policy.can_amend_note(
            actor, note, case_writable=permissions.can_work
        )
        if note.can_amend:
            if amend_fields is _AMEND_MARK:
                amend_fields = _fields_html(
                    "amend", lambda: AmendmentForm(prefix=f"amend-{_AMEND_MARK}")
                )
            # The amendment form differs from note to note only in its prefix.
            note.amend_fields = SafeString(
                amend_fields.replace(f"amend-{_AMEND_MARK}-", f"amend-{int(note.pk)}-")
            )
    note_form = NoteForm(prefix="note")
    note_form.initial["seen_note"] = max((note.pk for note in data.notes), default=0)
    note_form.initial["draft_key"] = uuid.uuid4().hex
    close_form = CloseForm(prefix="close", case=case)
    return render(
        request,
        "cases/detail.html",
        {
            "case": case,
            "panel_actions": [action for panel in panels for action in panel.actions],
            "journal_query": _journal_query(journal_text),
            "data": data,
            "permissions": permissions,
            "note_form": note_form,
            "note_fields": _fields_html("note", lambda: NoteForm(prefix="note")),
            "follow_up_fields": _fields_html("follow_up", lambda: FollowUpForm(prefix="follow_up")),
            "close_form": close_form,
            "close_fields": _fields_html("close", lambda: CloseForm(prefix="close")),
            "closing_activities": services.activities_open_at_closure(case, data.activities)
            if permissions.can_close
            else [],
            "reopen_fields": _fields_html("reopen", lambda: ReopenForm(prefix="reopen")),
            "today": timezone.localdate(),
            "panels": panels,
        },
    )


# The visible fields of the case page's empty forms (the note, follow-up, closing, reopening
# and amendment forms), rendered once per language and day: unbound, their HTML depends on
# nothing else (the initial date is today), and their widgets' templates cost the page more
# than all its sections' rows (docs/performance.md, "the case page, fourth pass"). Hidden
# fields, which carry per-page values, are rendered with the form as before.
_AMEND_MARK = SafeString("__note__")
_FORM_FIELDS: "OrderedDict[tuple[str, str, date], SafeString]" = OrderedDict()
_FORM_FIELDS_LOCK = Lock()
_FORM_FIELDS_KEPT = 64


def _fields_html(name: str, make: Callable[[], forms.Form]) -> SafeString:
    key = (name, get_language(), timezone.localdate())
    with _FORM_FIELDS_LOCK:
        html = _FORM_FIELDS.get(key)
    if html is None:
        html = SafeString("".join(form_field(field) for field in make().visible_fields()))
        with _FORM_FIELDS_LOCK:
            _FORM_FIELDS[key] = html
            while len(_FORM_FIELDS) > _FORM_FIELDS_KEPT:
                _FORM_FIELDS.popitem(last=False)
    return html


def _journal_query(text: str) -> str:
    """The journal search as an address part, for the journal's page links."""
    params = QueryDict(mutable=True)
    if text.strip():
        params["sok"] = text.strip()
    return params.urlencode()


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
                details=form.details(),
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


def _may_reopen(actor: User, case: Case) -> None:
    if not policy.can_reopen_case(actor, case):
        raise PermissionDenied


@dataclass(frozen=True)
class CaseStatusAction:
    """One change of a case's status on its own page (`case_status_view`): who may (`check`
    raises PermissionDenied, or a ValidationError said on the case page), the form, the service.
    """

    name: str
    path: str
    check: Callable[[User, Case], None]
    form: Callable[[HttpRequest], forms.Form]
    save: Callable[[User, Case, dict[str, Any]], object]
    title: str | Promise
    submit: str | Promise
    success: str | Promise


case_status_actions = (
    CaseStatusAction(
        name="reopen",
        path="oppna-igen",
        check=_may_reopen,
        form=lambda request: ReopenForm(request.POST or None, prefix="reopen"),
        save=lambda actor, case, cleaned: services.case_reopen(
            actor=actor, case=case, reason=cleaned["reason"]
        ),
        title=gettext_lazy("Öppna ärendet igen"),
        submit=gettext_lazy("Öppna ärendet igen"),
        success=gettext_lazy("Ärendet är öppnat igen och en uppföljning är planerad."),
    ),
    CaseStatusAction(
        name="pause",
        path="vilande",
        check=require_work_on_case,
        form=lambda request: PauseForm(request.POST or None, prefix="pause"),
        save=lambda actor, case, cleaned: services.case_pause(
            actor=actor, case=case, reason=cleaned["reason"]
        ),
        title=gettext_lazy("Sätt ärendet som vilande"),
        submit=gettext_lazy("Sätt som vilande"),
        success=gettext_lazy("Ärendet är vilande."),
    ),
    CaseStatusAction(
        name="resume",
        path="aktivera",
        check=require_work_on_case,
        form=lambda request: forms.Form(request.POST if request.method == "POST" else None),
        save=lambda actor, case, _cleaned: services.case_resume(actor=actor, case=case),
        title=gettext_lazy("Aktivera ärendet igen"),
        submit=gettext_lazy("Aktivera"),
        success=gettext_lazy("Ärendet är aktivt igen."),
    ),
)


def case_status_view(action: CaseStatusAction) -> Callable[..., HttpResponse]:
    """The page of one `CaseStatusAction`: the case read, the check, the form, the service."""

    @staff_view
    def view(request: HttpRequest, actor: User, case_id: int) -> HttpResponse:
        case = queries.case_get(actor, case_id, log=request.method == "GET")
        try:
            action.check(actor, case)
        except ValidationError as error:
            return _refused(request, case, error)

        def save(cleaned: dict[str, Any]) -> object:
            return action.save(actor, case, cleaned)

        return _case_form_page(
            request,
            case,
            form=action.form(request),
            save=save,
            title=str(action.title),
            submit=str(action.submit),
            success=str(action.success),
            anchor="status",
        )

    view.__name__ = view.__qualname__ = f"case_{action.name}"
    return view


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


# The plan the participant writes in too: the coach's side --------------------------------


def _comment_posted(
    request: HttpRequest, actor: User, case: Case, **step: Any
) -> tuple[StepCommentForm, bool]:
    """The comment form of a step page; True when a posted comment was saved."""
    posted = request.method == "POST" and request.POST.get("action") == "comment"
    form = StepCommentForm(request.POST if posted else None, prefix="comment")
    if posted and form.is_valid():
        try:
            services.step_comment_add(
                actor=actor, case=case, text=form.cleaned_data["text"], **step
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Kommentaren är skickad."))
            return form, True
    return form, False


@staff_view
def own_activity(request: HttpRequest, actor: User, case_id: int, own_id: int) -> HttpResponse:
    """A participant's own activity: its comments, and the coach's answer to it."""
    case = queries.case_get(actor, case_id)
    own = queries.own_activity_get(actor, case, own_id)
    can_comment = policy.can_comment_on_plan(actor, case)
    comment_form, commented = _comment_posted(request, actor, case, own=own)
    if commented:
        return redirect(request.path)
    decision_form = None
    conflict = None
    if policy.can_decide_own_activity(actor, case):

        def make_form(data: Any, current: Case) -> forms.Form:
            return OwnActivityDecisionForm(
                data,
                initial={
                    "expected_plan_version": current.plan_version,
                    "title": own.title,
                    "description": own.description,
                },
            )

        deciding = request.method == "POST" and request.POST.get("action") == "decide"

        def save(form: forms.Form) -> object:
            cleaned = form.cleaned_data
            # An empty title keeps the participant's; any other difference is the coach's change.
            changes = {
                name: cleaned[name].strip()
                for name in ("title", "description")
                if cleaned[name].strip() != getattr(own, name)
                and (name != "title" or cleaned[name].strip())
            }
            return services.own_activity_decide(
                actor=actor,
                own=own,
                expected_plan_version=cleaned["expected_plan_version"],
                agreement=cleaned["agreement"],
                reason=cleaned["reason"],
                **changes,
            )

        edit = (
            versioned_save(
                request,
                make_form(request.POST, case),
                save=save,
                rebuild=lambda data, current: make_form(data, current),
                version_field="expected_plan_version",
                version_of=lambda current: current.plan_version,
            )
            if deciding
            else None
        )
        if edit is not None and edit.saved:
            messages.success(request, _("Ditt svar är sparat och syns för deltagaren."))
            return _to_case(case, "shared-plan")
        decision_form = edit.form if edit is not None else make_form(None, case)
        if edit is not None and edit.conflict is not None:
            conflict = queries.plan_get(actor, cast(Case, edit.conflict))
    return render(
        request,
        "cases/step.html",
        {
            "case": case,
            "own": own,
            "title": str(own),
            "comments": own.comments.order_by("created_at", "id"),
            "comment_form": comment_form if can_comment else None,
            "decision_form": decision_form,
            "conflict": conflict,
        },
    )


@staff_view
def activity_comments(
    request: HttpRequest, actor: User, case_id: int, activity_id: int
) -> HttpResponse:
    """One plan activity's comments, the coach's and the participant's."""
    case = queries.case_get(actor, case_id)
    activity = queries.activity_get(actor, case, activity_id)
    comment_form, commented = _comment_posted(request, actor, case, activity=activity)
    if commented:
        return redirect(request.path)
    return render(
        request,
        "cases/step.html",
        {
            "case": case,
            "activity": activity,
            "title": activity.activity_type.name,
            "comments": activity.comments.order_by("created_at", "id"),
            "comment_form": comment_form if policy.can_comment_on_plan(actor, case) else None,
        },
    )
