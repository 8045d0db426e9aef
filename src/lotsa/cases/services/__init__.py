"""Writes to cases: one function per use case, each with policy, transaction and audit.

The use cases live in four modules — `lifecycle` (open, pause, resume, close, reopen),
`participation` (what the participant writes in the plan, and the coach's answer),
`plan` (goals and activities, each change a new PlanVersion), `catalogue` (activity types) and
`follow_ups` — and are re-exported here, so callers keep writing
`from lotsa.cases.services import case_close` or `case_services.goal_add(...)`.
"""

from lotsa.cases.services.caseload import (
    CASE_LISTS,
    cases_reassign,
    saved_case_filter_delete,
    saved_case_filter_save,
)
from lotsa.cases.services.catalogue import (
    ACTIVITY_CATALOGUE,
    CATALOGUE_FIELDS,
    activity_catalogue_install,
    activity_type_create,
    activity_type_update,
)
from lotsa.cases.services.follow_ups import follow_up_record
from lotsa.cases.services.lifecycle import (
    activities_open_at_closure,
    case_close,
    case_open,
    case_pause,
    case_reopen,
    case_resume,
)
from lotsa.cases.services.participation import (
    activity_mark_done,
    own_activity_add,
    own_activity_decide,
    own_activity_update,
    plan_read_record,
    step_comment_add,
)
from lotsa.cases.services.plan import (
    ACTIVITY_FIELDS,
    GOAL_FIELDS,
    activity_add,
    activity_end_correct,
    activity_remove,
    activity_update,
    goal_add,
    goal_remove,
    goal_update,
)

__all__ = [
    "ACTIVITY_CATALOGUE",
    "ACTIVITY_FIELDS",
    "CASE_LISTS",
    "CATALOGUE_FIELDS",
    "GOAL_FIELDS",
    "activities_open_at_closure",
    "activity_add",
    "activity_catalogue_install",
    "activity_end_correct",
    "activity_mark_done",
    "activity_remove",
    "activity_type_create",
    "activity_type_update",
    "activity_update",
    "case_close",
    "cases_reassign",
    "saved_case_filter_delete",
    "saved_case_filter_save",
    "case_open",
    "case_pause",
    "case_reopen",
    "case_resume",
    "follow_up_record",
    "goal_add",
    "goal_remove",
    "goal_update",
    "own_activity_add",
    "own_activity_decide",
    "own_activity_update",
    "plan_read_record",
    "step_comment_add",
]
