"""Writes of the work app: one function per use case, each with policy, transaction and audit.

`register` holds the employer register and the training arenas, `placements` the placements
(each one a plan activity) and what closure does to them, `attendance` and `job_profiles`
the rest; everything is re-exported here (`from lotsa.work import services`).
"""

from lotsa.work.services.attendance import attendance_record, attendance_record_week, week_days
from lotsa.work.services.attendance_reports import (
    DayEntry,
    attendance_report_confirm,
    attendance_report_create,
    attendance_report_review,
    attendance_report_share,
    attendance_report_sign,
    month_period,
    unreviewed_days,
)
from lotsa.work.services.job_profiles import JOB_PROFILE_FIELDS, job_profile_save
from lotsa.work.services.placements import (
    PLACEMENT_FIELDS,
    placement_create,
    placement_end_correct,
    placement_follow_activity_end,
    placement_update,
    placements_end_at_closure,
)
from lotsa.work.services.register import (
    ARENA_FIELDS,
    EMPLOYER_FIELDS,
    EXAMPLE_ARENAS,
    employer_agreement_add,
    employer_contact_add,
    employer_contact_log_add,
    employer_create,
    employer_update,
    training_arena_create,
    training_arena_update,
    training_arenas_install,
)

__all__ = [
    "ARENA_FIELDS",
    "EMPLOYER_FIELDS",
    "EXAMPLE_ARENAS",
    "JOB_PROFILE_FIELDS",
    "PLACEMENT_FIELDS",
    "DayEntry",
    "attendance_record",
    "attendance_report_confirm",
    "attendance_report_create",
    "attendance_report_review",
    "attendance_report_share",
    "attendance_report_sign",
    "month_period",
    "unreviewed_days",
    "attendance_record_week",
    "employer_agreement_add",
    "employer_contact_add",
    "employer_contact_log_add",
    "employer_create",
    "employer_update",
    "job_profile_save",
    "placement_create",
    "placement_end_correct",
    "placement_follow_activity_end",
    "placement_update",
    "placements_end_at_closure",
    "training_arena_create",
    "training_arena_update",
    "training_arenas_install",
    "week_days",
]
