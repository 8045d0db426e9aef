"""A synthetic case's plan: goals, activities from the organisation's catalogue, and a plan
version for each goal and activity added and each follow-up held, as the services record them."""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from lotsa.cases.constants import ActivityStatus, CaseStatus, ExtentUnit, ResponsibleParty
from lotsa.cases.models import Activity, Goal, PlanVersion
from lotsa.organisations.models import User
from lotsa.scale import shapes
from lotsa.scale.draws import ACTIVITY_COUNT, CLOSED_ACTIVITY_STATUS, GOAL_KIND
from lotsa.scale.journal import HeldFollowUp
from lotsa.scale.timeline import _activity_data, _aware_on, _goal_data
from lotsa.scale.world import World

# (id, name, SKR category, default responsible) of each activity type in the catalogue.
ActivityTypeRow = tuple[int, str, int, str]


def goals_compose(world: World, *, case_id: int, start: date) -> list[list[Any]]:
    """One goal, sometimes two; whether each was reached is set when the case closes."""
    rng = world.rng
    goals = []
    for _ in range(1 if rng.random() < 0.7 else 2):
        target = start + timedelta(days=rng.randint(180, 365)) if rng.random() < 0.8 else None
        goals.append(
            [
                world.ids.take(Goal),
                case_id,
                GOAL_KIND.pick(rng),
                rng.choice(shapes.GOALS),
                target,
                False,
            ]
        )
    return goals


def activities_compose(
    world: World,
    *,
    case_id: int,
    start: date,
    end: date,
    status: str,
    activity_types: list[ActivityTypeRow],
) -> list[tuple[Any, ...]]:
    rng = world.rng
    today = world.today
    rows = []
    span = max((end - start).days, 0)
    for _ in range(ACTIVITY_COUNT.pick(rng)):
        type_id, _name, skr_category, responsible = rng.choice(activity_types)
        starts_on = start + timedelta(days=rng.randint(0, span))
        if status != CaseStatus.CLOSED and rng.random() < 0.15:
            starts_on = today + timedelta(days=rng.randint(1, 45))
        ends_on = starts_on + timedelta(days=rng.randint(30, 180)) if rng.random() < 0.7 else None
        if status == CaseStatus.CLOSED:
            activity_status = CLOSED_ACTIVITY_STATUS.pick(rng)
            if ends_on is None or ends_on > end:
                ends_on = max(end, starts_on)
        elif starts_on > today:
            activity_status = ActivityStatus.PLANNED
        elif ends_on is not None and ends_on < today:
            activity_status = ActivityStatus.DONE
        else:
            activity_status = ActivityStatus.ONGOING
        extent, extent_unit = _extent(world)
        if rng.random() < 0.2:
            responsible = rng.choice(
                (ResponsibleParty.PARTICIPANT, ResponsibleParty.ARBETSFORMEDLINGEN)
            )
        rows.append(
            (
                world.ids.take(Activity),
                case_id,
                type_id,
                skr_category,
                rng.choice(shapes.ACTIVITY_DESCRIPTIONS),
                responsible,
                starts_on,
                ends_on,
                extent,
                extent_unit,
                activity_status,
            )
        )
    world.rows[Activity].extend(rows)
    return rows


def _extent(world: World) -> tuple[Decimal | None, str]:
    draw = world.rng.random()
    if draw < 0.6:
        return Decimal(world.rng.choice((4, 8, 10, 16, 20, 30, 40))), ExtentUnit.HOURS_PER_WEEK
    if draw < 0.8:
        return Decimal(world.rng.choice((25, 50, 75, 100))), ExtentUnit.PERCENT
    return None, ExtentUnit.HOURS_PER_WEEK


def plan_versions_write(
    world: World,
    *,
    case_id: int,
    coach: User,
    start: date,
    goals: list[list[Any]],
    activities: list[tuple[Any, ...]],
    follow_ups: list[HeldFollowUp],
    activity_types: list[ActivityTypeRow],
) -> int:
    """A version for each goal and activity added and each follow-up; returns how many."""
    names = {type_id: name for type_id, name, _skr, _responsible in activity_types}
    changes: list[tuple[date, int, str, Any]] = []
    for goal in goals:
        changes.append((start, 0, "goal", goal))
    for activity in activities:
        added = max(start, min(activity[6] - timedelta(days=7), world.last_day))
        changes.append((added, 1, "activity", activity))
    for _due, held, _note in follow_ups:
        changes.append((held, 2, "follow_up", None))
    changes.sort(key=lambda change: (change[0], change[1]))
    plan_goals: list[dict[str, Any]] = []
    plan_activities: list[dict[str, Any]] = []
    for number, (on, _order, kind, item) in enumerate(changes, start=1):
        if kind == "goal":
            plan_goals.append(_goal_data(item))
            summary = f"Nytt mål: {item[3]}"
        elif kind == "activity":
            plan_activities.append(_activity_data(item, names))
            summary = f"Ny aktivitet: {names[item[2]]}"
        else:
            summary = "Uppföljning"
        world.rows[PlanVersion].append(
            (
                world.ids.take(PlanVersion),
                case_id,
                number,
                _aware_on(world.rng, on),
                coach.pk,
                summary[:300],
                "",
                {"goals": list(plan_goals), "activities": list(plan_activities)},
            )
        )
    return len(changes)
