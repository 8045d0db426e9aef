"""Attendance at placements: a day or a week at a time."""

from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa.audit.constants import AuditAction
from lotsa.audit.services import audit_record
from lotsa.work import policy
from lotsa.work.constants import (
    AttendanceStatus,
    PlacementStatus,
)
from lotsa.work.models import Attendance, Placement, TrainingArena

if TYPE_CHECKING:
    from lotsa.organisations.models import User


def _attendance_errors(placement: Placement, day: Any, status: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not isinstance(day, date):
        errors["day"] = _("Ange en dag.")
    elif day < placement.starts_on or (placement.ends_on is not None and day > placement.ends_on):
        end = placement.ends_on.isoformat() if placement.ends_on else _("tills vidare")
        errors["day"] = _("%(day)s ligger utanför placeringens tid (%(start)s – %(end)s).") % {
            "day": day.isoformat(),
            "start": placement.starts_on.isoformat(),
            "end": end,
        }
    elif placement.status == PlacementStatus.CANCELLED:
        errors["day"] = _("Placeringen är avbruten. Närvaro kan inte registreras.")
    elif day > timezone.localdate():
        errors["day"] = _(
            "Närvaro registreras i efterhand: %(day)s har inte varit än. Välj i dag eller en "
            "tidigare dag."
        ) % {"day": day.isoformat()}
    if status not in AttendanceStatus.values:
        errors["status"] = _("Välj närvaro eller orsak till frånvaro.")
    return errors


def _store_attendance(
    actor: "User", placement: Placement, day: date, status: str, note: str
) -> Attendance:
    entry, _created = Attendance.objects.update_or_create(
        placement=placement,
        day=day,
        defaults={"status": status, "note": note.strip()[:300], "recorded_by": actor},
    )
    return entry


def attendance_record(
    *, actor: "User", placement: Placement, day: date, status: str, note: str = ""
) -> Attendance:
    """Record (or correct) one day's attendance at a placement."""
    if not policy.can_change_placement(actor, placement):
        raise PermissionDenied
    errors = _attendance_errors(placement, day, status)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        entry = _store_attendance(actor, placement, day, status, note)
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=entry,
            participant=placement.case.participant,
            summary=_("Närvaro %(day)s: %(status)s")
            % {"day": day.isoformat(), "status": entry.get_status_display()},
        )
    return entry


def attendance_record_week(
    *, actor: "User", arena: TrainingArena, entries: Sequence[tuple[Placement, date, str]]
) -> int:
    """Record a week at an arena at once: all entries are saved, or none (a ValidationError
    lists every problem, per participant and day). Empty statuses are skipped."""
    problems: list[str] = []
    checked: set[int] = set()
    for placement, day, status in entries:
        if placement.pk not in checked:
            if placement.arena_id != arena.pk or not policy.can_change_placement(actor, placement):
                raise PermissionDenied
            checked.add(placement.pk)
        if not status:
            continue
        for message in _attendance_errors(placement, day, status).values():
            problems.append(f"{placement.case.participant.full_name}: {message}")
    if problems:
        raise ValidationError(problems)
    saved: dict[int, int] = {}
    with transaction.atomic():
        for placement, day, status in entries:
            if status:
                _store_attendance(actor, placement, day, status, "")
                saved[placement.pk] = saved.get(placement.pk, 0) + 1
        for placement in {placement.pk: placement for placement, _d, _s in entries}.values():
            if placement.pk in saved:
                audit_record(
                    actor=actor,
                    action=AuditAction.UPDATE,
                    object_type="work.attendance",
                    participant=placement.case.participant,
                    summary=_("Närvaro på %(arena)s: %(n)s dagar")
                    % {"arena": arena.name, "n": saved[placement.pk]},
                )
    return sum(saved.values())


def week_days(monday: date) -> list[date]:
    """Monday to Friday of the week that starts on `monday`."""
    return [monday + timedelta(days=offset) for offset in range(5)]
