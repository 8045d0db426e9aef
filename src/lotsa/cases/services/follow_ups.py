"""Follow-ups during the case: a signed journal note and a plan revision in one transaction."""

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lotsa.audit.constants import AuditAction
from lotsa.audit.services import audit_record
from lotsa.cases import messages, policy
from lotsa.cases.checks import (
    not_in_future,
    require_work_on_case,
    required_date,
    required_text,
)
from lotsa.cases.journal import services as journal_services
from lotsa.cases.journal.constants import NoteKind
from lotsa.cases.models import (
    Case,
    FollowUp,
)
from lotsa.cases.services.plan import claim_plan_version, plan_version_record
from lotsa.core.dates import add_months

if TYPE_CHECKING:
    from lotsa.organisations.models import User


# Follow-ups ----------------------------------------------------------------------------------


def _earliest_pending_follow_up(case: Case) -> date | None:
    return (
        FollowUp.objects.filter(case=case, done_on__isnull=True)
        .order_by("due_on")
        .values_list("due_on", flat=True)
        .first()
    )


def follow_up_record(
    *,
    actor: "User",
    follow_up: FollowUp,
    held_on: date | None,
    text: str,
    plan_comment: str = "",
) -> FollowUp:
    """Record a plan review: a signed follow-up note, a plan revision, and the next review.

    The next follow-up is due `case.follow_up_interval_months` after the review was held.
    """
    case = follow_up.case
    require_work_on_case(actor, case)
    if not policy.can_record_follow_up(actor, case):
        raise PermissionDenied
    if follow_up.done_on is not None:
        raise ValidationError(_("Uppföljningen är redan registrerad."), code="done")
    errors: dict[str, str] = {}
    required_date(held_on, field="held_on", errors=errors)
    not_in_future(held_on, field="held_on", errors=errors)
    if held_on is not None and "held_on" not in errors and held_on < case.start_date:
        errors["held_on"] = _("Uppföljningen kan inte vara före ärendets startdatum (%(d)s).") % {
            "d": case.start_date.isoformat()
        }
    clean_text = required_text(
        text,
        field="text",
        errors=errors,
        message=str(messages.FOLLOW_UP_TEXT_REQUIRED),
    )
    if errors:
        raise ValidationError(errors)
    assert held_on is not None  # checked above; tells the type checker
    with transaction.atomic():
        note = journal_services.note_create(
            actor=actor, case=case, kind=NoteKind.FOLLOW_UP, occurred_on=held_on, text=clean_text
        )
        journal_services.note_sign(actor=actor, note=note)
        marked = FollowUp.objects.filter(pk=follow_up.pk, done_on__isnull=True).update(
            done_on=held_on, done_by=actor, note=note
        )
        if marked != 1:
            raise ValidationError(_("Uppföljningen är redan registrerad."), code="done")
        number = claim_plan_version(case, None)
        plan_version_record(
            actor=actor,
            case=case,
            number=number,
            summary=_("Uppföljning"),
            comment=(plan_comment or "").strip(),
        )
        next_due = add_months(held_on, case.follow_up_interval_months)
        FollowUp.objects.create(case=case, due_on=next_due)
        case.next_follow_up_on = _earliest_pending_follow_up(case)
        Case.objects.filter(pk=case.pk).update(next_follow_up_on=case.next_follow_up_on)
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=follow_up,
            participant=case.participant,
            summary=_("Registrerade uppföljning %(held)s; nästa %(next)s")
            % {"held": held_on.isoformat(), "next": next_due.isoformat()},
        )
    follow_up.done_on, follow_up.done_by, follow_up.note = held_on, actor, note
    return follow_up
