"""Who may read and write which journal notes. Pages, exports and services all ask here.

The journal is the coaches' working record: the coaches and the manager of the unit that runs
the case read it. A referrer who sees the case through their referral sees its plan and
follow-ups, not the journal. Drafts are the author's own until signed; a signed note never
changes, and anyone who works on the case may add a linked correction (amendment).
"""

from typing import TYPE_CHECKING

from lotsa.cases import policy as case_policy
from lotsa.organisations.constants import Role

if TYPE_CHECKING:
    from lotsa.cases.journal.models import Note
    from lotsa.cases.models import Case
    from lotsa.organisations.models import User


def can_read_notes(actor: "User", case: "Case") -> bool:
    return (
        actor.is_authenticated
        and actor.role in (Role.COACH, Role.MANAGER)
        and case_policy.can_view_case(actor, case)
    )


def can_write_notes(actor: "User", case: "Case") -> bool:
    """New notes and amendments: whoever works on the open case."""
    return case_policy.can_work_on_case(actor, case)


def can_read_note(actor: "User", note: "Note") -> bool:
    """Signed notes for the journal's readers; a draft only for its author."""
    if not note.is_signed and note.author_id != actor.pk:
        return False
    return can_read_notes(actor, note.case)


def can_edit_note(actor: "User", note: "Note", *, case_writable: bool | None = None) -> bool:
    """Only the author changes (or signs, or discards) a draft, while the case is open.

    `case_writable` lets a page that shows many notes ask `can_write_notes` once.
    """
    if note.is_signed or note.author_id != actor.pk:
        return False
    if case_writable is None:
        case_writable = can_write_notes(actor, note.case)
    return case_writable


def can_sign_note(actor: "User", note: "Note", *, case_writable: bool | None = None) -> bool:
    return can_edit_note(actor, note, case_writable=case_writable)


def can_amend_note(actor: "User", note: "Note", *, case_writable: bool | None = None) -> bool:
    """A signed note is corrected by a linked amendment, never by changing it."""
    if not note.is_signed:
        return False
    if case_writable is None:
        case_writable = can_write_notes(actor, note.case)
    return case_writable
