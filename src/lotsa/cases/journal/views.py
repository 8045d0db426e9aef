"""Journal pages: write a draft, change it, sign it, throw it away, or amend a signed note.

The case page shows the journal; these views each do one thing and send the person back there.
"""

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa.cases.checks import require_work_on_case
from lotsa.cases.journal import services
from lotsa.cases.journal.forms import AmendmentForm, NoteForm
from lotsa.cases.journal.models import Note
from lotsa.cases.journal.queries import note_get, notes_written_since
from lotsa.cases.models import Case
from lotsa.cases.queries import case_get
from lotsa.core.concurrency import EditConflictError
from lotsa.core.forms import add_service_errors
from lotsa.organisations.decorators import staff_view
from lotsa.organisations.models import User


def _actor(request: HttpRequest) -> User:
    return cast(User, request.user)


def _to_journal(case: Case | int) -> HttpResponse:
    case_id = case if isinstance(case, int) else case.pk
    return redirect(reverse("cases:detail", args=[case_id]) + "#notes")


def _refused(request: HttpRequest, case_id: int, error: ValidationError) -> HttpResponse:
    messages.error(request, error.messages[0])
    return _to_journal(case_id)


@staff_view
def note_create(request: HttpRequest, actor: User, case_id: int) -> HttpResponse:
    """Write a draft; "Spara och signera" signs it at once."""
    case = case_get(actor, case_id, log=request.method == "GET")
    try:
        require_work_on_case(actor, case)
    except ValidationError as error:
        return _refused(request, case.pk, error)
    form = NoteForm(request.POST or None, prefix="note")
    if request.method == "POST" and form.is_valid():
        try:
            note = _save_draft(actor, case, form.cleaned_data)
            if request.POST.get("action") == "sign":
                services.note_sign(actor=actor, note=note)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Anteckningen är signerad.")
                if note.is_signed
                else _("Utkastet är sparat. Signera det när det är klart."),
            )
            return _to_journal(case)
    return render(
        request,
        "journal/note_form.html",
        {"case": case, "form": form, "title": _("Ny anteckning"), "can_sign_now": True},
    )


def _save_draft(actor: User, case: Case, data: dict[str, Any]) -> Note:
    """Create the draft, or — when the page already saved it as the person typed — change it
    (with the version check, so a draft changed in another window is never overwritten)."""
    fields = {name: data[name] for name in services.EDITABLE_FIELDS}
    if not data.get("draft_key"):
        return services.note_create(actor=actor, case=case, **fields)
    return services.note_draft_save(actor=actor, case=case, draft_key=data["draft_key"], **fields)


@staff_view
def note_autosave(request: HttpRequest, actor: User, case_id: int) -> HttpResponse:
    """htmx, as the person types: save the note as a draft on the server and answer with
    "Sparat HH:MM" (and the draft's id and version for the next save), or say why not."""
    if request.method != "POST":
        raise PermissionDenied
    case = case_get(actor, case_id, log=False)
    form = NoteForm(request.POST, prefix="note")
    context: dict[str, Any] = {"case": case}
    try:
        require_work_on_case(actor, case)  # PermissionDenied for who may only read the case
    except ValidationError as error:
        context["problems"] = error.messages  # closed meanwhile: said, nothing saved
        return render(request, "journal/_autosave_status.html", context)
    if not (request.POST.get("note-text") or "").strip():
        context["nothing_yet"] = True
    elif not form.is_valid():
        context["problems"] = [error for errors in form.errors.values() for error in errors]
    else:
        try:
            context["draft"] = _save_draft(actor, case, form.cleaned_data)
        except ValidationError as error:
            context["problems"] = error.messages
        context["written_since"] = notes_written_since(
            actor, case, after_note_id=form.cleaned_data.get("seen_note") or 0
        )
    context["saved_at"] = timezone.localtime()
    return render(request, "journal/_autosave_status.html", context)


@staff_view
def note_edit(request: HttpRequest, actor: User, note_id: int) -> HttpResponse:
    note = note_get(actor, note_id, log=request.method == "GET")
    if note.is_signed:
        return _refused(
            request, note.case_id, ValidationError(_("En signerad anteckning kan inte ändras."))
        )
    try:
        require_work_on_case(actor, note.case)
    except ValidationError as error:
        return _refused(request, note.case_id, error)
    initial: dict[str, Any] = {name: getattr(note, name) for name in services.EDITABLE_FIELDS}
    initial["version"] = note.version
    form = NoteForm(request.POST or None, prefix="note", initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in services.EDITABLE_FIELDS}
        try:
            services.note_update(
                actor=actor,
                note=note,
                expected_version=form.cleaned_data["version"] or 0,
                **changes,
            )
        except EditConflictError as error:
            conflict = cast(Note, error.current)
            data = request.POST.copy()
            data["note-version"] = str(conflict.version)
            form = NoteForm(data, prefix="note", initial=initial)
            form.is_valid()
            form.add_error(None, error.messages[0])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Utkastet är sparat."))
            return _to_journal(note.case)
    return render(
        request,
        "journal/note_form.html",
        {
            "case": note.case,
            "note": note,
            "form": form,
            "conflict": conflict,
            "title": _("Ändra utkast"),
        },
    )


@staff_view
def _note_action(request: HttpRequest, actor: User, note_id: int, *, action: str) -> HttpResponse:
    """Sign or discard a draft: GET asks, POST does it."""
    note = note_get(actor, note_id, log=request.method == "GET")
    if request.method == "POST":
        try:
            if action == "sign":
                services.note_sign(actor=actor, note=note)
                messages.success(request, _("Anteckningen är signerad."))
            else:
                services.note_discard(actor=actor, note=note)
                messages.success(request, _("Utkastet är borttaget."))
        except ValidationError as error:
            messages.error(request, error.messages[0])
        return _to_journal(note.case_id)
    return render(
        request,
        "journal/note_confirm.html",
        {"case": note.case, "note": note, "action": action},
    )


@login_required
def note_sign(request: HttpRequest, note_id: int) -> HttpResponse:
    return _note_action(request, note_id, action="sign")


@login_required
def note_discard(request: HttpRequest, note_id: int) -> HttpResponse:
    return _note_action(request, note_id, action="discard")


@staff_view
def note_amend(request: HttpRequest, actor: User, note_id: int) -> HttpResponse:
    """A correction of a signed note: a new signed note linked to it."""
    note = note_get(actor, note_id, log=request.method == "GET")
    try:
        require_work_on_case(actor, note.case)
    except ValidationError as error:
        return _refused(request, note.case_id, error)
    form = AmendmentForm(request.POST or None, prefix=f"amend-{note.pk}")
    if request.method == "POST" and form.is_valid():
        try:
            services.note_amend(actor=actor, note=note, text=form.cleaned_data["text"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Rättelsen är signerad och visas under anteckningen."))
            return _to_journal(note.case)
    return render(
        request,
        "journal/amend_form.html",
        {"case": note.case, "note": note, "form": form, "title": _("Lägg till rättelse")},
    )
