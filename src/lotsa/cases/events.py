"""The case's lifecycle, announced here and nowhere else (see lotsa.core.events).

Every event carries the case and the acting user (None for scheduled work such as culling) and
the date the change takes effect. Services in this app announce them inside their transaction;
other apps subscribe in their `AppConfig.ready()`.
"""

from lotsa.core.events import LifecycleEvent

__all__ = ["LifecycleEvent"]

CASE_EVENT_ARGUMENTS = ("case", "actor", "on")

case_opened = LifecycleEvent("case_opened", arguments=CASE_EVENT_ARGUMENTS)
case_plan_changed = LifecycleEvent("case_plan_changed", arguments=CASE_EVENT_ARGUMENTS)
case_paused = LifecycleEvent("case_paused", arguments=CASE_EVENT_ARGUMENTS)
case_resumed = LifecycleEvent("case_resumed", arguments=CASE_EVENT_ARGUMENTS)
case_closed = LifecycleEvent("case_closed", arguments=CASE_EVENT_ARGUMENTS)
case_reopened = LifecycleEvent("case_reopened", arguments=CASE_EVENT_ARGUMENTS)
# The case has a new coach (cases.services.cases_reassign, the manager's bulk reassignment).
case_coach_changed = LifecycleEvent("case_coach_changed", arguments=CASE_EVENT_ARGUMENTS)
# Announced by lotsa.retention's culling just before the case's rows are removed.
case_culled = LifecycleEvent("case_culled", arguments=CASE_EVENT_ARGUMENTS)

# A closed case's activity got a corrected end date (the only change a closed plan takes):
# apps that keep a row in step with the activity (work's placements) follow it.
activity_end_corrected = LifecycleEvent(
    "activity_end_corrected", arguments=("activity", "actor", "on")
)

CASE_EVENTS = (
    case_opened,
    case_plan_changed,
    case_paused,
    case_resumed,
    case_closed,
    case_reopened,
    case_coach_changed,
    case_culled,
)
