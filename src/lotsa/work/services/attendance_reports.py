"""The monthly attendance report: draft → confirmed by the participant → signed by the coach →
(optionally) shared with the referring officer (docs/attendance.md).

Nothing here computes a consequence: the report states hours and reviewed absence, and a day
without registered attendance stays "ej registrerat" until the coach has reviewed it.
"""

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lotsa.audit.constants import AuditAction
from lotsa.audit.services import audit_record
from lotsa.cases.constants import ActivityStatus
from lotsa.cases.effective_end import effective_end, ran_between_q
from lotsa.cases.models import Activity
from lotsa.core.concurrency import save_with_version
from lotsa.work import policy
from lotsa.work.constants import (
    ActivityKind,
    AttendanceReportStatus,
    AttendanceStatus,
    DayReview,
    PlacementStatus,
)
from lotsa.work.models import Attendance, AttendanceReport, AttendanceReportDay, Placement

if TYPE_CHECKING:
    from lotsa.cases.models import Case
    from lotsa.organisations.models import User

HOURS_IN_A_DAY = Decimal(24)
COMMENT_MAX = 2000
# A registered day at a placement counts the placement's hours spread over a five-day week.
WORKING_DAYS_A_WEEK = 5
# Registered absence a person already named (the coach who registered it) counts as reviewed;
# "oanmäld" and "annat" say nothing about why, so the coach reviews those days here.
REVIEW_OF_REGISTERED = {
    AttendanceStatus.SICK: DayReview.SICK,
    AttendanceStatus.LEAVE: DayReview.VALID,
}


def _day_label(day: date) -> str:
    return formats.date_format(day, "j F Y")


def month_period(start: Any, end: Any) -> date:
    """The first day of the calendar month `start`–`end` is; ValidationError otherwise."""
    if not isinstance(start, date) or not isinstance(end, date):
        raise ValidationError({"start": _("Ange periodens första och sista dag.")})
    last = calendar.monthrange(start.year, start.month)[1]
    if start.day != 1 or end != start.replace(day=last):
        raise ValidationError(
            {
                "start": _(
                    "Perioden måste vara en hel kalendermånad: från den 1:a till månadens sista "
                    "dag, till exempel %(start)s – %(end)s."
                )
                % {
                    "start": start.replace(day=1).isoformat(),
                    "end": start.replace(day=last).isoformat(),
                }
            }
        )
    return start


@dataclass(frozen=True)
class _Line:
    activity: Activity
    day: date
    kind: str
    hours: Decimal | None
    review: str
    note: str
    reviewed_by: Any
    registered: bool = False


def _kind(placement: Placement | None) -> str:
    if placement is None:
        return ActivityKind.ACTIVITY
    return ActivityKind.ARENA if placement.arena_id else ActivityKind.PLACEMENT


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def _registered_line(activity: Activity, placement: Placement, entry: Attendance) -> _Line:
    kind = _kind(placement)
    if entry.status == AttendanceStatus.PRESENT:
        hours = (placement.hours_per_week / WORKING_DAYS_A_WEEK).quantize(Decimal("0.1"))
        return _Line(
            activity, entry.day, kind, min(hours, HOURS_IN_A_DAY), "", entry.note, None, True
        )
    review = REVIEW_OF_REGISTERED.get(AttendanceStatus(entry.status), "")
    note = entry.note or str(entry.get_status_display())
    recorded_by = entry.recorded_by if review else None
    return _Line(activity, entry.day, kind, None, review, note, recorded_by, True)


def _assemble(case: "Case", month: date) -> list[_Line]:
    """The month's lines: every weekday each activity ran (up to its effective end, so nothing
    after a closure), plus every day with registered attendance at a placement."""
    last = month.replace(day=calendar.monthrange(month.year, month.month)[1])
    activities = list(
        Activity.objects.filter(ran_between_q(month, last), case=case)
        .exclude(status=ActivityStatus.CANCELLED)
        .select_related("case", "activity_type")
        .order_by("starts_on", "pk")
    )
    placements = {
        placement.activity_id: placement
        for placement in Placement.objects.filter(activity__in=activities).exclude(
            status=PlacementStatus.CANCELLED
        )
    }
    registered = {
        (entry.placement_id, entry.day): entry
        for entry in Attendance.objects.filter(
            placement__in=placements.values(), day__gte=month, day__lte=last
        ).select_related("recorded_by")
    }
    lines: list[_Line] = []
    for activity in activities:
        placement = placements.get(activity.pk)
        end = effective_end(activity.ends_on, case.closed_on) or last
        if placement is not None:
            end = min(end, effective_end(placement.ends_on, case.closed_on) or last)
        span = _days(max(activity.starts_on, month), min(end, last))
        for day in span:
            entry = registered.get((placement.pk, day)) if placement is not None else None
            if entry is not None:
                lines.append(_registered_line(activity, placement, entry))  # type: ignore[arg-type]
            elif day.weekday() < WORKING_DAYS_A_WEEK:
                lines.append(_Line(activity, day, _kind(placement), None, "", "", None))
    return lines


def _refuse_month(case: "Case", month: date) -> None:
    today = timezone.localdate()
    last = month.replace(day=calendar.monthrange(month.year, month.month)[1])
    if last >= today:
        raise ValidationError(
            {"start": _("Månaden är inte slut än. En månadsrapport görs när månaden är över.")}
        )
    if case.closed_on is not None and month > case.closed_on:
        raise ValidationError(
            {
                "start": _(
                    "Ärendet avslutades %(date)s. Det blir inga månadsrapporter efter avslutet."
                )
                % {"date": _day_label(case.closed_on)}
            }
        )
    if month < case.start_date.replace(day=1):
        raise ValidationError(
            {
                "start": _("Ärendet började %(date)s, efter den här månaden.")
                % {"date": _day_label(case.start_date)}
            }
        )
    if AttendanceReport.objects.filter(case=case, month=month).exists():
        raise _already_reported(month)


def _already_reported(month: date) -> ValidationError:
    message = _("Det finns redan en månadsrapport för %(month)s.") % {"month": f"{month:%Y-%m}"}
    return ValidationError({"start": message})


def attendance_report_create(
    *, actor: "User", case: "Case", start: Any, end: Any
) -> AttendanceReport:
    """Draft a month's report from the registered attendance and the plan's activities."""
    if not policy.can_keep_attendance_reports(actor, case):
        raise PermissionDenied
    month = month_period(start, end)
    _refuse_month(case, month)
    try:
        return _report_create(actor, case, month)
    except IntegrityError as twice:  # someone else made the same month a moment ago
        raise _already_reported(month) from twice


def _report_create(actor: "User", case: "Case", month: date) -> AttendanceReport:
    with transaction.atomic():
        report = AttendanceReport.objects.create(case=case, month=month, created_by=actor)
        AttendanceReportDay.objects.bulk_create(
            AttendanceReportDay(
                report=report,
                activity=line.activity,
                activity_name=line.activity.activity_type.name[:200],
                day=line.day,
                kind=line.kind,
                hours=line.hours,
                review=line.review,
                note=line.note[:300],
                from_registration=line.registered,
                reviewed_by=line.reviewed_by,
            )
            for line in _assemble(case, month)
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=report,
            participant=case.participant,
            summary=_("Månadsrapport för närvaro %(month)s skapad") % {"month": f"{month:%Y-%m}"},
        )
    return report


@dataclass(frozen=True)
class DayEntry:
    """What the coach says about one line: hours attended, or a review, or neither."""

    hours: Decimal | None = None
    review: str = ""
    note: str = ""


def _entry_errors(report: AttendanceReport, entries: Mapping[int, DayEntry]) -> list[str]:
    lines = {line.pk: line for line in report.days.all()}
    problems: list[str] = []
    per_day: dict[date, Decimal] = {}
    for line in lines.values():
        entry = entries.get(line.pk)
        hours = entry.hours if entry is not None else line.hours
        if hours is not None:
            per_day[line.day] = per_day.get(line.day, Decimal(0)) + hours
    for line_id, entry in entries.items():
        if line_id not in lines:
            raise PermissionDenied
        label = _day_label(lines[line_id].day)
        if entry.hours is not None and not (0 <= entry.hours <= HOURS_IN_A_DAY):
            problems.append(_("%(day)s: ange timmar mellan 0 och 24.") % {"day": label})
        if entry.hours is not None and entry.review:
            problems.append(
                _("%(day)s: ange antingen timmar eller frånvaro/registreringsglapp, inte båda.")
                % {"day": label}
            )
        if entry.review and entry.review not in DayReview.values:
            problems.append(_("%(day)s: välj en orsak i listan.") % {"day": label})
    for day, total in sorted(per_day.items()):
        if total > HOURS_IN_A_DAY:
            problems.append(
                _("%(day)s blir %(hours)s timmar. Ett dygn har högst 24 timmar.")
                % {"day": _day_label(day), "hours": formats.number_format(total, 1)}
            )
    return problems


def attendance_report_review(
    *, actor: "User", report: AttendanceReport, version: int, entries: Mapping[int, DayEntry]
) -> AttendanceReport:
    """The coach's review of the month's lines: hours, or absence with its reason, or a
    registration gap. A confirmed report goes back to the participant to confirm again."""
    if not policy.can_edit_attendance_report(actor, report):
        raise PermissionDenied
    problems = _entry_errors(report, entries)
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        was_confirmed = report.status == AttendanceReportStatus.CONFIRMED
        report.status = AttendanceReportStatus.DRAFT
        report.confirmed_at = None
        save_with_version(report, expected_version=version, fields=["status", "confirmed_at"])
        changed = 0
        lines = AttendanceReportDay.objects.select_for_update().filter(
            report=report, pk__in=list(entries)
        )
        for line in lines.order_by("pk"):
            entry = entries[line.pk]
            new = (entry.hours, entry.review, entry.note.strip()[:300])
            if new == (line.hours, line.review, line.note):
                continue
            line.hours, line.review, line.note = new
            line.reviewed_by = actor if (entry.hours is not None or entry.review) else None
            line.save(update_fields=["hours", "review", "note", "reviewed_by"])
            changed += 1
        summary = _("Närvaro %(month)s granskad: %(n)s dagar ändrade") % {
            "month": f"{report.month:%Y-%m}",
            "n": changed,
        }
        if was_confirmed and changed:
            summary += " " + _("(deltagaren får bekräfta igen)")
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=report,
            participant=report.case.participant,
            summary=summary,
        )
    return report


def attendance_report_confirm(
    *, actor: "User", report: AttendanceReport, version: int, agrees: bool, comment: str = ""
) -> AttendanceReport:
    """The participant confirms the month, or says what is wrong (a comment the coach reads)."""
    if not policy.can_confirm_attendance_report(actor, report):
        raise PermissionDenied
    comment = (comment or "").strip()
    if not agrees and not comment:
        raise ValidationError({"comment": _("Skriv vad som inte stämmer.")})
    if len(comment) > COMMENT_MAX:
        raise ValidationError({"comment": _("Skriv högst %(max)s tecken.") % {"max": COMMENT_MAX}})
    with transaction.atomic():
        now = timezone.now()
        fields = ["participant_comment", "commented_at"]
        if comment:
            report.participant_comment, report.commented_at = comment, now
        if agrees:
            report.status, report.confirmed_at = AttendanceReportStatus.CONFIRMED, now
            fields += ["status", "confirmed_at"]
        save_with_version(report, expected_version=version, fields=fields)
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=report,
            participant=report.case.participant,
            summary=(
                _("Deltagaren bekräftade närvaron %(month)s")
                if agrees
                else _("Deltagaren skrev att något inte stämmer i närvaron %(month)s")
            )
            % {"month": f"{report.month:%Y-%m}"},
        )
    return report


def unreviewed_days(report: AttendanceReport) -> list[date]:
    """Days with a line that is still "ej registrerat"."""
    return sorted({line.day for line in report.days.all() if line.is_unreviewed})


def attendance_report_sign(
    *, actor: "User", report: AttendanceReport, version: int
) -> AttendanceReport:
    """The coach signs the confirmed month once every day without hours has been reviewed."""
    if not policy.can_edit_attendance_report(actor, report):
        raise PermissionDenied
    waiting = unreviewed_days(report)
    if waiting:
        shown = ", ".join(_day_label(day) for day in waiting[:10])
        more = len(waiting) - 10
        days = ngettext(
            "%(n)s dag är ej registrerad", "%(n)s dagar är ej registrerade", len(waiting)
        ) % {"n": len(waiting)}
        raise ValidationError(
            _(
                "Signera går inte än: %(days)s (%(list)s%(more)s). Markera varje sådan dag som "
                "frånvaro med orsak eller som registreringsglapp, eller ange timmar."
            )
            % {"days": days, "list": shown, "more": _(" med flera") if more > 0 else ""}
        )
    if report.status != AttendanceReportStatus.CONFIRMED:
        raise ValidationError(
            _("Deltagaren har inte bekräftat månaden än. Signera när den är bekräftad.")
        )
    with transaction.atomic():
        report.status = AttendanceReportStatus.SIGNED
        report.signed_by, report.signed_at = actor, timezone.now()
        save_with_version(
            report, expected_version=version, fields=["status", "signed_by", "signed_at"]
        )
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=report,
            participant=report.case.participant,
            summary=_("Närvaron %(month)s signerad") % {"month": f"{report.month:%Y-%m}"},
        )
    return report


def attendance_report_share(
    *, actor: "User", report: AttendanceReport, version: int
) -> AttendanceReport:
    """Make the signed month's summary available to the officer who referred the person."""
    if not policy.can_keep_attendance_reports(actor, report.case):
        raise PermissionDenied
    if report.status != AttendanceReportStatus.SIGNED:
        raise ValidationError(_("Bara en signerad månad kan skickas till handläggaren."))
    referral = report.case.referral if report.case.referral_id else None
    if referral is None or referral.referrer_id is None:
        raise ValidationError(
            _("Ärendet har ingen remitterande handläggare att skicka sammanfattningen till.")
        )
    with transaction.atomic():
        report.status, report.shared_at = AttendanceReportStatus.SHARED, timezone.now()
        save_with_version(report, expected_version=version, fields=["status", "shared_at"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=report,
            participant=report.case.participant,
            summary=_("Sammanfattning av närvaron %(month)s skickad till handläggaren")
            % {"month": f"{report.month:%Y-%m}"},
        )
    return report
