"""Placements as a coach starts them through `placement_create`, for any test's case.

Each helper names the placement's kind and fills in the shortest ongoing placement of it,
starting today; `values` replaces any argument (the actor, the dates, the status, the amounts).
"""

from django.utils import timezone

from lotsa.work import services
from lotsa.work.constants import PlacementKind, PlacementStatus, SubsidyType
from lotsa.work.models import Placement


def _start(case, kind: str, /, **values) -> Placement:
    arguments = {
        "actor": case.coach,
        "case": case,
        "kind": kind,
        "starts_on": timezone.localdate(),
        "status": PlacementStatus.ONGOING,
        **values,
    }
    return services.placement_create(**arguments)


def employment_start(case, employer, /, **values) -> Placement:
    """An OSA employment (unless `subsidy_type` says otherwise) at 30 hours a week, 28 500 kr a
    month with an 80 % grant."""
    values = {
        "subsidy_type": SubsidyType.OSA,
        "hours_per_week": "30",
        "monthly_salary_cost": "28500",
        "grant_rate": "80",
        **values,
    }
    return _start(case, PlacementKind.EMPLOYMENT, employer=employer, **values)


def work_training_start(case, arena, /, **values) -> Placement:
    """Work training at `arena`, 20 hours a week."""
    values = {"hours_per_week": "20", **values}
    return _start(case, PlacementKind.WORK_TRAINING, arena=arena, **values)


def internship_start(case, /, **values) -> Placement:
    """An internship (pass its `employer` or `arena`), 20 hours a week."""
    values = {"hours_per_week": "20", **values}
    return _start(case, PlacementKind.INTERNSHIP, **values)
