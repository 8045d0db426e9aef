"""Writes to cases: one function per use case, each with policy, transaction and audit.

Every change to the plan (goals, activities, a recorded follow-up) writes a PlanVersion and
moves `Case.plan_version` on by one, but only if it still is the version the editor saw:
two people revising the same plan never silently overwrite each other (EditConflictError).
A closed case is read-only: every service here refuses to change it.
"""

import copy
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa.audit.constants import AuditAction
from lotsa.audit.services import audit_record, diff_fields
from lotsa.audit.updates import audited_update, require_known_fields
from lotsa.cases import events, messages, policy
from lotsa.cases.checks import (
    case_closed_error,
    lock_open_case,
    not_in_future,
    require_work_on_case,
    required_date,
    required_text,
)
from lotsa.cases.constants import (
    EXTENT_MAXIMUM,
    HANDOVER_PARTIES,
    OPEN_ACTIVITY_STATUSES,
    ActivityArea,
    ActivityStatus,
    CaseStatus,
    ClosureReason,
    ExtentUnit,
    GoalKind,
    ResponsibleParty,
    SkrCategory,
)
from lotsa.cases.journal import services as journal_services
from lotsa.cases.journal.constants import NoteKind, NoteStatus
from lotsa.cases.journal.models import Note
from lotsa.cases.models import (
    Activity,
    ActivityType,
    Case,
    CaseReopening,
    FollowUp,
    Goal,
    PlanVersion,
)
from lotsa.cases.plan import activity_data, goal_data, item_title, plan_changes, plan_snapshot
from lotsa.core.concurrency import EditConflictError
from lotsa.core.dates import add_months
from lotsa.organisations.constants import Role

if TYPE_CHECKING:
    from lotsa.organisations.models import Organisation, User
    from lotsa.referrals.models import Referral


def case_open(*, actor: "User", referral: "Referral", coach: "User", start_date: date) -> Case:
    """Open a case for a referral with `coach` as owner; schedules the first follow-up.

    Called by referrals.services.referral_accept inside its transaction; the referral's own
    status is changed there.
    """
    unit = referral.receiving_unit
    if not policy.can_open_case(actor, unit.pk):
        raise PermissionDenied
    if coach.role != Role.COACH or coach.unit_id != unit.pk or not coach.is_active:
        raise ValidationError({"coach": _("Välj en arbetscoach på den mottagande enheten.")})
    referred_on = timezone.localdate(referral.submitted_at)
    if start_date < referred_on:
        raise ValidationError({"start_date": _("Startdatum kan inte vara före remissdatum.")})
    if Case.objects.filter(referral=referral).exists():
        raise ValidationError(_("Remissen har redan ett ärende."))
    interval = referral.guideline_version.follow_up_interval_months
    with transaction.atomic():
        case = Case.objects.create(
            organisation_id=referral.organisation_id,
            participant_id=referral.participant_id,
            referral=referral,
            unit=unit,
            coach=coach,
            status=CaseStatus.ACTIVE,
            start_date=start_date,
            waiting_days=(start_date - referred_on).days,
            follow_up_interval_months=interval,
            next_follow_up_on=add_months(start_date, interval),
        )
        FollowUp.objects.create(case=case, due_on=case.next_follow_up_on)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=case,
            participant=referral.participant,
            summary=_("Öppnade ärende med %(coach)s som arbetscoach") % {"coach": coach},
        )
        events.case_opened.announce(Case, case=case, actor=actor, on=start_date)
    return case


# Activity catalogue ------------------------------------------------------------------------

CATALOGUE_FIELDS = ("name", "skr_category", "area", "default_responsible", "is_active")
_CATALOGUE_FILE_KEYS = {"name", "skr_category", "area", "default_responsible", "source", "comment"}


def _activity_type_errors(
    *, name: str, skr_category: Any, area: str, default_responsible: str
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not (name or "").strip():
        errors["name"] = str(messages.CATALOGUE_NAME_REQUIRED)
    elif len(name.strip()) > 200:
        errors["name"] = _("Namnet får vara högst 200 tecken.")
    if skr_category not in SkrCategory.values:
        errors["skr_category"] = str(messages.SKR_CATEGORY_REQUIRED)
    if area not in ActivityArea.values:
        errors["area"] = str(messages.AREA_REQUIRED)
    if default_responsible not in ResponsibleParty.values:
        errors["default_responsible"] = _("Välj vem som brukar ansvara.")
    return errors


def _name_taken(organisation_id: int, name: str, *, exclude: int | None = None) -> bool:
    others = ActivityType.objects.filter(organisation_id=organisation_id, name__iexact=name)
    if exclude is not None:
        others = others.exclude(pk=exclude)
    return others.exists()


def activity_catalogue_install(
    *, organisation: "Organisation", data: dict[str, Any]
) -> dict[str, int]:
    """Add the catalogue's activities that the organisation lacks; existing ones stay as edited.

    Checks the whole file first, so a faulty catalogue installs nothing.
    """
    items = data.get("activities") if isinstance(data, dict) else None
    if not isinstance(items, list) or not items:
        raise ValidationError(_("Katalogen innehåller inga aktiviteter."))
    problems: list[str] = []
    seen: set[str] = set()
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            problems.append(_("Rad %(n)s är inte en aktivitet.") % {"n": number})
            continue
        name = str(item.get("name", "")).strip()
        unknown = set(item) - _CATALOGUE_FILE_KEYS
        if unknown:
            problems.append(
                _("Aktivitet %(n)s (%(name)s): okända fält %(fields)s.")
                % {"n": number, "name": name, "fields": ", ".join(sorted(unknown))}
            )
        errors = _activity_type_errors(
            name=name,
            skr_category=item.get("skr_category"),
            area=item.get("area", ""),
            default_responsible=item.get("default_responsible", ResponsibleParty.COACH),
        )
        problems.extend(
            _("Aktivitet %(n)s (%(name)s): %(problem)s")
            % {"n": number, "name": name, "problem": problem}
            for problem in errors.values()
        )
        if name.lower() in seen:
            problems.append(_("Aktiviteten %(name)s finns två gånger.") % {"name": name})
        seen.add(name.lower())
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        existing = {
            name.lower()
            for name in ActivityType.objects.filter(organisation=organisation).values_list(
                "name", flat=True
            )
        }
        created = [
            ActivityType(
                organisation=organisation,
                name=item["name"].strip(),
                skr_category=item["skr_category"],
                area=item["area"],
                default_responsible=item.get("default_responsible", ResponsibleParty.COACH),
            )
            for item in items
            if item["name"].strip().lower() not in existing
        ]
        ActivityType.objects.bulk_create(created)
        audit_record(
            actor=None,
            action=AuditAction.CREATE,
            object_type="cases.activitytype",
            summary=_(
                "Installerade aktivitetskatalog i %(organisation)s: %(new)s nya, %(old)s fanns"
            )
            % {
                "organisation": organisation.name,
                "new": len(created),
                "old": len(items) - len(created),
            },
        )
    return {"created": len(created), "existing": len(items) - len(created)}


def activity_type_create(
    *,
    actor: "User",
    name: str,
    skr_category: int,
    area: str,
    default_responsible: str = ResponsibleParty.COACH,
) -> ActivityType:
    """Add an activity to the administrator's organisation's catalogue."""
    if not policy.can_manage_catalogue(actor):
        raise PermissionDenied
    name = (name or "").strip()
    errors = _activity_type_errors(
        name=name, skr_category=skr_category, area=area, default_responsible=default_responsible
    )
    if not errors and _name_taken(actor.organisation_id, name):  # type: ignore[arg-type]
        errors["name"] = _("Det finns redan en aktivitet med det namnet.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        activity_type = ActivityType.objects.create(
            organisation_id=actor.organisation_id,
            name=name,
            skr_category=skr_category,
            area=area,
            default_responsible=default_responsible,
        )
        audit_record(actor=actor, action=AuditAction.CREATE, obj=activity_type, summary=name)
    return activity_type


def activity_type_update(
    *, actor: "User", activity_type: ActivityType, **changes: Any
) -> ActivityType:
    """Rename, reclassify or (de)activate a catalogue item; plans keep the category they had."""
    require_known_fields(changes, CATALOGUE_FIELDS, what="activity type")
    if (
        not policy.can_manage_catalogue(actor)
        or activity_type.organisation_id != actor.organisation_id
    ):
        raise PermissionDenied
    merged = {name: changes.get(name, getattr(activity_type, name)) for name in CATALOGUE_FIELDS}
    merged["name"] = (merged["name"] or "").strip()
    errors = _activity_type_errors(
        name=merged["name"],
        skr_category=merged["skr_category"],
        area=merged["area"],
        default_responsible=merged["default_responsible"],
    )
    if not errors and _name_taken(
        activity_type.organisation_id, merged["name"], exclude=activity_type.pk
    ):
        errors["name"] = _("Det finns redan en aktivitet med det namnet.")
    if errors:
        raise ValidationError(errors)
    return audited_update(
        actor=actor,
        instance=activity_type,
        changes=merged,
        allowed=CATALOGUE_FIELDS,
        expected_version=None,
        summary=merged["name"],
    )


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


def _claim_plan_version(case: Case, expected: int | None) -> int:
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


def _bump_plan_version(case: Case) -> int:
    """Move the plan version on by one whatever the case's status (closure and corrections
    after it); the new number."""
    Case.objects.filter(pk=case.pk).update(plan_version=F("plan_version") + 1)
    number = Case.objects.values_list("plan_version", flat=True).get(pk=case.pk)
    case.plan_version = number
    return number


def _plan_version_snapshot(
    *, actor: "User", case: Case, number: int, summary: str, comment: str = ""
) -> PlanVersion:
    return PlanVersion.objects.create(
        case=case,
        number=number,
        author=actor,
        summary=summary[:300],
        comment=comment,
        snapshot=plan_snapshot(case),
    )


def _plan_version_record(
    *, actor: "User", case: Case, number: int, summary: str, comment: str = ""
) -> PlanVersion:
    version = _plan_version_snapshot(
        actor=actor, case=case, number=number, summary=summary, comment=comment
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
    with transaction.atomic():
        number = _claim_plan_version(case, expected_plan_version)
        goal = Goal.objects.create(case=case, kind=kind, description=text, target_date=target_date)
        summary = _("Nytt mål: %(title)s") % {"title": item_title("goal", goal_data(goal))}
        _plan_version_record(actor=actor, case=case, number=number, summary=summary)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=goal,
            participant=case.participant,
            summary=summary,
        )
    return goal


def _change_summary(item: str, before: dict[str, Any], after: dict[str, Any]) -> str | None:
    """'Ändrad aktivitet Praktik: status, slutdatum', or None when nothing changed."""
    key = "goals" if item == "goal" else "activities"
    changes = plan_changes({key: [before]}, {key: [after]})
    if not changes:
        return None
    fields = ", ".join(change.label.lower() for change in changes[0].fields)
    return f"{changes[0].description}: {changes[0].title} ({fields})"


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
    changed = copy.copy(goal)
    for name, value in merged.items():
        setattr(changed, name, value)
    summary = _change_summary("goal", goal_data(goal), goal_data(changed))
    if summary is None:
        return goal
    with transaction.atomic():
        number = _claim_plan_version(case, expected_plan_version)
        audited_update(
            actor=actor,
            instance=goal,
            changes=merged,
            allowed=GOAL_FIELDS,
            expected_version=None,  # the plan version, claimed above, is the check
            summary=summary,
            participant=case.participant,
        )
        _plan_version_record(actor=actor, case=case, number=number, summary=summary)
    return goal


def goal_remove(*, actor: "User", goal: Goal, expected_plan_version: int) -> None:
    """Take a goal out of the plan; earlier plan versions still show it."""
    case = goal.case
    require_work_on_case(actor, case)
    summary = _("Borttaget mål: %(title)s") % {"title": item_title("goal", goal_data(goal))}
    with transaction.atomic():
        number = _claim_plan_version(case, expected_plan_version)
        goal_id = goal.pk
        goal.delete()
        _plan_version_record(actor=actor, case=case, number=number, summary=summary)
        audit_record(
            actor=actor,
            action=AuditAction.DELETE,
            object_type="cases.goal",
            participant=case.participant,
            summary=f"{summary} (id {goal_id})",
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
    with transaction.atomic():
        number = _claim_plan_version(case, expected_plan_version)
        activity = Activity.objects.create(
            case=case, skr_category=data["activity_type"].skr_category, **data
        )
        summary = _("Ny aktivitet: %(title)s") % {"title": data["activity_type"].name}
        _plan_version_record(actor=actor, case=case, number=number, summary=summary)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=activity,
            participant=case.participant,
            summary=summary,
        )
    return activity


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
    changed = copy.copy(activity)
    for name, value in data.items():
        setattr(changed, name, value)
    summary = _change_summary("activity", activity_data(activity), activity_data(changed))
    if summary is None:
        return activity
    with transaction.atomic():
        number = _claim_plan_version(case, expected_plan_version)
        audited_update(
            actor=actor,
            instance=activity,
            changes=data,
            allowed=(*ACTIVITY_FIELDS, "skr_category"),
            expected_version=None,  # the plan version, claimed above, is the check
            summary=summary,
            participant=case.participant,
        )
        _plan_version_record(actor=actor, case=case, number=number, summary=summary)
    return activity


def activity_remove(*, actor: "User", activity: Activity, expected_plan_version: int) -> None:
    """Take an activity out of the plan; earlier plan versions still show it."""
    case = activity.case
    require_work_on_case(actor, case)
    summary = _("Borttagen aktivitet: %(title)s") % {"title": activity.activity_type.name}
    with transaction.atomic():
        number = _claim_plan_version(case, expected_plan_version)
        activity_id = activity.pk
        activity.delete()
        _plan_version_record(actor=actor, case=case, number=number, summary=summary)
        audit_record(
            actor=actor,
            action=AuditAction.DELETE,
            object_type="cases.activity",
            participant=case.participant,
            summary=f"{summary} (id {activity_id})",
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
        _plan_version_snapshot(actor=actor, case=case, number=case.plan_version, summary=summary)
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
        number = _claim_plan_version(case, None)
        _plan_version_record(
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


# Status: pause, resume, close, reopen ---------------------------------------------------------


def _change_status(
    *,
    actor: "User",
    case: Case,
    from_status: str,
    to_status: str,
    summary: str,
    event: events.LifecycleEvent,
) -> Case:
    with transaction.atomic():
        current = lock_open_case(case)
        if current.status != from_status:
            raise ValidationError(
                _("Ärendet har status %(status)s.") % {"status": current.get_status_display()},
                code="status",
            )
        Case.objects.filter(pk=case.pk).update(status=to_status, version=F("version") + 1)
        case.status, case.version = to_status, current.version + 1
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=case,
            participant=case.participant,
            summary=summary,
            changes={"status": [from_status, to_status]},
        )
        event.announce(Case, case=case, actor=actor, on=timezone.localdate())
    return case


def case_pause(*, actor: "User", case: Case, reason: str = "") -> Case:
    """Set an active case as paused ("vilande"), e.g. during sick leave or parental leave."""
    require_work_on_case(actor, case)
    summary = _("Satte ärendet som vilande")
    if reason.strip():
        summary = f"{summary}: {reason.strip()}"
    return _change_status(
        actor=actor,
        case=case,
        from_status=CaseStatus.ACTIVE,
        to_status=CaseStatus.PAUSED,
        summary=summary,
        event=events.case_paused,
    )


def case_resume(*, actor: "User", case: Case) -> Case:
    """Make a paused case active again."""
    require_work_on_case(actor, case)
    return _change_status(
        actor=actor,
        case=case,
        from_status=CaseStatus.PAUSED,
        to_status=CaseStatus.ACTIVE,
        summary=_("Aktiverade ärendet igen"),
        event=events.case_resumed,
    )


def activities_open_at_closure(case: Case, activities: Any = None) -> list[Activity]:
    """The case's activities that would still run after closing today: planned or ongoing, or
    without an end date, or ending later. The closing page lists them and asks about each.

    `activities` may be the case's activities already loaded (the case page has them).
    """
    today = timezone.localdate()
    if activities is None:
        activities = (
            Activity.objects.filter(case=case)
            .select_related("activity_type")
            .order_by("starts_on", "id")
        )
    return [
        activity
        for activity in activities
        if activity.status in OPEN_ACTIVITY_STATUSES
        or activity.ends_on is None
        or activity.ends_on > today
    ]


def _activities_end_at_closure(
    *, actor: "User | None", case: Case, closed_on: date, handovers: dict[int, str]
) -> list[str]:
    """End every activity of `case` that runs past `closed_on`; what was done, in words.

    An activity that had begun ends on the closure date (planned or ongoing: "Genomförd"); one
    that was due to start after it is "Avbruten". `handovers` maps activity ids to who takes
    them over ("Arbetsförmedlingen" …); they end in this plan all the same.
    """
    running = (
        Activity.objects.filter(case=case)
        .filter(
            Q(status__in=OPEN_ACTIVITY_STATUSES)
            | Q(ends_on__isnull=True)
            | Q(ends_on__gt=closed_on)
            | Q(pk__in=list(handovers))
        )
        .select_related("activity_type")
        .order_by("starts_on", "id")
    )
    done: list[str] = []
    for activity in running:
        before = {
            "ends_on": activity.ends_on,
            "status": activity.status,
            "handed_over_to": activity.handed_over_to,
        }
        if activity.starts_on > closed_on:
            if activity.status in OPEN_ACTIVITY_STATUSES:
                activity.status = ActivityStatus.CANCELLED
        else:
            if activity.ends_on is None or activity.ends_on > closed_on:
                activity.ends_on = closed_on
            if activity.status in OPEN_ACTIVITY_STATUSES:
                activity.status = ActivityStatus.DONE
        if activity.pk in handovers:
            activity.handed_over_to = handovers[activity.pk]
        after = {
            "ends_on": activity.ends_on,
            "status": activity.status,
            "handed_over_to": activity.handed_over_to,
        }
        if after == before:
            continue
        activity.save(update_fields=list(after))
        if activity.handed_over_to:
            summary = _("%(title)s överlämnad till %(party)s vid avslut %(on)s") % {
                "title": activity.activity_type.name,
                "party": activity.get_handed_over_to_display(),
                "on": closed_on.isoformat(),
            }
        elif activity.status == ActivityStatus.CANCELLED:
            summary = _("%(title)s avbruten vid avslut %(on)s (skulle ha börjat %(start)s)") % {
                "title": activity.activity_type.name,
                "on": closed_on.isoformat(),
                "start": activity.starts_on.isoformat(),
            }
        else:
            summary = _("%(title)s avslutad %(on)s när ärendet avslutades") % {
                "title": activity.activity_type.name,
                "on": closed_on.isoformat(),
            }
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=activity,
            participant=case.participant,
            summary=summary,
            changes=diff_fields(before, after),
        )
        done.append(summary)
    return done


def _handover_errors(case: Case, handovers: dict[int, str]) -> dict[str, str]:
    errors: dict[str, str] = {}
    known = set(Activity.objects.filter(case=case).values_list("pk", flat=True))
    for activity_id, party in handovers.items():
        if activity_id not in known:
            errors[f"activity_{activity_id}"] = _("Aktiviteten finns inte i ärendets plan.")
        elif party not in HANDOVER_PARTIES:
            errors[f"activity_{activity_id}"] = _("Välj vem som tar över aktiviteten.")
    return errors


def case_close(
    *,
    actor: "User",
    case: Case,
    reason: ClosureReason | str,
    closed_on: date | None,
    note: str = "",
    handovers: dict[int, str] | None = None,
    expected_version: int | None = None,
    expected_plan_version: int | None = None,
) -> Case:
    """Close the case with a reason and a date; from then on it is read-only.

    Scheduled follow-ups that have not been held are removed; the journal must have no drafts.
    Every activity still running ends on the closure date, or is handed over to the party
    `handovers` names for it (activity id → ResponsibleParty); other apps end what they hold
    (placements …) in the same transaction through `events.case_closed`. With the versions the
    closing page showed, a case someone changed meanwhile raises EditConflictError.
    """
    handovers = dict(handovers or {})
    require_work_on_case(actor, case)
    if not policy.can_close_case(actor, case):
        raise PermissionDenied
    errors: dict[str, str] = {}
    if reason not in ClosureReason.values:
        errors["reason"] = str(messages.CLOSURE_REASON_REQUIRED)
    required_date(closed_on, field="closed_on", errors=errors)
    not_in_future(closed_on, field="closed_on", errors=errors)
    if closed_on is not None and "closed_on" not in errors and closed_on < case.start_date:
        errors["closed_on"] = _("Ärendet kan inte avslutas före startdatum (%(d)s).") % {
            "d": case.start_date.isoformat()
        }
    errors.update(_handover_errors(case, handovers))
    if errors:
        raise ValidationError(errors)
    assert closed_on is not None  # checked above; tells the type checker
    with transaction.atomic():
        current = lock_open_case(case)
        if (expected_version is not None and current.version != expected_version) or (
            expected_plan_version is not None and current.plan_version != expected_plan_version
        ):
            raise EditConflictError(current)
        drafts = list(
            Note.objects.filter(case=case, status=NoteStatus.DRAFT).select_related("author")
        )
        if drafts:
            authors = ", ".join(sorted({str(draft.author) for draft in drafts}))
            raise ValidationError(
                _(
                    "Journalen har osignerade utkast (skrivna av %(authors)s). De måste "
                    "signeras eller tas bort innan ärendet avslutas."
                )
                % {"authors": authors},
                code="drafts",
            )
        closure_note = (note or "").strip()
        Case.objects.filter(pk=case.pk).update(
            status=CaseStatus.CLOSED,
            closed_on=closed_on,
            closure_reason=reason,
            closure_note=closure_note,
            next_follow_up_on=None,
            version=F("version") + 1,
        )
        removed, _rows = FollowUp.objects.filter(case=case, done_on__isnull=True).delete()
        case.status, case.closed_on, case.closure_reason = CaseStatus.CLOSED, closed_on, reason
        case.closure_note, case.next_follow_up_on = closure_note, None
        case.version = current.version + 1
        ended = _activities_end_at_closure(
            actor=actor, case=case, closed_on=closed_on, handovers=handovers
        )
        if ended:
            number = _bump_plan_version(case)
            _plan_version_snapshot(
                actor=actor,
                case=case,
                number=number,
                summary=_("Ärendet avslutades: %(what)s") % {"what": "; ".join(ended)},
            )
        # Other apps end what the case held and schedule what follows (follow-up after
        # closure, placements ended …) in this transaction: see docs/architecture.md.
        events.case_closed.announce(Case, case=case, actor=actor, on=closed_on)
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=case,
            participant=case.participant,
            summary=_("Avslutade ärendet: %(reason)s")
            % {"reason": case.get_closure_reason_display()},
            changes={
                "status": [current.status, CaseStatus.CLOSED],
                "closed_on": [None, closed_on.isoformat() if closed_on else None],
                "removed_follow_ups": [removed, 0],
                "ended_activities": [0, len(ended)],
            },
        )
    return case


def case_reopen(*, actor: "User", case: Case, reason: str) -> Case:
    """Open a closed case again (the unit's manager, with a reason); a follow-up is scheduled."""
    if not policy.can_reopen_case(actor, case):
        if not case.is_closed and policy.can_view_case(actor, case):
            raise ValidationError(_("Ärendet är inte avslutat."), code="open")
        raise PermissionDenied
    errors: dict[str, str] = {}
    clean_reason = required_text(
        reason, field="reason", errors=errors, message=str(messages.REOPEN_REASON_REQUIRED)
    )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = Case.objects.select_for_update().get(pk=case.pk)
        if not current.is_closed:
            raise ValidationError(_("Ärendet är inte avslutat."), code="open")
        reopening = CaseReopening.objects.create(
            case=case,
            reopened_by=actor,
            reason=clean_reason,
            previous_closed_on=current.closed_on,
            previous_closure_reason=current.closure_reason,
        )
        next_due = add_months(timezone.localdate(), current.follow_up_interval_months)
        FollowUp.objects.create(case=case, due_on=next_due)
        Case.objects.filter(pk=case.pk).update(
            status=CaseStatus.ACTIVE,
            closed_on=None,
            closure_reason="",
            closure_note="",
            next_follow_up_on=next_due,
            version=F("version") + 1,
        )
        case.status, case.closed_on, case.closure_reason, case.closure_note = (
            CaseStatus.ACTIVE,
            None,
            "",
            "",
        )
        case.next_follow_up_on, case.version = next_due, current.version + 1
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=case,
            participant=case.participant,
            summary=_("Öppnade ärendet igen: %(reason)s") % {"reason": clean_reason[:200]},
            changes={"reopening": [None, reopening.pk]},
        )
        events.case_reopened.announce(Case, case=case, actor=actor, on=timezone.localdate())
    return case
