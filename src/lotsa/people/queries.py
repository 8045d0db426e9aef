"""Reads of participants, already filtered by what the asking user may see."""

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from lotsa.audit.constants import AuditAction
from lotsa.audit.services import audit_record
from lotsa.core.text import ascii_digits
from lotsa.people.models import Participant
from lotsa.people.personnummer import PersonnummerError, parse_personnummer
from lotsa.people.policy import visible_participants_q

if TYPE_CHECKING:
    from lotsa.organisations.models import User


MAX_SEARCH_LENGTH = 100  # longer text only makes pathological LIKE patterns


def participants_visible_to(actor: "User") -> QuerySet[Participant]:
    """Every participant `actor` may see, without duplicates."""
    return Participant.objects.filter(visible_participants_q(actor)).select_related(
        "unit", "district", "member_municipality"
    )


def participant_search(actor: "User", *, text: str = "", limit: int = 50) -> QuerySet[Participant]:
    """Participants `actor` may see whose name or personnummer matches `text`."""
    people = participants_visible_to(actor)
    text = text.replace("\x00", "").strip()[:MAX_SEARCH_LENGTH]
    if text:
        digits = "".join(ch for ch in ascii_digits(text) if "0" <= ch <= "9")
        condition = Q()
        for word in text.split():
            condition &= Q(first_name__icontains=word) | Q(last_name__icontains=word)
        if len(digits) >= 6:
            try:
                condition |= Q(personal_number=parse_personnummer(text).canonical)
            except PersonnummerError:
                condition |= Q(personal_number__contains=digits)
        people = people.filter(condition)
    audit_record(
        actor=actor,
        action=AuditAction.SEARCH,
        object_type="people.participant",
        summary=f"Sökning: {text[:100]}" if text else "Lista: deltagare",
    )
    return people.order_by("last_name", "first_name", "pk")[:limit]


def participant_get(actor: "User", participant_id: int, *, log: bool = True) -> Participant:
    """One participant `actor` may see (404 otherwise); the look-up is written to the audit log."""
    participant = get_object_or_404(participants_visible_to(actor), pk=participant_id)
    if log:
        audit_record(actor=actor, action=AuditAction.VIEW, obj=participant, participant=participant)
    return participant
