"""Writes to the journal: drafts, signing, and amendments; a signed note never changes."""

from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa.audit.constants import AuditAction
from lotsa.audit.services import audit_record, diff_fields
from lotsa.audit.updates import audited_create, require_known_fields
from lotsa.cases.checks import (
    lock_open_case,
    not_in_future,
    require_work_on_case,
    required_date,
    required_text,
)
from lotsa.cases.journal import messages, policy
from lotsa.cases.journal.constants import CONTACT_KINDS, NoteKind, NoteStatus
from lotsa.cases.journal.models import Note
from lotsa.cases.models import Case
from lotsa.core.concurrency import EditConflictError

if TYPE_CHECKING:
    from lotsa.organisations.models import User

EDITABLE_FIELDS = ("kind", "occurred_on", "text")


def _note_errors(
    *, case: Case, kind: str, occurred_on: date | None, text: str
) -> tuple[dict[str, str], str]:
    errors: dict[str, str] = {}
    if kind not in NoteKind.values:
        errors["kind"] = _("Välj vilken typ av anteckning det är.")
    required_date(occurred_on, field="occurred_on", errors=errors)
    not_in_future(occurred_on, field="occurred_on", errors=errors)
    before_case = _before_case_error(case, occurred_on)
    if before_case and "occurred_on" not in errors:
        errors["occurred_on"] = before_case
    clean_text = required_text(
        text, field="text", errors=errors, message=str(messages.NOTE_TEXT_REQUIRED)
    )
    return errors, clean_text


def _before_case_error(case: Case, occurred_on: date | None) -> str:
    """The journal tells what happened in the case: nothing before the case started."""
    if occurred_on is None or occurred_on >= case.start_date:
        return ""
    return _(
        "Datumet kan inte vara före ärendets start %(start)s. Det som hände före starten "
        "hör till remissen."
    ) % {"start": case.start_date.isoformat()}


def _signed_error() -> ValidationError:
    return ValidationError(_("En signerad anteckning kan inte ändras."), code="signed")


def note_create(
    *, actor: "User", case: Case, kind: str, occurred_on: date | None, text: str
) -> Note:
    """Write a draft note on the case; only its author sees and changes it until it is signed."""
    require_work_on_case(actor, case)
    errors, clean_text = _note_errors(case=case, kind=kind, occurred_on=occurred_on, text=text)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        lock_open_case(case)
        note = Note(
            case=case,
            author=actor,
            kind=kind,
            occurred_on=occurred_on,
            text=clean_text,
            status=NoteStatus.DRAFT,
        )
        return audited_create(
            actor=actor,
            instance=note,
            participant=case.participant,
            summary=_("Skrev utkast till anteckning (%(kind)s)")
            % {"kind": note.get_kind_display()},
        )


def note_draft_save(
    *, actor: "User", case: Case, draft_key: str, kind: str, occurred_on: date | None, text: str
) -> Note:
    """Save what the page with `draft_key` holds as the actor's draft: the first save writes it,
    later ones (as the person types, then their own "Spara") change that same draft.

    The case row is locked first, so an autosave and the page's submit arriving together
    still make one draft."""
    require_work_on_case(actor, case)
    errors, clean_text = _note_errors(case=case, kind=kind, occurred_on=occurred_on, text=text)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        lock_open_case(case)
        draft = Note.objects.filter(case=case, author=actor, draft_key=draft_key).first()
        if draft is None:
            draft = Note.objects.create(
                case=case,
                author=actor,
                kind=kind,
                occurred_on=occurred_on,
                text=clean_text,
                status=NoteStatus.DRAFT,
                draft_key=draft_key,
            )
            action, summary = AuditAction.CREATE, _("Skrev utkast till anteckning (%(kind)s)")
            changes = None
        else:
            if draft.is_signed:
                raise _signed_error()
            before = {name: getattr(draft, name) for name in EDITABLE_FIELDS}
            after = {"kind": kind, "occurred_on": occurred_on, "text": clean_text}
            Note.objects.filter(pk=draft.pk).update(version=F("version") + 1, **after)
            for name, value in after.items():
                setattr(draft, name, value)
            draft.version += 1
            action, summary = AuditAction.UPDATE, _("Ändrade utkast till anteckning (%(kind)s)")
            changes = diff_fields(before, after)
        audit_record(
            actor=actor,
            action=action,
            obj=draft,
            participant=case.participant,
            summary=summary % {"kind": draft.get_kind_display()},
            changes=changes,
        )
    return draft


def note_update(*, actor: "User", note: Note, expected_version: int, **changes: Any) -> Note:
    """Change a draft; EditConflictError if it was saved or signed since it was opened."""
    require_known_fields(changes, EDITABLE_FIELDS, what="note")
    if note.is_signed:
        raise _signed_error()
    require_work_on_case(actor, note.case)
    if not policy.can_edit_note(actor, note, case_writable=True):
        raise PermissionDenied
    merged = {name: changes.get(name, getattr(note, name)) for name in EDITABLE_FIELDS}
    errors, clean_text = _note_errors(case=note.case, **merged)
    if errors:
        raise ValidationError(errors)
    merged["text"] = clean_text
    before = {name: getattr(note, name) for name in EDITABLE_FIELDS}
    with transaction.atomic():
        lock_open_case(note.case)
        updated = Note.objects.filter(
            pk=note.pk, version=expected_version, status=NoteStatus.DRAFT
        ).update(version=F("version") + 1, **merged)
        if updated != 1:
            current = Note.objects.get(pk=note.pk)
            if current.is_signed:
                raise _signed_error()
            raise EditConflictError(current)
        for name, value in merged.items():
            setattr(note, name, value)
        note.version = expected_version + 1
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=note,
            participant=note.case.participant,
            summary=_("Ändrade utkast till anteckning"),
            changes=diff_fields(before, merged),
        )
    return note


def _record_contact(case: Case, on: date) -> None:
    """Move the case's last contact forward to `on` (never backwards), in one statement."""
    Case.objects.filter(pk=case.pk).filter(
        Q(last_contact_on__isnull=True) | Q(last_contact_on__lt=on)
    ).update(last_contact_on=on)
    if case.last_contact_on is None or case.last_contact_on < on:
        case.last_contact_on = on


def note_sign(*, actor: "User", note: Note) -> Note:
    """Sign a draft: from now on it never changes. Contacts move the case's last contact."""
    if note.is_signed:
        raise ValidationError(_("Anteckningen är redan signerad."), code="signed")
    require_work_on_case(actor, note.case)
    if not policy.can_sign_note(actor, note, case_writable=True):
        raise PermissionDenied
    before_case = _before_case_error(note.case, note.occurred_on)
    if before_case:  # e.g. the case's start was moved after the draft was written
        raise ValidationError({"occurred_on": before_case})
    with transaction.atomic():
        lock_open_case(note.case)
        now = timezone.now()
        updated = Note.objects.filter(pk=note.pk, status=NoteStatus.DRAFT).update(
            status=NoteStatus.SIGNED, signed_at=now, version=F("version") + 1
        )
        if updated != 1:
            raise ValidationError(_("Anteckningen är redan signerad."), code="signed")
        note.status, note.signed_at, note.version = NoteStatus.SIGNED, now, note.version + 1
        if note.kind in CONTACT_KINDS:
            _record_contact(note.case, note.occurred_on)
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=note,
            participant=note.case.participant,
            summary=_("Signerade anteckning (%(kind)s %(date)s)")
            % {"kind": note.get_kind_display(), "date": note.occurred_on.isoformat()},
        )
    return note


def note_discard(*, actor: "User", note: Note) -> None:
    """Throw away one's own draft; a draft is not yet part of the record."""
    if note.is_signed:
        raise _signed_error()
    require_work_on_case(actor, note.case)
    if not policy.can_edit_note(actor, note, case_writable=True):
        raise PermissionDenied
    with transaction.atomic():
        lock_open_case(note.case)
        deleted, _rows = Note.objects.filter(pk=note.pk, status=NoteStatus.DRAFT).delete()
        if not deleted:
            raise _signed_error()
        audit_record(
            actor=actor,
            action=AuditAction.DELETE,
            object_type="journal.note",
            participant=note.case.participant,
            summary=_("Tog bort eget utkast (%(kind)s %(date)s)")
            % {"kind": note.get_kind_display(), "date": note.occurred_on.isoformat()},
        )


def note_amend(*, actor: "User", note: Note, text: str) -> Note:
    """Correct a signed note with a new, signed note linked to it; the original stays as it was."""
    if not note.is_signed:
        raise ValidationError(
            _("Ett utkast ändras direkt; bara signerade anteckningar får rättelser."),
            code="draft",
        )
    require_work_on_case(actor, note.case)
    if not policy.can_amend_note(actor, note, case_writable=True):
        raise PermissionDenied
    errors: dict[str, str] = {}
    clean_text = required_text(
        text, field="text", errors=errors, message=str(messages.AMENDMENT_TEXT_REQUIRED)
    )
    if errors:
        raise ValidationError(errors)
    original = note.amends or note
    with transaction.atomic():
        lock_open_case(note.case)
        amendment = Note(
            case_id=original.case_id,
            author=actor,
            kind=original.kind,
            occurred_on=original.occurred_on,
            text=clean_text,
            status=NoteStatus.SIGNED,
            signed_at=timezone.now(),
            amends=original,
        )
        return audited_create(
            actor=actor,
            instance=amendment,
            participant=note.case.participant,
            summary=_("Lade till rättelse till anteckning %(id)s") % {"id": original.pk},
        )
