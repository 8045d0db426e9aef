"""The plan the participant writes in too: own activities, steps marked done, comments, and
the coach's answer to each own activity. Every change is a PlanVersion like the coach's own,
marked with the side that made it, and announces `case_plan_changed`.

The participant acts through their Mina sidor user (`policy.can_take_part_in_plan`); the coach
through `policy.can_decide_own_activity`. Read receipts (`plan_read_record`) say which plan
version each side has seen.
"""

from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa.audit.constants import AuditAction
from lotsa.audit.services import audit_record
from lotsa.audit.updates import audited_create
from lotsa.cases import policy
from lotsa.cases.checks import case_closed_error
from lotsa.cases.constants import (
    PLAN_TEXT_MAX,
    PLAN_TITLE_MAX,
    ActivityStatus,
    Agreement,
    ApplicationStatus,
    OwnActivityKind,
    PlanSide,
    ResponsibleParty,
)
from lotsa.cases.models import Activity, Case, OwnActivity, PlanReading, StepComment
from lotsa.cases.services.plan import _plan_item_add, _plan_item_update
from lotsa.core.dates import implausible_date_message, is_plausible_date
from lotsa.core.text import refused_characters

if TYPE_CHECKING:
    from lotsa.organisations.models import User

OWN_ACTIVITY_FIELDS = (
    "title",
    "employer",
    "applied_on",
    "application_status",
    "description",
    "status",
)
# What the participant keeps up to date on their own activity; the rest is the coach's change.
PARTICIPANT_OWN_FIELDS = ("application_status", "status")


def _require_participant(actor: "User", case: Case) -> None:
    if not policy.is_case_participant(actor, case):
        raise PermissionDenied
    if case.is_closed:
        raise case_closed_error()


def _require_coach(actor: "User", case: Case) -> None:
    if case.is_closed:
        if policy.can_view_case(actor, case):
            raise case_closed_error()
        raise PermissionDenied
    if not policy.can_decide_own_activity(actor, case):
        raise PermissionDenied


def side_of(actor: "User", case: Case) -> str:
    return PlanSide.PARTICIPANT if policy.is_case_participant(actor, case) else PlanSide.COACH


def _text(
    value: str | None,
    *,
    field: str,
    errors: dict[str, str],
    maximum: int,
    required: str | None = None,
    one_line: bool = False,
) -> str:
    text = (value or "").strip()
    if required and not text:
        errors[field] = required
    elif len(text) > maximum:
        errors[field] = _("Skriv högst %(max)s tecken (nu %(n)s).") % {
            "max": maximum,
            "n": len(text),
        }
    elif one_line and ("\n" in text or refused_characters(text)):
        errors[field] = _("Skriv på en rad, utan specialtecken.")
    return text


def _own_activity_errors(data: dict[str, Any]) -> dict[str, str]:
    """Check an own activity's values as a whole; `data` is cleaned in place."""
    errors: dict[str, str] = {}
    kind = data.get("kind")
    if kind not in OwnActivityKind.values:
        errors["kind"] = _("Välj vad du vill lägga till.")
    is_job = kind == OwnActivityKind.JOB_APPLICATION
    data["title"] = _text(
        data.get("title"),
        field="title",
        errors=errors,
        maximum=PLAN_TITLE_MAX,
        required=_("Skriv vilket jobb du söker.") if is_job else _("Skriv vad du ska göra."),
        one_line=True,
    )
    data["employer"] = _text(
        data.get("employer"),
        field="employer",
        errors=errors,
        maximum=PLAN_TITLE_MAX,
        required=_("Skriv vilken arbetsgivare du söker jobb hos.") if is_job else None,
        one_line=True,
    )
    data["description"] = _text(
        data.get("description"), field="description", errors=errors, maximum=PLAN_TEXT_MAX
    )
    applied_on: date | None = data.get("applied_on")
    if applied_on is not None:
        if not is_plausible_date(applied_on):
            errors["applied_on"] = implausible_date_message()
        elif applied_on > timezone.localdate():
            errors["applied_on"] = _("Du kan inte ha sökt jobbet i framtiden.")
    if is_job:
        data["application_status"] = data.get("application_status") or ApplicationStatus.APPLIED
        if data["application_status"] not in ApplicationStatus.values:
            errors["application_status"] = _("Välj hur det går med ansökan.")
    else:
        data["employer"], data["applied_on"], data["application_status"] = "", None, ""
    if data.get("status", ActivityStatus.PLANNED) not in ActivityStatus.values:
        errors["status"] = _("Välj status.")
    return errors


def own_activity_add(
    *,
    actor: "User",
    case: Case,
    expected_plan_version: int,
    kind: str,
    title: str,
    employer: str = "",
    applied_on: date | None = None,
    application_status: str = "",
    description: str = "",
) -> OwnActivity:
    """The participant adds a job they apply for, or something they do themselves, as a
    proposal to their plan."""
    _require_participant(actor, case)
    data: dict[str, Any] = {
        "kind": kind,
        "title": title,
        "employer": employer,
        "applied_on": applied_on,
        "application_status": application_status,
        "description": description,
        "status": ActivityStatus.PLANNED,
    }
    errors = _own_activity_errors(data)
    if errors:
        raise ValidationError(errors)
    return _plan_item_add(
        actor=actor,
        instance=OwnActivity(case=case, created_by=actor, **data),
        expected_plan_version=expected_plan_version,
        summary=lambda own: _("Deltagaren föreslår: %(title)s") % {"title": str(own)},
        side=PlanSide.PARTICIPANT,
    )


def own_activity_update(
    *, actor: "User", own: OwnActivity, expected_plan_version: int, **changes: Any
) -> OwnActivity:
    """The participant keeps their own activity up to date: how the application goes, and
    whether it is planned, ongoing or done."""
    _require_participant(actor, own.case)
    unknown = set(changes) - set(PARTICIPANT_OWN_FIELDS)
    if unknown:
        raise TypeError(f"own activity fields not for the participant: {sorted(unknown)}")
    data = {name: getattr(own, name) for name in (*OWN_ACTIVITY_FIELDS, "kind")}
    data.update(changes)
    errors = _own_activity_errors(data)
    if errors:
        raise ValidationError(errors)
    return _plan_item_update(
        actor=actor,
        item="own_activity",
        instance=own,
        expected_plan_version=expected_plan_version,
        changes={name: data[name] for name in PARTICIPANT_OWN_FIELDS},
        allowed=PARTICIPANT_OWN_FIELDS,
        side=PlanSide.PARTICIPANT,
    )


def own_activity_decide(
    *,
    actor: "User",
    own: OwnActivity,
    expected_plan_version: int,
    agreement: str,
    reason: str = "",
    **changes: Any,
) -> OwnActivity:
    """The coach answers a participant's own activity: agreed ("Överenskommet"), agreed with
    changes (a reason says why), or declined (a reason is required)."""
    case = own.case
    _require_coach(actor, case)
    unknown = set(changes) - set(OWN_ACTIVITY_FIELDS)
    if unknown:
        raise TypeError(f"unknown own activity fields: {sorted(unknown)}")
    errors: dict[str, str] = {}
    if agreement not in (Agreement.AGREED, Agreement.DECLINED):
        errors["agreement"] = _("Välj om ni är överens eller inte.")
    needs_reason = agreement == Agreement.DECLINED or bool(changes)
    reason = _text(
        reason,
        field="reason",
        errors=errors,
        maximum=PLAN_TEXT_MAX,
        required=_("Skriv varför, så att deltagaren förstår.") if needs_reason else None,
    )
    data = {name: getattr(own, name) for name in (*OWN_ACTIVITY_FIELDS, "kind")}
    data.update(changes)
    errors.update(_own_activity_errors(data))
    if errors:
        raise ValidationError(errors)
    fields = {name: data[name] for name in OWN_ACTIVITY_FIELDS}
    fields.update(
        agreement=agreement,
        decision_reason=reason,
        decided_by=actor,
        decided_at=timezone.now(),
    )
    return _plan_item_update(
        actor=actor,
        item="own_activity",
        instance=own,
        expected_plan_version=expected_plan_version,
        changes=fields,
        allowed=(*OWN_ACTIVITY_FIELDS, "agreement", "decision_reason", "decided_by", "decided_at"),
        side=PlanSide.COACH,
        comment=reason,
    )


def activity_mark_done(
    *, actor: "User", activity: Activity, expected_plan_version: int
) -> Activity:
    """The participant marks a step of the plan they are responsible for as done."""
    case = activity.case
    _require_participant(actor, case)
    if activity.responsible != ResponsibleParty.PARTICIPANT:
        raise ValidationError(_("Bara steg som du ansvarar för kan du markera som klara."))
    if activity.status == ActivityStatus.DONE:
        return activity
    return _plan_item_update(
        actor=actor,
        item="activity",
        instance=activity,
        expected_plan_version=expected_plan_version,
        changes={"status": ActivityStatus.DONE},
        allowed=("status",),
        side=PlanSide.PARTICIPANT,
    )


def step_comment_add(
    *,
    actor: "User",
    case: Case,
    text: str,
    activity: Activity | None = None,
    own: OwnActivity | None = None,
) -> StepComment:
    """A comment on one step of the plan, by the participant or by whoever works on the case."""
    if (activity is None) == (own is None):
        raise TypeError("a comment belongs to exactly one step")
    step = activity if activity is not None else own
    assert step is not None
    if step.case_id != case.pk:
        raise PermissionDenied
    if case.is_closed:
        if policy.can_view_case(actor, case) or policy.is_case_participant(actor, case):
            raise case_closed_error()
        raise PermissionDenied
    if not policy.can_comment_on_plan(actor, case):
        raise PermissionDenied
    errors: dict[str, str] = {}
    cleaned = _text(
        text, field="text", errors=errors, maximum=PLAN_TEXT_MAX, required=_("Skriv en kommentar.")
    )
    if errors:
        raise ValidationError(errors)
    comment = StepComment(
        case=case,
        activity=activity,
        own_activity=own,
        side=side_of(actor, case),
        author=actor,
        text=cleaned,
    )
    return audited_create(
        actor=actor,
        instance=comment,
        participant=case.participant,
        summary=_("Kommentar till steget %(step)s") % {"step": str(step)},
    )


def plan_read_record(*, actor: "User", case: Case) -> PlanReading | None:
    """Record that `actor`'s side has read the plan as it is now (the other side's read
    receipt). Only the case's participant and those who work on it leave one."""
    if policy.is_case_participant(actor, case):
        side = PlanSide.PARTICIPANT
    elif policy.can_work_on_case(actor, case) and actor.pk == case.coach_id:
        side = PlanSide.COACH
    else:
        return None
    reading = PlanReading.objects.filter(case=case, side=side).first()
    if reading is not None and reading.plan_version >= case.plan_version:
        return reading  # nothing new read: no write, no transaction
    now = timezone.now()
    with transaction.atomic():
        if reading is None:
            reading, _created = PlanReading.objects.get_or_create(
                case=case, side=side, defaults={"plan_version": case.plan_version, "read_at": now}
            )
        PlanReading.objects.filter(pk=reading.pk).update(
            plan_version=case.plan_version, read_at=now
        )
        reading.plan_version, reading.read_at = case.plan_version, now
        audit_record(
            actor=actor,
            action=AuditAction.VIEW,
            obj=reading,
            participant=case.participant,
            summary=_("Läste planen, version %(n)s") % {"n": case.plan_version},
        )
    return reading
