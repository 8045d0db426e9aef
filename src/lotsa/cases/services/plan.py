"""The plan: goals and activities; every change writes a PlanVersion.

Every change moves `Case.plan_version` on by one, but only if it still is the version the
editor saw: two people revising the same plan never silently overwrite each other
(EditConflictError). A closed case is read-only: every service here refuses to change it.
"""

import copy
from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa.audit.constants import AuditAction
from lotsa.audit.services import audit_record, diff_fields
from lotsa.audit.updates import audited_update, require_known_fields
from lotsa.cases import events, messages, policy
from lotsa.cases.checks import (
    case_closed_error,
    require_work_on_case,
    required_date,
    required_text,
)
from lotsa.cases.constants import (
    EXTENT_MAXIMUM,
    ActivityStatus,
    CaseStatus,
    ExtentUnit,
    GoalKind,
    PlanSide,
    ResponsibleParty,
)
from lotsa.cases.models import (
    Activity,
    ActivityType,
    Case,
    Goal,
    OwnActivity,
    PlanVersion,
)
from lotsa.cases.plan import (
    activity_data,
    goal_data,
    item_title,
    own_activity_data,
    plan_changes,
    plan_snapshot,
)
from lotsa.core.concurrency import EditConflictError

if TYPE_CHECKING:
    from lotsa.organisations.models import User


# The plan: goals and activities, each change a new PlanVersion -----------------------------

GOAL_FIELDS = ("kind", "description", "target_date", "is_achieved")
ACTIVITY_FIELDS = (
    "activity_type",
    "description",
    "responsible",
    "starts_on",
    "ends_on",
    "extent",
    "extent_unit",
    "status",
)
M = TypeVar("M", Goal, Activity, OwnActivity)


def claim_plan_version(case: Case, expected: int | None) -> int:
    """Move the case's plan version on by one; the new number.

    With `expected`, only if the plan is still at that version: otherwise someone else changed
    it first and EditConflictError carries the case as it is now. A closed case is refused.
    """
    rows = Case.objects.filter(pk=case.pk).exclude(status=CaseStatus.CLOSED)
    if expected is not None:
        rows = rows.filter(plan_version=expected)
    if rows.update(plan_version=F("plan_version") + 1) != 1:
        current = Case.objects.select_related("participant", "coach").get(pk=case.pk)
        if current.is_closed:
            raise case_closed_error()
        raise EditConflictError(current)
    number = Case.objects.values_list("plan_version", flat=True).get(pk=case.pk)
    case.plan_version = number
    return number


def bump_plan_version(case: Case) -> int:
    """Move the plan version on by one whatever the case's status (closure and corrections
    after it); the new number."""
    Case.objects.filter(pk=case.pk).update(plan_version=F("plan_version") + 1)
    number = Case.objects.values_list("plan_version", flat=True).get(pk=case.pk)
    case.plan_version = number
    return number


def plan_version_snapshot(
    *,
    actor: "User",
    case: Case,
    number: int,
    summary: str,
    comment: str = "",
    side: str = PlanSide.COACH,
) -> PlanVersion:
    return PlanVersion.objects.create(
        case=case,
        number=number,
        author=actor,
        author_side=side,
        summary=summary[:300],
        comment=comment,
        snapshot=plan_snapshot(case),
    )


def plan_version_record(
    *,
    actor: "User",
    case: Case,
    number: int,
    summary: str,
    comment: str = "",
    side: str = PlanSide.COACH,
) -> PlanVersion:
    version = plan_version_snapshot(
        actor=actor, case=case, number=number, summary=summary, comment=comment, side=side
    )
    events.case_plan_changed.announce(Case, case=case, actor=actor, on=timezone.localdate())
    return version


def _goal_errors(
    case: Case, *, kind: str, description: str, target_date: date | None
) -> tuple[dict[str, str], str]:
    errors: dict[str, str] = {}
    if kind not in GoalKind.values:
        errors["kind"] = str(messages.GOAL_KIND_REQUIRED)
    text = required_text(
        description,
        field="description",
        errors=errors,
        message=str(messages.GOAL_DESCRIPTION_REQUIRED),
    )
    if target_date is not None and target_date < case.start_date:
        errors["target_date"] = _("Måldatum kan inte vara före ärendets startdatum (%(d)s).") % {
            "d": case.start_date.isoformat()
        }
    return errors, text


def goal_add(
    *,
    actor: "User",
    case: Case,
    expected_plan_version: int,
    kind: str,
    description: str,
    target_date: date | None = None,
) -> Goal:
    """Add a goal to the plan."""
    require_work_on_case(actor, case)
    errors, text = _goal_errors(case, kind=kind, description=description, target_date=target_date)
    if errors:
        raise ValidationError(errors)
    return _plan_item_add(
        actor=actor,
        instance=Goal(case=case, kind=kind, description=text, target_date=target_date),
        expected_plan_version=expected_plan_version,
        summary=lambda goal: (
            _("Nytt mål: %(title)s") % {"title": item_title("goal", goal_data(goal))}
        ),
    )


def _plan_item_add(
    *,
    actor: "User",
    instance: M,
    expected_plan_version: int,
    summary: Callable[[M], str],
    side: str = PlanSide.COACH,
) -> M:
    """Add an unsaved goal, activity or own activity to its case's plan as a new plan version,
    audited with `summary` of the saved item."""
    case = instance.case
    with transaction.atomic():
        number = claim_plan_version(case, expected_plan_version)
        instance.save(force_insert=True)
        text = summary(instance)
        plan_version_record(actor=actor, case=case, number=number, summary=text, side=side)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=instance,
            participant=case.participant,
            summary=text,
        )
    return instance


def _plan_item_remove(
    *, actor: "User", instance: Goal | Activity, expected_plan_version: int, summary: str
) -> None:
    """Take a goal or activity out of the plan as a new plan version; earlier versions still
    show it, and the audit record names its id."""
    case = instance.case
    with transaction.atomic():
        number = claim_plan_version(case, expected_plan_version)
        item_id = instance.pk
        instance.delete()
        plan_version_record(actor=actor, case=case, number=number, summary=summary)
        audit_record(
            actor=actor,
            action=AuditAction.DELETE,
            object_type=instance._meta.label_lower,
            participant=case.participant,
            summary=f"{summary} (id {item_id})",
        )


def _change_summary(item: str, before: dict[str, Any], after: dict[str, Any]) -> str | None:
    """'Ändrad aktivitet Praktik: status, slutdatum', or None when nothing changed."""
    key = {"goal": "goals", "activity": "activities", "own_activity": "own_activities"}[item]
    changes = plan_changes({key: [before]}, {key: [after]})
    if not changes:
        return None
    fields = ", ".join(change.label.lower() for change in changes[0].fields)
    return f"{changes[0].description}: {changes[0].title} ({fields})"


ITEM_DATA: dict[str, Callable[[Any], dict[str, Any]]] = {
    "goal": goal_data,
    "activity": activity_data,
    "own_activity": own_activity_data,
}


def _plan_item_update(
    *,
    actor: "User",
    item: str,
    instance: M,
    expected_plan_version: int,
    changes: dict[str, Any],
    allowed: tuple[str, ...],
    side: str = PlanSide.COACH,
    comment: str = "",
) -> M:
    """Write checked `changes` to a goal, activity or own activity (`item`) as a new plan
    version with the audited diff; nothing is written if nothing a reader sees changed."""
    data_of = ITEM_DATA[item]
    changed = copy.copy(instance)
    for name, value in changes.items():
        setattr(changed, name, value)
    summary = _change_summary(item, data_of(instance), data_of(changed))
    if summary is None:
        return instance
    case = instance.case
    with transaction.atomic():
        number = claim_plan_version(case, expected_plan_version)
        audited_update(
            actor=actor,
            instance=instance,
            changes=changes,
            allowed=allowed,
            expected_version=None,  # the plan version, claimed above, is the check
            summary=summary,
            participant=case.participant,
        )
        plan_version_record(
            actor=actor, case=case, number=number, summary=summary, comment=comment, side=side
        )
    return instance


def goal_update(*, actor: "User", goal: Goal, expected_plan_version: int, **changes: Any) -> Goal:
    """Change a goal (also mark it achieved); nothing is written if nothing changed."""
    require_known_fields(changes, GOAL_FIELDS, what="goal")
    case = goal.case
    require_work_on_case(actor, case)
    merged = {name: changes.get(name, getattr(goal, name)) for name in GOAL_FIELDS}
    errors, text = _goal_errors(
        case,
        kind=merged["kind"],
        description=merged["description"],
        target_date=merged["target_date"],
    )
    if errors:
        raise ValidationError(errors)
    merged["description"] = text
    merged["is_achieved"] = bool(merged["is_achieved"])
    return _plan_item_update(
        actor=actor,
        item="goal",
        instance=goal,
        expected_plan_version=expected_plan_version,
        changes=merged,
        allowed=GOAL_FIELDS,
    )


def goal_remove(*, actor: "User", goal: Goal, expected_plan_version: int) -> None:
    """Take a goal out of the plan; earlier plan versions still show it."""
    case = goal.case
    require_work_on_case(actor, case)
    _plan_item_remove(
        actor=actor,
        instance=goal,
        expected_plan_version=expected_plan_version,
        summary=_("Borttaget mål: %(title)s") % {"title": item_title("goal", goal_data(goal))},
    )


def _extent_value(value: Any, errors: dict[str, str]) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        extent = Decimal(str(value).replace(",", "."))
    except InvalidOperation:
        errors["extent"] = _("Ange omfattningen som ett tal.")
        return None
    if not extent.is_finite():
        errors["extent"] = _("Ange omfattningen som ett tal.")
        return None
    if extent != extent.quantize(Decimal("0.1")):
        errors["extent"] = _("Ange omfattningen med högst en decimal.")
    return extent


def _activity_errors(
    case: Case, data: dict[str, Any], *, current_type_id: int | None = None
) -> dict[str, str]:
    """Check an activity's values as a whole; `data` is changed in place to cleaned values."""
    errors: dict[str, str] = {}
    activity_type = data.get("activity_type")
    if not isinstance(activity_type, ActivityType) or (
        activity_type.organisation_id != case.organisation_id
    ):
        errors["activity_type"] = str(messages.ACTIVITY_TYPE_REQUIRED)
    elif not activity_type.is_active and activity_type.pk != current_type_id:
        errors["activity_type"] = _("Aktiviteten används inte längre. Välj en annan.")
    if not data.get("responsible") and "activity_type" not in errors:
        data["responsible"] = data["activity_type"].default_responsible
    if data.get("responsible") not in ResponsibleParty.values:
        errors["responsible"] = _("Välj vem som ansvarar för aktiviteten.")
    starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
    if starts_on is None:
        errors["starts_on"] = str(messages.START_DATE_REQUIRED)
    elif ends_on is not None and ends_on < starts_on:
        errors["ends_on"] = _("Slutdatum kan inte vara före startdatum.")
    unit = data.get("extent_unit") or ExtentUnit.HOURS_PER_WEEK
    data["extent_unit"] = unit
    extent = _extent_value(data.get("extent"), errors)
    if unit not in ExtentUnit.values:
        errors["extent_unit"] = _("Välj timmar i veckan eller procent av heltid.")
    elif extent is not None and "extent" not in errors:
        maximum = EXTENT_MAXIMUM[ExtentUnit(unit)]
        if extent < 0:
            errors["extent"] = _("Omfattningen kan inte vara negativ.")
        elif extent > maximum:
            errors["extent"] = (
                _("Högst %(max)s timmar i veckan.")
                if unit == ExtentUnit.HOURS_PER_WEEK
                else _("Högst %(max)s procent av heltid.")
            ) % {"max": maximum}
    data["extent"] = extent
    if data.get("status") not in ActivityStatus.values:
        errors["status"] = _("Välj status.")
    data["description"] = (data.get("description") or "").strip()
    return errors


def activity_add(
    *,
    actor: "User",
    case: Case,
    expected_plan_version: int,
    activity_type: ActivityType | None,
    starts_on: date | None,
    responsible: str = "",
    ends_on: date | None = None,
    extent: Decimal | int | str | None = None,
    extent_unit: str = ExtentUnit.HOURS_PER_WEEK,
    status: str = ActivityStatus.PLANNED,
    description: str = "",
) -> Activity:
    """Add an activity to the plan; it carries the SKR category of its catalogue item.

    Without `responsible` the catalogue item's usual responsible party is taken.
    """
    require_work_on_case(actor, case)
    data: dict[str, Any] = {
        "activity_type": activity_type,
        "responsible": responsible,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "extent": extent,
        "extent_unit": extent_unit,
        "status": status,
        "description": description,
    }
    errors = _activity_errors(case, data)
    if errors:
        raise ValidationError(errors)
    return _plan_item_add(
        actor=actor,
        instance=Activity(case=case, skr_category=data["activity_type"].skr_category, **data),
        expected_plan_version=expected_plan_version,
        summary=lambda _activity: (
            _("Ny aktivitet: %(title)s") % {"title": data["activity_type"].name}
        ),
    )


def activity_update(
    *, actor: "User", activity: Activity, expected_plan_version: int, **changes: Any
) -> Activity:
    """Change an activity (dates, extent, status …); a new type brings its own SKR category."""
    require_known_fields(changes, ACTIVITY_FIELDS, what="activity")
    case = activity.case
    require_work_on_case(actor, case)
    data = {name: changes.get(name, getattr(activity, name)) for name in ACTIVITY_FIELDS}
    errors = _activity_errors(case, data, current_type_id=activity.activity_type_id)
    if errors:
        raise ValidationError(errors)
    data["skr_category"] = data["activity_type"].skr_category
    return _plan_item_update(
        actor=actor,
        item="activity",
        instance=activity,
        expected_plan_version=expected_plan_version,
        changes=data,
        allowed=(*ACTIVITY_FIELDS, "skr_category"),
    )


def activity_remove(*, actor: "User", activity: Activity, expected_plan_version: int) -> None:
    """Take an activity out of the plan; earlier plan versions still show it."""
    case = activity.case
    require_work_on_case(actor, case)
    _plan_item_remove(
        actor=actor,
        instance=activity,
        expected_plan_version=expected_plan_version,
        summary=_("Borttagen aktivitet: %(title)s") % {"title": activity.activity_type.name},
    )


def activity_end_correct(
    *, actor: "User", activity: Activity, expected_plan_version: int, ends_on: date | None
) -> Activity:
    """Correct the end date of an activity of a closed case (the only change a closed plan
    takes): between its start and the closure, written to the plan's history and the audit log.
    """
    case = activity.case
    if not policy.can_correct_end_dates(actor, case):
        if case.is_closed or not policy.can_view_case(actor, case):
            raise PermissionDenied
        raise ValidationError(
            _("Ärendet är öppet. Ändra aktiviteten i planen i stället."), code="open"
        )
    errors: dict[str, str] = {}
    required_date(ends_on, field="ends_on", errors=errors)
    if ends_on is not None and ends_on < activity.starts_on:
        errors["ends_on"] = _("Slutdatum kan inte vara före startdatum (%(d)s).") % {
            "d": activity.starts_on.isoformat()
        }
    elif ends_on is not None and case.closed_on is not None and ends_on > case.closed_on:
        errors["ends_on"] = _(
            "Slutdatum kan inte vara efter ärendets avslut (%(d)s). Ett avslutat ärende har "
            "inget som pågår."
        ) % {"d": case.closed_on.isoformat()}
    if errors:
        raise ValidationError(errors)
    if ends_on == activity.ends_on:
        return activity
    before = activity.ends_on
    with transaction.atomic():
        claimed = Case.objects.filter(
            pk=case.pk, status=CaseStatus.CLOSED, plan_version=expected_plan_version
        ).update(plan_version=F("plan_version") + 1)
        if claimed != 1:
            raise EditConflictError(Case.objects.select_related("participant").get(pk=case.pk))
        case.plan_version = expected_plan_version + 1
        activity.ends_on = ends_on
        activity.save(update_fields=["ends_on"])
        summary = _("Rättat slutdatum efter avslut: %(title)s %(old)s → %(new)s") % {
            "title": activity.activity_type.name,
            "old": before.isoformat() if before else _("inget"),
            "new": ends_on.isoformat() if ends_on else "",
        }
        plan_version_snapshot(actor=actor, case=case, number=case.plan_version, summary=summary)
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=activity,
            participant=case.participant,
            summary=summary,
            changes=diff_fields({"ends_on": before}, {"ends_on": ends_on}),
        )
        events.activity_end_corrected.announce(Activity, activity=activity, actor=actor, on=ends_on)
    return activity
