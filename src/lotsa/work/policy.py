"""Who may read and write employers and training arenas (always within their organisation)."""

from typing import TYPE_CHECKING

from lotsa.cases.policy import (
    can_correct_end_dates,
    can_view_case,
    can_work_on_case,
    is_case_participant,
)
from lotsa.organisations.constants import Role
from lotsa.work.constants import AttendanceReportStatus

if TYPE_CHECKING:
    from lotsa.cases.models import Case
    from lotsa.organisations.models import User
    from lotsa.work.models import AttendanceReport, Employer, Placement, TrainingArena

_EMPLOYER_READERS = frozenset({Role.COACH, Role.MANAGER, Role.REFERRER, Role.ADMINISTRATOR})
_EMPLOYER_WRITERS = frozenset({Role.COACH, Role.MANAGER})
_ARENA_READERS = frozenset({Role.COACH, Role.MANAGER, Role.ADMINISTRATOR})
_ARENA_WRITERS = frozenset({Role.MANAGER, Role.ADMINISTRATOR})


def _has_role(actor: "User", roles: frozenset[str]) -> bool:
    return bool(actor.is_authenticated and actor.organisation_id and actor.role in roles)


def can_view_employers(actor: "User") -> bool:
    return _has_role(actor, _EMPLOYER_READERS)


def can_create_employer(actor: "User") -> bool:
    """Coaches and managers keep the employer register."""
    return _has_role(actor, _EMPLOYER_WRITERS)


def can_view_employer(actor: "User", employer: "Employer") -> bool:
    return can_view_employers(actor) and employer.organisation_id == actor.organisation_id


def can_edit_employer(actor: "User", employer: "Employer") -> bool:
    return can_create_employer(actor) and employer.organisation_id == actor.organisation_id


def can_view_arenas(actor: "User") -> bool:
    return _has_role(actor, _ARENA_READERS)


def can_create_arena(actor: "User") -> bool:
    """Managers and administrators keep the list of the municipality's own arenas."""
    return _has_role(actor, _ARENA_WRITERS)


def can_edit_arena(actor: "User", arena: "TrainingArena") -> bool:
    return can_create_arena(actor) and arena.organisation_id == actor.organisation_id


# Placements, attendance, costs and matching ---------------------------------------------------
# A placement belongs to a case: whoever may see the case sees the placement, whoever may work
# on the case (its coach, a coach of its unit, the unit's manager) changes it and records
# attendance.

_COST_READERS = frozenset({Role.COACH, Role.MANAGER})
_MATCHERS = frozenset({Role.COACH, Role.MANAGER})


def can_view_placement(actor: "User", placement: "Placement") -> bool:

    return can_view_case(actor, placement.case)


def can_change_placement(actor: "User", placement: "Placement") -> bool:

    return can_work_on_case(actor, placement.case)


def can_correct_placement_end(actor: "User", placement: "Placement") -> bool:
    """After closure the unit's coaches and manager may still correct when it ended."""
    return can_correct_end_dates(actor, placement.case)


def can_view_costs(actor: "User") -> bool:
    """Coaches (contact persons for subsidised employments) and managers see the cost summary."""
    return _has_role(actor, _COST_READERS)


def can_record_arena_attendance(actor: "User") -> bool:
    return _has_role(actor, _MATCHERS)


def can_match(actor: "User") -> bool:
    return _has_role(actor, _MATCHERS)


def can_book_past_arena_places(actor: "User", arena: "TrainingArena") -> bool:
    """A manager of the arena's unit, or of the case's unit (checked by the booking's own
    case check), may book an arena past its places, with a recorded reason."""
    return _has_role(actor, frozenset({Role.MANAGER})) and arena.organisation_id == (
        actor.organisation_id
    )


# The monthly attendance report ---------------------------------------------------------------
# The coaches of the case's unit and its manager keep it, also after closure (the month the
# case closed in is reported too); the participant confirms their own; the referring officer
# reads the summary once it is shared with them.


def can_keep_attendance_reports(actor: "User", case: "Case") -> bool:
    """Drafting, reviewing, signing and sharing a case's monthly reports."""
    return can_work_on_case(actor, case) or can_correct_end_dates(actor, case)


def can_edit_attendance_report(actor: "User", report: "AttendanceReport") -> bool:
    return report.status in (
        AttendanceReportStatus.DRAFT,
        AttendanceReportStatus.CONFIRMED,
    ) and can_keep_attendance_reports(actor, report.case)


def can_confirm_attendance_report(actor: "User", report: "AttendanceReport") -> bool:
    """The participant themself, while the month is not yet signed."""
    return report.status == AttendanceReportStatus.DRAFT and is_case_participant(actor, report.case)


def is_referring_officer(actor: "User", case: "Case") -> bool:
    """The referrer whose referral opened the case (the role is asked first: no query)."""
    if not (actor.is_authenticated and actor.role == Role.REFERRER and case.referral_id):
        return False
    referral = case.referral
    return referral is not None and referral.referrer_id == actor.pk


def can_view_attendance_summary(actor: "User", report: "AttendanceReport") -> bool:
    """The summary for försörjningsstöd: the referring officer once it is shared (and they may
    still see the case), and whoever keeps the reports."""
    if is_referring_officer(actor, report.case):
        return report.status == AttendanceReportStatus.SHARED and can_view_case(actor, report.case)
    return can_keep_attendance_reports(actor, report.case)


def can_list_attendance_summaries(actor: "User") -> bool:
    """The referring officer's list of the summaries shared with them across their cases
    ("Närvarorapporter", and the API's `/reports/attendance/` for a referrer's account)."""
    return actor.is_authenticated and actor.role == Role.REFERRER
