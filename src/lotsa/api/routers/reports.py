# mypy: disable-error-code="valid-type"
"""/api/v1/reports/: the national reports (docs/statistics.md), as the pages show them.

Kolada's result at closure and the ESF-style status after leaving are published tables (small
counts suppressed by the one routine; scope `statistics:read`, a manager's account).
Socialstyrelsen's monthly file is one row per person and month (scope `reports:rows`): only
the people the account's user may see — a service account never sees a person with protected
identity (people.policy), so their rows are never in the answer. The monthly attendance
summaries (scope `reports:rows`, a referrer's account) are those shared with the account's
user as the referring officer, with the officer summary's fields only.
"""

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from lotsa.api import schemas as s
from lotsa.api.constants import Scope
from lotsa.api.errors import ApiError
from lotsa.api.routers.common import ERRORS, acting_user
from lotsa.reporting import policy, services
from lotsa.reporting.common import PeriodError, ReportIncompleteError, month_period
from lotsa.reporting.esf import produce_esf
from lotsa.reporting.exports import published_tables
from lotsa.reporting.finsam import NotAnAssociationError, produce_finsam
from lotsa.reporting.kolada import produce_kolada
from lotsa.reporting.skr import produce_skr
from lotsa.reporting.socialstyrelsen import produce_socialstyrelsen
from lotsa.statistics.periods import year
from lotsa.statistics.suppression import suppress_below
from lotsa.statistics.tables import PublishedTable
from lotsa.work import policy as work_policy
from lotsa.work import queries as work_queries
from lotsa.work.constants import ABSENCE_REVIEWS
from lotsa.work.models import AttendanceReport

router = Router(tags=["reports"])
REPORT_ERRORS = {**ERRORS, 409: s.ErrorOut}


class YearIn(Schema):
    year: int = Field(ge=2000, le=2100, description="The calendar year.")


class MonthIn(Schema):
    month: str = Field(max_length=7, description="The calendar month, YYYY-MM.")


class CellOut(Schema):
    value: float | None = Field(description="null when suppressed or not computed.")
    text: str = Field(description='As published: "<5", "..", "för få" or the number.')
    suppressed: bool


class RowOut(Schema):
    label: str
    cells: list[CellOut]


class TableOut(Schema):
    key: str
    title: str
    definition: str
    header: list[str]
    rows: list[RowOut]


class ReportOut(Schema):
    title: str
    minimum_count: int
    tables: list[TableOut]


class MonthlyFileOut(Schema):
    month: str
    header: list[str]
    rows: list[list[str]]


def _table(published: PublishedTable) -> dict:
    return {
        "key": published.key,
        "title": published.table.title,
        "definition": published.table.definition,
        "header": published.header,
        "rows": [
            {
                "label": label,
                "cells": [
                    {
                        "value": None if cell.number is None else float(cell.number),
                        "text": cell.text,
                        "suppressed": bool(cell.hidden),
                    }
                    for cell in cells
                ],
            }
            for label, cells in published.rows
        ],
    }


def _incomplete(error: ReportIncompleteError) -> ApiError:
    return ApiError(
        409,
        "incomplete",
        error.title,
        {"cases": [f"{problem.label}: {problem.what}" for problem in error.problems]},
    )


def _tables(request: HttpRequest, produce: Any, chosen: YearIn) -> Any:
    actor = acting_user(request, Scope.STATISTICS_READ, query=("year",))
    if not policy.can_view_reports(actor):
        raise ApiError(403, "forbidden", _("Kontots användare får inte läsa rapporterna."))
    organisation = actor.organisation
    assert organisation is not None  # can_view_reports asks for one
    try:
        report = produce(organisation, year(chosen.year))
    except ReportIncompleteError as error:
        raise _incomplete(error) from error
    except NotAnAssociationError as error:
        raise ApiError(409, "not_applicable", str(error)) from error
    services.report_download_record(
        actor=actor,
        report=produce.__name__.removeprefix("produce_"),
        description=f"API: {report.title}",
        rows=0,
    )
    return {
        "title": report.title,
        "minimum_count": suppress_below(),
        "tables": [_table(table) for table in published_tables(report)],
    }


def _yearly_report(key: str, produce: Any, summary: str, description: str) -> None:
    """Register GET /<key>/: the published tables of `produce` for a calendar year, as the
    report's page shows them (operation `report_<key>`, URL name `report_<key>`)."""

    def endpoint(request: HttpRequest, chosen: Query[YearIn]) -> Any:
        return _tables(request, produce, chosen)

    endpoint.__name__ = endpoint.__qualname__ = f"report_{key}"
    router.get(
        f"/{key}/",
        response={200: ReportOut, **REPORT_ERRORS},
        url_name=f"report_{key}",
        summary=summary,
        description="Scope `statistics:read`, a manager's account. " + description,
    )(endpoint)


_yearly_report(
    "kolada",
    produce_kolada,
    "Kolada's result at closure for a calendar year",
    "The tables of the Kolada page, suppressed as published; 409 `incomplete` names the cases "
    "that lack what the definition needs.",
)
_yearly_report(
    "esf",
    produce_esf,
    "Status one and six months after leaving, for a calendar year",
    "Suppressed as published.",
)
_yearly_report(
    "skr",
    produce_skr,
    "SKR's yearly survey, answered, for a calendar year",
    "The tables of the SKR page in the survey's order, suppressed as published; 409 "
    "`incomplete` names the closures that lack what Kolada's definition needs.",
)
_yearly_report(
    "finsam",
    produce_finsam,
    "Uppföljning Finsam for a coordination association, for a calendar year",
    "The insatser's tables, suppressed as published (no row per person); 409 `not_applicable` "
    "for a municipality.",
)


@router.get(
    "/socialstyrelsen/",
    response={200: MonthlyFileOut, **REPORT_ERRORS},
    url_name="report_socialstyrelsen",
    summary="Socialstyrelsen's monthly file: one row per person and month",
    description="Scope `reports:rows`, a manager's account; the people its user may see, "
    "never a person with protected identity. 400 for a month that is not YYYY-MM; 409 "
    "`incomplete` names the cases whose activity or closure has no code.",
)
def report_socialstyrelsen(request: HttpRequest, chosen: Query[MonthIn]) -> Any:
    actor = acting_user(request, Scope.REPORT_ROWS_READ, query=("month",))
    if not policy.can_download_rows(actor):
        raise ApiError(403, "forbidden", _("Kontots användare får inte hämta filer på personnivå."))
    organisation = actor.organisation
    assert organisation is not None  # can_download_rows asks for one
    try:
        monthly = produce_socialstyrelsen(organisation, month_period(chosen.month), actor=actor)
    except PeriodError as error:
        raise ApiError(400, "invalid", str(error), {"month": [str(error)]}) from error
    except ReportIncompleteError as error:
        raise _incomplete(error) from error
    services.report_download_record(
        actor=actor,
        report="socialstyrelsen",
        description=f"API: {monthly.title}",
        rows=len(monthly.rows),
    )
    return {"month": chosen.month, "header": monthly.header, "rows": monthly.rows}


class KindHoursOut(Schema):
    kind: str = Field(description="placement, arena or activity.")
    label: str
    hours: float


class SummaryDayOut(Schema):
    day: date
    hours: list[KindHoursOut]
    total: float


class AbsenceOut(Schema):
    reason: str = Field(description="sick, valid, invalid or other: as the coach reviewed it.")
    label: str
    days: int


class AttendanceSummaryOut(Schema):
    id: int
    case_id: int
    participant_id: int
    participant_name: str
    month: str
    signed_on: date | None
    confirmed_on: date | None
    shared_on: date | None
    days: list[SummaryDayOut]
    totals: list[KindHoursOut]
    total: float
    absence: list[AbsenceOut]
    gap_days: int = Field(description="Registration gaps, reviewed as no absence.")
    unreviewed_days: int = Field(description='Days still "ej registrerat": never absence.')


class AttendanceSummariesOut(Schema):
    month: str
    count: int
    items: list[AttendanceSummaryOut]


def _local_day(moment: Any) -> date | None:
    return timezone.localdate(moment) if moment else None


def _summary(report: AttendanceReport) -> dict:
    """The officer summary's fields: no workplace, arena, unit or coach (which could locate a
    person with protected identity)."""
    table = work_queries.month_table(report)
    participant = report.case.participant

    def kinds(hours: dict) -> list[dict]:
        return [
            {"kind": value, "label": label, "hours": float(hours[value])}
            for value, label in table.kinds
        ]

    return {
        "id": report.pk,
        "case_id": report.case_id,
        "participant_id": participant.pk,
        "participant_name": participant.full_name,
        "month": f"{report.month:%Y-%m}",
        "signed_on": _local_day(report.signed_at),
        "confirmed_on": _local_day(report.confirmed_at),
        "shared_on": _local_day(report.shared_at),
        "days": [
            {"day": row.day, "hours": kinds(row.hours), "total": float(row.total)}
            for row in table.rows
        ],
        "totals": kinds(table.totals),
        "total": float(table.total),
        "absence": [
            {"reason": str(reason), "label": label, "days": days}
            for reason, (label, days) in zip(ABSENCE_REVIEWS, table.absence_days, strict=True)
        ],
        "gap_days": table.gap_days,
        "unreviewed_days": table.unreviewed_days,
    }


@router.get(
    "/attendance/",
    response={200: AttendanceSummariesOut, **REPORT_ERRORS},
    url_name="report_attendance",
    summary="The monthly attendance summaries shared with the referring officer",
    description="Scope `reports:rows`, a referrer's account: the summaries of the month that "
    "coaches shared with the account's user as the referring officer, of cases it may see "
    "(never a person with protected identity). Hours per activity kind per day, reviewed "
    "absence, registration gaps and days not registered; no workplace, arena, unit or coach. "
    "Each summary handed out is an export in the audit log. 400 for a month that is not "
    "YYYY-MM.",
)
def report_attendance(request: HttpRequest, chosen: Query[MonthIn]) -> Any:
    actor = acting_user(request, Scope.REPORT_ROWS_READ, query=("month",))
    if not work_policy.can_list_attendance_summaries(actor):
        raise ApiError(
            403,
            "forbidden",
            _("Närvarosammanfattningarna är till den remitterande handläggaren."),
        )
    try:
        period = month_period(chosen.month)
    except PeriodError as error:
        raise ApiError(400, "invalid", str(error), {"month": [str(error)]}) from error
    month = f"{period.start:%Y-%m}"
    reports = work_queries.attendance_summaries_export(
        actor=actor,
        month=period.start,
        description=_("API: Närvarosammanfattningar %(month)s") % {"month": month},
    )
    return {
        "month": month,
        "count": len(reports),
        "items": [_summary(report) for report in reports],
    }
