"""The caseload: a manager moves cases to another coach; anyone with a list saves named views."""

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa.audit.constants import AuditAction
from lotsa.audit.services import audit_record
from lotsa.cases import events, policy
from lotsa.cases.models import Case, CoachHandover, SavedCaseFilter
from lotsa.organisations.constants import Role

if TYPE_CHECKING:
    from lotsa.organisations.models import User

# The parameters a saved view keeps; anything else in the address (the page number, tokens)
# is dropped, so a saved view is a view and nothing more.
SAVED_FILTER_PARAMETERS = ("filter", "days", "status", "overdue", "sort", "coach")
CASE_LISTS = ("my_cases", "unit_cases")
SAVED_FILTER_NAME_MAX = 60


def cases_reassign(
    *, actor: "User", cases: Sequence[Case], coach: "User", note: str, on: date | None = None
) -> list[CoachHandover]:
    """Move each of `cases` to `coach` with one hand-over note; all or nothing.

    Each case gets its own hand-over row (which Mina sidor shows the participant), audit record
    and `case_coach_changed` event. A case that already is `coach`'s is refused by name, so the
    manager sees what was chosen by mistake instead of a silent skip.
    """
    note = note.strip()
    errors: dict[str, str] = {}
    if not cases:
        errors["cases"] = _("Välj minst ett ärende att flytta.")
    if not note:
        errors["note"] = _("Skriv en överlämningsanteckning till den nya arbetscoachen.")
    if coach.role != Role.COACH or not coach.is_active or coach.unit_id != actor.unit_id:
        errors["coach"] = _("Välj en aktiv arbetscoach på din enhet.")
    if errors:
        raise ValidationError(errors)
    for case in cases:
        if not policy.can_reassign_case(actor, case):
            raise PermissionDenied
    on = on or timezone.localdate()
    handovers = []
    with transaction.atomic():
        locked = {
            current.pk: current
            for current in Case.objects.select_for_update().filter(pk__in=[c.pk for c in cases])
        }
        for case in cases:
            current = locked[case.pk]
            if current.is_closed:
                raise ValidationError(
                    {"cases": _("Ärendet för %(name)s är avslutat.") % {"name": case.participant}}
                )
            if current.coach_id == coach.pk:
                raise ValidationError(
                    {
                        "cases": _("%(name)s har redan %(coach)s som arbetscoach.")
                        % {"name": case.participant, "coach": coach}
                    }
                )
            previous_coach_id = current.coach_id
            Case.objects.filter(pk=case.pk).update(coach=coach, version=F("version") + 1)
            case.coach, case.version = coach, current.version + 1
            handover = CoachHandover.objects.create(
                case=case,
                previous_coach_id=previous_coach_id,
                coach=coach,
                note=note,
                handed_over_on=on,
                handed_over_by=actor,
            )
            audit_record(
                actor=actor,
                action=AuditAction.UPDATE,
                obj=case,
                participant=case.participant,
                summary=_("Flyttade ärendet till %(coach)s") % {"coach": coach},
                changes={"coach": [previous_coach_id, coach.pk]},
            )
            events.case_coach_changed.announce(Case, case=case, actor=actor, on=on)
            handovers.append(handover)
    return handovers


def _clean_query(query: str) -> str:
    params = QueryDict(query)
    kept = QueryDict(mutable=True)
    for name in SAVED_FILTER_PARAMETERS:
        value = params.get(name, "").strip()
        if value:
            kept[name] = value[:100]
    return kept.urlencode()


def saved_case_filter_save(
    *, actor: "User", list_name: str, name: str, query: str
) -> SavedCaseFilter:
    """Save the list's current view under `name` (the same name again replaces it)."""
    if not policy.can_save_case_filters(actor) or list_name not in CASE_LISTS:
        raise PermissionDenied
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("Ge urvalet ett namn.")})
    if len(name) > SAVED_FILTER_NAME_MAX:
        raise ValidationError({"name": _("Namnet får vara högst 60 tecken.")})
    try:
        with transaction.atomic():
            saved, created = SavedCaseFilter.objects.update_or_create(
                user=actor,
                list_name=list_name,
                name=name,
                defaults={"query": _clean_query(query)},
            )
            audit_record(
                actor=actor,
                action=AuditAction.CREATE if created else AuditAction.UPDATE,
                obj=saved,
                summary=_("Sparade urvalet %(name)s") % {"name": name},
            )
    except IntegrityError as clash:  # the same name saved twice at once
        raise ValidationError({"name": _("Urvalet sparades samtidigt. Försök igen.")}) from clash
    return saved


def saved_case_filter_delete(*, actor: "User", saved: SavedCaseFilter) -> None:
    """Remove one of the actor's own saved views."""
    if saved.user_id != actor.pk:
        raise PermissionDenied
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=AuditAction.DELETE,
            obj=saved,
            summary=_("Tog bort urvalet %(name)s") % {"name": saved.name},
        )
        saved.delete()
