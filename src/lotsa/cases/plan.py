"""The plan as data: the snapshot kept with every PlanVersion, and what changed between two."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lotsa.cases.constants import (
    ActivityStatus,
    Agreement,
    ApplicationStatus,
    ExtentUnit,
    GoalKind,
    OwnActivityKind,
    ResponsibleParty,
    SkrCategory,
)
from lotsa.cases.models import Activity, Case, Goal, OwnActivity

GOAL_FIELDS: dict[str, Promise] = {
    "kind": gettext_lazy("Typ av mål"),
    "description": gettext_lazy("Beskrivning"),
    "target_date": gettext_lazy("Måldatum"),
    "is_achieved": gettext_lazy("Uppnått"),
}
ACTIVITY_FIELDS: dict[str, Promise] = {
    "activity_type": gettext_lazy("Aktivitet"),
    "skr_category": gettext_lazy("SKR-kategori"),
    "description": gettext_lazy("Beskrivning"),
    "responsible": gettext_lazy("Ansvarig"),
    "starts_on": gettext_lazy("Startdatum"),
    "ends_on": gettext_lazy("Slutdatum"),
    "extent": gettext_lazy("Omfattning"),
    "status": gettext_lazy("Status"),
}
OWN_ACTIVITY_FIELDS: dict[str, Promise] = {
    "kind": gettext_lazy("Typ"),
    "title": gettext_lazy("Vad"),
    "employer": gettext_lazy("Arbetsgivare"),
    "applied_on": gettext_lazy("Ansökt"),
    "application_status": gettext_lazy("Hur det går"),
    "description": gettext_lazy("Beskrivning"),
    "status": gettext_lazy("Status"),
    "agreement": gettext_lazy("Överenskommelse"),
}


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def goal_data(goal: Goal) -> dict[str, Any]:
    return {
        "id": goal.pk,
        "kind": goal.kind,
        "description": goal.description,
        "target_date": _iso(goal.target_date),
        "is_achieved": goal.is_achieved,
    }


def activity_data(activity: Activity) -> dict[str, Any]:
    return {
        "id": activity.pk,
        "activity_type_id": activity.activity_type_id,
        "activity_type": activity.activity_type.name,
        "skr_category": activity.skr_category,
        "description": activity.description,
        "responsible": activity.responsible,
        "starts_on": _iso(activity.starts_on),
        "ends_on": _iso(activity.ends_on),
        "extent": None if activity.extent is None else str(activity.extent),
        "extent_unit": activity.extent_unit,
        "status": activity.status,
    }


def own_activity_data(own: OwnActivity) -> dict[str, Any]:
    return {
        "id": own.pk,
        "kind": own.kind,
        "title": own.title,
        "employer": own.employer,
        "applied_on": _iso(own.applied_on),
        "application_status": own.application_status,
        "description": own.description,
        "status": own.status,
        "agreement": own.agreement,
        "decision_reason": own.decision_reason,
    }


def plan_snapshot(case: Case) -> dict[str, list[dict[str, Any]]]:
    """The whole plan of `case` as JSON-safe data, in a stable order."""
    goals = Goal.objects.filter(case=case).order_by("id")
    activities = Activity.objects.filter(case=case).select_related("activity_type").order_by("id")
    own = OwnActivity.objects.filter(case=case).order_by("id")
    return {
        "goals": [goal_data(goal) for goal in goals],
        "activities": [activity_data(activity) for activity in activities],
        "own_activities": [own_activity_data(row) for row in own],
    }


def format_number(value: Decimal | str) -> str:
    """'37,5', '20': Swedish decimal comma, no trailing ',0'."""
    return f"{Decimal(str(value)).normalize():f}".replace(".", ",")


def format_extent(extent: Decimal | str | None, unit: str) -> str:
    """'20 timmar i veckan', '50 procent av heltid'."""
    if extent in (None, ""):
        return "–"
    labels = dict(ExtentUnit.choices)
    return f"{format_number(extent)} {labels.get(unit, unit)}"  # type: ignore[arg-type]


def _label(choices: Any, value: Any) -> str:
    return str(dict(choices.choices).get(value, value))


def display_value(item: str, field: str, data: dict[str, Any]) -> str:
    """The value of `field` in a snapshot row, in words a person reads."""
    value = data.get(field)
    if field == "extent":
        return format_extent(value, data.get("extent_unit", ""))
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("Ja") if value else _("Nej")
    if item == "goal" and field == "kind":
        return _label(GoalKind, value)
    if item == "own_activity" and field == "kind":
        return _label(OwnActivityKind, value)
    if field == "application_status":
        return _label(ApplicationStatus, value)
    if field == "agreement":
        return _label(Agreement, value)
    if field == "responsible":
        return _label(ResponsibleParty, value)
    if field == "status":
        return _label(ActivityStatus, value)
    if field == "skr_category":
        return _label(SkrCategory, value)
    return str(value)


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class PlanChange:
    """One goal or activity that was added, removed or changed between two versions."""

    action: str  # "added", "removed" or "changed"
    item: str  # "goal" or "activity"
    title: str
    fields: tuple[FieldChange, ...] = ()

    @property
    def description(self) -> str:
        words = {
            ("added", "goal"): _("Nytt mål"),
            ("removed", "goal"): _("Borttaget mål"),
            ("changed", "goal"): _("Ändrat mål"),
            ("added", "activity"): _("Ny aktivitet"),
            ("removed", "activity"): _("Borttagen aktivitet"),
            ("changed", "activity"): _("Ändrad aktivitet"),
            ("added", "own_activity"): _("Ny egen aktivitet"),
            ("removed", "own_activity"): _("Borttagen egen aktivitet"),
            ("changed", "own_activity"): _("Ändrad egen aktivitet"),
        }
        return str(words[(self.action, self.item)])


def item_title(item: str, data: dict[str, Any]) -> str:
    if item == "goal":
        text = str(data.get("description", ""))
        return text if len(text) <= 80 else text[:79] + "…"
    if item == "own_activity":
        return str(data.get("title", ""))
    return str(data.get("activity_type", ""))


def _compare(
    item: str, fields: dict[str, Promise], before: list[Any], after: list[Any]
) -> list[PlanChange]:
    old_rows = {row["id"]: row for row in before}
    new_rows = {row["id"]: row for row in after}
    changes: list[PlanChange] = []
    for row_id, row in new_rows.items():
        if row_id not in old_rows:
            changes.append(PlanChange("added", item, item_title(item, row)))
            continue
        old = old_rows[row_id]
        differing = tuple(
            FieldChange(str(label), display_value(item, name, old), display_value(item, name, row))
            for name, label in fields.items()
            if display_value(item, name, old) != display_value(item, name, row)
        )
        if differing:
            changes.append(PlanChange("changed", item, item_title(item, row), differing))
    for row_id, row in old_rows.items():
        if row_id not in new_rows:
            changes.append(PlanChange("removed", item, item_title(item, row)))
    return changes


def plan_changes(before: dict[str, Any] | None, after: dict[str, Any]) -> list[PlanChange]:
    """What changed from one snapshot to the next: goals first, then activities."""
    before = before or {}
    return (
        _compare("goal", GOAL_FIELDS, before.get("goals", []), after.get("goals", []))
        + _compare(
            "activity", ACTIVITY_FIELDS, before.get("activities", []), after.get("activities", [])
        )
        + _compare(
            "own_activity",
            OWN_ACTIVITY_FIELDS,
            before.get("own_activities", []),
            after.get("own_activities", []),
        )
    )
