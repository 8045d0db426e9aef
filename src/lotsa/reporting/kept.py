"""The monthly and yearly files the schedule produces and keeps (`KeptReport`).

Monthly, on the 5th at 03:00 (Socialstyrelsen wants the month by the 15th): for every
organisation, last month's Socialstyrelsen file (CSV, one row per person; without an actor,
so never a person with protected identity), Kolada's result at closure and the ESF-style status
(XLSX, published tables). Yearly files (SKR's survey, Uppföljning Finsam for a coordination
association) for last year: the job on the 20th of every month produces those not kept yet —
once whole (a closure lacking what Kolada needs stops the SKR file until it is registered), so
the first run after the year is complete keeps it, and later runs leave it as it was.
The attendance file (every summary shared with a referring officer for last month, without an
actor, so never a person with protected identity) is kept on the 12th at 03:00: the
participant confirms and the coach signs and shares in the first days of the month, and
försörjningsstöd pays the next month after that; a summary shared later reaches the officer on
the page and through the API, not in the kept file.
A report that cannot be produced whole is logged and tried again next time; nothing is kept half.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone, translation

from lotsa.core.downloads import csv_text
from lotsa.organisations.models import Organisation
from lotsa.reporting import services
from lotsa.reporting.attendance import produce_attendance
from lotsa.reporting.esf import produce_esf
from lotsa.reporting.exports import XLSX, report_part
from lotsa.reporting.finsam import produce_finsam
from lotsa.reporting.kolada import produce_kolada
from lotsa.reporting.models import KeptReport
from lotsa.reporting.skr import produce_skr
from lotsa.reporting.socialstyrelsen import produce_socialstyrelsen
from lotsa.statistics.exports import to_xlsx
from lotsa.statistics.periods import Period, year

logger = logging.getLogger("lotsa.reporting")
CSV = "text/csv; charset=utf-8"


@dataclass(frozen=True)
class KeptFile:
    filename: str
    content_type: str
    content: bytes
    rows: int
    is_row_level: bool


def _tables(name: str, produce: Callable[[Organisation, Period], object]):
    def file(organisation: Organisation, period: Period) -> KeptFile:
        report = produce(organisation, period)
        part = report_part(report)
        return KeptFile(
            filename=f"{name}-{_period_name(period)}.xlsx",
            content_type=XLSX,
            content=to_xlsx([part]),
            rows=sum(len(table.rows) for table in part.tables),
            is_row_level=False,
        )

    return file


def _socialstyrelsen(organisation: Organisation, period: Period) -> KeptFile:
    monthly = produce_socialstyrelsen(organisation, period)
    return KeptFile(
        filename=f"{monthly.filename}.csv",
        content_type=CSV,
        content=csv_text(monthly.csv_rows()).encode("utf-8"),
        rows=len(monthly.rows),
        is_row_level=True,
    )


def _attendance(organisation: Organisation, period: Period) -> KeptFile:
    rows = produce_attendance(organisation, period)
    return KeptFile(
        filename=f"narvaro-{_period_name(period)}.csv",
        content_type=CSV,
        content=csv_text(rows).encode("utf-8"),
        rows=len(rows) - 1,  # the header
        is_row_level=True,
    )


def _period_name(period: Period) -> str:
    return str(period.start.year) if period.kind == "year" else f"{period.start:%Y-%m}"


MONTHLY: dict[str, Callable[[Organisation, Period], KeptFile]] = {
    "socialstyrelsen": _socialstyrelsen,
    "kolada": _tables("kolada", produce_kolada),
    "esf": _tables("esf", produce_esf),
}
ATTENDANCE: dict[str, Callable[[Organisation, Period], KeptFile]] = {
    "attendance": _attendance,
}
YEARLY: dict[str, Callable[[Organisation, Period], KeptFile]] = {
    "skr": _tables("skr", produce_skr),
    "finsam": _tables("finsam", produce_finsam),
}


def last_month(today: date) -> Period:
    end = today.replace(day=1) - timedelta(days=1)
    return Period(end.replace(day=1), end)


def keep_files(
    files: dict[str, Callable[[Organisation, Period], KeptFile]], period: Period
) -> list[KeptReport]:
    """Produce and keep each file of every organisation for the period, unless kept already."""
    kept = []
    with translation.override("sv"):
        for organisation in Organisation.objects.order_by("name"):
            done = set(
                KeptReport.objects.filter(
                    organisation=organisation, period_start=period.start, period_end=period.end
                ).values_list("report", flat=True)
            )
            for name, produce in files.items():
                if name in done:
                    continue
                if name == "finsam" and not organisation.is_coordination_association:
                    continue
                try:
                    file = produce(organisation, period)
                except ValueError as error:  # incomplete: named on the report's page
                    logger.warning("%s %s %s not kept: %s", name, organisation.pk, period, error)
                    continue
                row, created = services.kept_report_store(
                    organisation=organisation,
                    report=name,
                    period=period,
                    filename=file.filename,
                    content_type=file.content_type,
                    content=file.content,
                    rows=file.rows,
                    is_row_level=file.is_row_level,
                )
                if created:
                    kept.append(row)
    return kept


def keep_monthly_files() -> None:
    keep_files(MONTHLY, last_month(timezone.localdate()))


def keep_attendance_files() -> None:
    keep_files(ATTENDANCE, last_month(timezone.localdate()))


def keep_yearly_files() -> None:
    keep_files(YEARLY, year(timezone.localdate().year - 1))
