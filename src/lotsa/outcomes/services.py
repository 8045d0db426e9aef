"""Writes for follow-up after closure: scheduling when a case closes, and recording the answer."""

from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa.audit.constants import AuditAction
from lotsa.audit.services import audit_record
from lotsa.cases.constants import WORK_REASONS, CaseStatus
from lotsa.cases.models import Case
from lotsa.core.concurrency import save_with_version
from lotsa.core.dates import add_months
from lotsa.core.text import parse_ascii_int
from lotsa.outcomes import policy
from lotsa.outcomes.constants import DEFAULT_MONTHS, MAX_MONTHS, REPORTING_MONTHS, OutcomeStatus
from lotsa.outcomes.models import OutcomeFollowUp, OutcomeSettings

if TYPE_CHECKING:
    from lotsa.organisations.models import Organisation, User


def chosen_months(organisation_id: int) -> list[int]:
    """The months after closure `organisation` chose to follow up at (6 and 12 by default)."""
    chosen = (
        OutcomeSettings.objects.filter(organisation_id=organisation_id)
        .values_list("months", flat=True)
        .first()
    )
    return sorted(chosen) if chosen else list(DEFAULT_MONTHS)


def months_for(organisation_id: int) -> list[int]:
    """Every month after closure a follow-up is scheduled at: the organisation's choice and
    the months the national reports need (REPORTING_MONTHS: 1 and 6)."""
    return sorted(set(chosen_months(organisation_id)) | set(REPORTING_MONTHS))


def outcomes_schedule_for_case(*, case: Case) -> list[OutcomeFollowUp]:
    """Schedule the follow-ups of a case that has just closed; called by cases.case_close.

    Runs inside the closing transaction, so the audit record of the closure covers it. A case
    closed again after a reopening gets its unrecorded follow-ups moved to the new date.
    """
    if case.status != CaseStatus.CLOSED or case.closed_on is None:
        return []
    scheduled = []
    for months in months_for(case.organisation_id):
        due_on = add_months(case.closed_on, months)
        follow_up, created = OutcomeFollowUp.objects.get_or_create(
            case=case, months_after=months, defaults={"due_on": due_on}
        )
        if not created and not follow_up.is_recorded and follow_up.due_on != due_on:
            follow_up.due_on = due_on
            follow_up.save(update_fields=["due_on"])
        scheduled.append(follow_up)
    return scheduled


def outcomes_schedule_closed(*, organisation: "Organisation | None" = None) -> int:
    """Schedule follow-ups for closed cases that have none yet (cases closed before this app).

    Idempotent: returns the number of follow-ups created. Written in bulk, one batch per
    organisation, so it runs on a national-size database.
    """
    organisations = Case.objects.filter(status=CaseStatus.CLOSED)
    if organisation is not None:
        organisations = organisations.filter(organisation=organisation)
    created = 0
    for organisation_id in organisations.values_list("organisation_id", flat=True).distinct():
        months = months_for(organisation_id)
        cases = Case.objects.filter(
            organisation_id=organisation_id, status=CaseStatus.CLOSED, closed_on__isnull=False
        )
        for month in months:
            missing = cases.exclude(outcome_follow_ups__months_after=month).values_list(
                "pk", "closed_on"
            )
            batch = [
                OutcomeFollowUp(case_id=pk, months_after=month, due_on=add_months(closed, month))
                for pk, closed in missing.iterator(chunk_size=2000)
                if closed is not None
            ]
            with transaction.atomic():
                OutcomeFollowUp.objects.bulk_create(batch, batch_size=1000)
            created += len(batch)
        audit_record(
            actor=None,
            action=AuditAction.CREATE,
            object_type="outcomes.outcomefollowup",
            organisation_id=organisation_id,
            summary=f"Schemalade uppföljningar efter avslut för avslutade ärenden ({created})",
        )
    return created


def outcome_record(
    *,
    actor: "User",
    follow_up: OutcomeFollowUp,
    status: str,
    recorded_on: date | None,
    comment: str = "",
    expected_version: int,
    work_lasted_month: bool | None = None,
) -> OutcomeFollowUp:
    """Record where the person is some months after closure.

    At the follow-up one month after a closure to work, a person in work is also asked whether
    the employment has lasted one continuous month (`asks_work_lasted`); otherwise the answer
    is not kept.
    """
    if not policy.can_record_outcome(actor, follow_up):
        raise PermissionDenied
    errors: dict[str, str] = {}
    if status not in OutcomeStatus.values:
        errors["status"] = _("Välj var personen befinner sig nu.")
    if asks_work_lasted(follow_up) and status == OutcomeStatus.IN_WORK:
        if work_lasted_month is None:
            errors["work_lasted_month"] = _(
                "Svara om anställningen har varat minst en månad utan avbrott."
            )
    else:
        work_lasted_month = None
    if recorded_on is None:
        errors["recorded_on"] = _("Ange ett datum.")
    elif recorded_on > timezone.localdate():
        errors["recorded_on"] = _("Datumet kan inte vara i framtiden.")
    elif follow_up.case.closed_on and recorded_on < follow_up.case.closed_on:
        errors["recorded_on"] = _("Uppföljningen kan inte vara före avslutet (%(d)s).") % {
            "d": follow_up.case.closed_on.isoformat()
        }
    if errors:
        raise ValidationError(errors)
    before = follow_up.status
    with transaction.atomic():
        follow_up.status = status
        follow_up.recorded_on = recorded_on
        follow_up.recorded_by = actor
        follow_up.comment = (comment or "").strip()
        follow_up.work_lasted_month = work_lasted_month
        save_with_version(
            follow_up,
            expected_version=expected_version,
            fields=["status", "recorded_on", "recorded_by", "comment", "work_lasted_month"],
        )
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=follow_up,
            participant=follow_up.case.participant,
            summary=_("Uppföljning %(months)s månader efter avslut: %(status)s")
            % {"months": follow_up.months_after, "status": follow_up.get_status_display()},
            changes={"status": [before, status]},
        )
    return follow_up


def asks_work_lasted(follow_up: OutcomeFollowUp) -> bool:
    """The one-month follow-up of a closure to work confirms that the work lasted a month."""
    return follow_up.months_after == 1 and follow_up.case.closure_reason in WORK_REASONS


def parse_months(text: str) -> list[int]:
    """'6, 12' → [6, 12]; a Swedish ValidationError on the field for anything else."""
    parts = [part.strip() for part in (text or "").replace(";", ",").split(",") if part.strip()]
    message = _(
        "Ange hela månader mellan 1 och %(max)s, åtskilda med kommatecken, t.ex. 6, 12."
    ) % {"max": MAX_MONTHS}
    if not parts:
        raise ValidationError({"months": message})
    months: set[int] = set()
    for part in parts:
        month = parse_ascii_int(part)
        if month is None or not 1 <= month <= MAX_MONTHS:
            raise ValidationError({"months": message})
        months.add(month)
    return sorted(months)


def outcome_settings_update(
    *, actor: "User", months: list[int], expected_version: int
) -> OutcomeSettings:
    """Change when the organisation follows up after closure; applies to cases closed later."""
    if not policy.can_edit_outcome_settings(actor):
        raise PermissionDenied
    if not months or any(not 1 <= month <= MAX_MONTHS for month in months):
        raise ValidationError({"months": _("Ange minst en månad mellan 1 och 60.")})
    with transaction.atomic():
        current, _created = OutcomeSettings.objects.get_or_create(
            organisation_id=actor.organisation_id
        )
        if _created and expected_version == 0:
            expected_version = current.version
        before: Any = list(current.months)
        current.months = sorted(set(months))
        save_with_version(current, expected_version=expected_version, fields=["months"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=current,
            summary=_("Ändrade uppföljning efter avslut till %(months)s månader")
            % {"months": ", ".join(str(m) for m in current.months)},
            changes={"months": [before, current.months]},
        )
    return current
