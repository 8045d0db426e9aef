"""Reads of the journal, already filtered by what the asking user may see."""

from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from lotsa.audit.constants import AuditAction
from lotsa.audit.services import audit_record
from lotsa.cases.journal import policy
from lotsa.cases.journal.constants import NoteStatus
from lotsa.cases.journal.models import Note
from lotsa.cases.models import Case
from lotsa.cases.policy import visible_cases_q

if TYPE_CHECKING:
    from lotsa.organisations.models import User


def notes_for_case(
    actor: "User",
    case: Case,
    *,
    readable: bool | None = None,
    text: str = "",
    offset: int = 0,
    limit: int | None = None,
) -> list[Note]:
    """The case's journal as `actor` may read it, newest first, each note with its amendments.

    Signed notes, and the actor's own drafts; two queries however many notes there are.
    `text` keeps the notes whose text or amendments contain it; `offset`/`limit` take one
    page of them. `readable` lets a page that already asked `policy.can_read_notes` skip
    asking again.
    """
    if readable is None:
        readable = policy.can_read_notes(actor, case)
    if not readable:
        return []
    amendments = Prefetch("amendments", queryset=_amendments())
    notes = journal_page_notes(actor, case, text=text).prefetch_related(amendments)
    if limit is not None:
        notes = notes[offset : offset + limit]
    return list(notes)


def journal_page_notes(actor: "User", case: Case, *, text: str = "") -> QuerySet[Note]:
    """The notes `notes_for_case` lists, as a queryset without their amendments; the caller
    has asked `policy.can_read_notes` (the case page reads them with its other lists)."""
    notes = Note.objects.filter(case=case, amends__isnull=True).filter(
        Q(status=NoteStatus.SIGNED) | Q(author=actor)
    )
    text = text.strip()
    if text:
        amended = Note.objects.filter(
            amends=OuterRef("pk"), status=NoteStatus.SIGNED, text__icontains=text
        )
        notes = notes.filter(Q(text__icontains=text) | Exists(amended))
    return notes.select_related("author").order_by("-occurred_on", "-id")


def amendments_of(notes: QuerySet[Note]) -> QuerySet[Note]:
    """The amendments of `notes` (a page of `journal_page_notes`), oldest first."""
    return _amendments().filter(amends__in=notes.values("pk"))


def _amendments() -> QuerySet[Note]:
    return Note.objects.select_related("author").order_by("signed_at", "id")


def note_get(actor: "User", note_id: int, *, log: bool = True) -> Note:
    """One note `actor` may read (404 otherwise: other people's drafts, invisible cases)."""
    visible_cases = Case.objects.filter(visible_cases_q(actor)).values("pk")
    try:
        note = Note.objects.select_related("case", "case__participant", "author").get(
            pk=note_id, case_id__in=visible_cases
        )
    except Note.DoesNotExist as missing:
        raise Http404 from missing
    if not policy.can_read_note(actor, note):
        raise Http404
    if log:
        audit_record(
            actor=actor, action=AuditAction.VIEW, obj=note, participant=note.case.participant
        )
    return note


def notes_written_since(actor: "User", case: Case, *, after_note_id: int) -> list[Note]:
    """Notes others signed in the case after the one the actor's page showed last (the note
    being written may no longer fit); one query."""
    if not policy.can_read_notes(actor, case):
        return []
    return list(
        Note.objects.filter(
            case=case, pk__gt=after_note_id, status=NoteStatus.SIGNED, amends__isnull=True
        )
        .exclude(author=actor)
        .select_related("author")
        .order_by("id")
    )
