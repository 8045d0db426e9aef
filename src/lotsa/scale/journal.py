"""A synthetic case's journal: contact notes, follow-ups every interval (each with its signed
note), the follow-up still to come, corrections and drafts — numbered in the order written."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from lotsa.cases.constants import CaseStatus
from lotsa.cases.journal.constants import NoteKind, NoteStatus
from lotsa.cases.journal.models import Note
from lotsa.core.dates import add_months
from lotsa.organisations.models import User
from lotsa.scale import shapes
from lotsa.scale.draws import NOTE_KIND
from lotsa.scale.timeline import _aware, _aware_on
from lotsa.scale.world import World


@dataclass
class NoteDraft:
    """A note before it has an id: notes are numbered in date order once a case is complete."""

    occurred_on: date
    kind: str
    text: str
    status: str
    signed_at: datetime | None
    amends: "NoteDraft | None" = None
    id: int = 0


HeldFollowUp = tuple[date, date, NoteDraft]  # due, held, its note


@dataclass
class Journal:
    notes: list[NoteDraft]
    follow_ups: list[HeldFollowUp]
    pending_due: date | None


def journal_compose(world: World, *, start: date, end: date, status: str, interval: int) -> Journal:
    """Contact notes, follow-ups held every `interval` months, drafts and corrections."""
    rng = world.rng
    notes: list[NoteDraft] = []
    span = max((end - start).days, 0)
    contact_count = min(shapes.MAX_CONTACT_NOTES, max(1, span // shapes.DAYS_PER_CONTACT_NOTE))
    for _ in range(contact_count):
        occurred = start + timedelta(days=rng.randint(0, span))
        notes.append(_signed_note(world, occurred, NOTE_KIND.pick(rng), note_text(world)))
    follow_ups: list[HeldFollowUp] = []
    due = add_months(start, interval)
    pending_due: date | None = None
    while True:
        if due > end:
            pending_due = None if status == CaseStatus.CLOSED else due
            break
        # Now and then the latest follow-up of an open case is overdue.
        is_latest = add_months(due, interval) > end
        if (
            is_latest
            and status != CaseStatus.CLOSED
            and rng.random() < shapes.FOLLOW_UP_SKIPPED_SHARE
        ):
            pending_due = due
            break
        held = max(min(due + timedelta(days=rng.randint(-5, 20)), end), start)
        note = _signed_note(world, held, NoteKind.FOLLOW_UP, rng.choice(shapes.FOLLOW_UP_TEXTS))
        notes.append(note)
        follow_ups.append((due, held, note))
        due = add_months(held, interval)
    for original in [note for note in notes if rng.random() < shapes.AMENDMENT_SHARE]:
        assert original.signed_at is not None
        notes.append(
            NoteDraft(
                occurred_on=original.occurred_on,
                kind=original.kind,
                text="Rättelse: " + note_text(world),
                status=NoteStatus.SIGNED,
                signed_at=original.signed_at + timedelta(days=rng.randint(1, 10)),
                amends=original,
            )
        )
    if status != CaseStatus.CLOSED and rng.random() < shapes.DRAFT_NOTE_SHARE:
        notes.append(
            NoteDraft(
                occurred_on=max(start, world.today - timedelta(days=rng.randint(0, 5))),
                kind=NOTE_KIND.pick(rng),
                text=note_text(world),
                status=NoteStatus.DRAFT,
                signed_at=None,
            )
        )
    return Journal(notes, follow_ups, pending_due)


def journal_write(world: World, *, case_id: int, coach: User, notes: list[NoteDraft]) -> None:
    """Give the notes ids in the order they were written, then store them."""
    notes.sort(key=lambda note: note.signed_at or _aware(note.occurred_on, 23, 0))
    for note in notes:
        note.id = world.ids.take(Note)
    world.rows[Note].extend(
        (
            note.id,
            case_id,
            coach.pk,
            note.kind,
            note.occurred_on,
            note.text,
            note.status,
            note.signed_at,
            note.amends.id if note.amends is not None else None,
            note.signed_at or _aware(note.occurred_on, 16, 0),
            2 if note.status == NoteStatus.SIGNED else 1,
        )
        for note in notes
    )


def _signed_note(world: World, occurred: date, kind: str, text: str) -> NoteDraft:
    signed_on = min(occurred + timedelta(days=world.rng.randint(0, 2)), world.last_day)
    return NoteDraft(
        occurred_on=occurred,
        kind=kind,
        text=text,
        status=NoteStatus.SIGNED,
        signed_at=_aware_on(world.rng, max(signed_on, occurred)),
    )


def note_text(world: World) -> str:
    rng = world.rng
    parts = (
        rng.choice(shapes.NOTE_OPENINGS),
        rng.choice(shapes.NOTE_TOPICS),
        rng.choice(shapes.NOTE_CLOSINGS),
    )
    return " ".join(part for part in parts if part)
