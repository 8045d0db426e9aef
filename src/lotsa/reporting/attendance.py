"""The monthly attendance summaries as a file (`lotsa report attendance`): one row per summary
shared with a referring officer in the organisation for a calendar month that has ended.

The same fields as the officer's summary (docs/attendance.md): the month, the participant's
name, the month's hours per activity kind and in total, days of reviewed absence per reason,
registration gaps and days still "ej registrerat" — no workplace, arena, unit or coach. The
file is made without an actor, so a person with protected identity is never in it: their
summary reaches only the officer who referred them, on the page. A row-level file: only those
who may download rows fetch it.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa.organisations.models import Organisation
from lotsa.reporting.common import PeriodError, require_calendar_month
from lotsa.statistics.periods import Period
from lotsa.work.constants import ABSENCE_REVIEWS, ActivityKind, DayReview
from lotsa.work.queries import month_table, organisation_shared_attendance_summaries


def attendance_header() -> list[str]:
    return [
        _("Ärende"),
        _("Deltagare"),
        _("Månad"),
        _("Signerad"),
        _("Skickad till handläggaren"),
        *[_("Timmar: %(kind)s") % {"kind": label} for _value, label in ActivityKind.choices],
        _("Timmar totalt"),
        *[_("Dagar: %(reason)s") % {"reason": reason.label} for reason in ABSENCE_REVIEWS],
        _("Dagar: %(reason)s") % {"reason": DayReview.GAP.label},
        _("Dagar: Ej registrerat"),
    ]


def _day(moment: object) -> str:
    return timezone.localdate(moment).isoformat() if moment else ""  # type: ignore[arg-type]


def produce_attendance(organisation: Organisation, period: Period) -> list[list[object]]:
    """The header and one row per shared summary of the month, by case; PeriodError for a
    period that is not a whole calendar month or has not ended. Two queries."""
    require_calendar_month(period)
    if period.end >= timezone.localdate():
        raise PeriodError(
            _(
                "Månaden %(month)s är inte slut än: en närvarorapport gäller en hel månad "
                "som har varit."
            )
            % {"month": f"{period.start:%Y-%m}"}
        )
    rows: list[list[object]] = [list[object](attendance_header())]
    for report in organisation_shared_attendance_summaries(organisation, period.start):
        table = month_table(report)
        rows.append(
            [
                report.case_id,
                report.case.participant.full_name,
                f"{report.month:%Y-%m}",
                _day(report.signed_at),
                _day(report.shared_at),
                *[table.totals[value] for value, _label in table.kinds],
                table.total,
                *[days for _label, days in table.absence_days],
                table.gap_days,
                table.unreviewed_days,
            ]
        )
    return rows
