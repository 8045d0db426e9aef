"""Statistics pages: the board report, SKR's categories, long-term support, the socio-economic
evaluation and its cost table. Thin: parse the filter, build the report, render or export."""

from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa.audit.constants import AuditAction
from lotsa.audit.services import audit_record
from lotsa.statistics import policy
from lotsa.statistics.charts import bar_chart
from lotsa.statistics.exports import ExportPart, legend, to_csv, to_xlsx
from lotsa.statistics.forms import ReportFilterForm, default_period
from lotsa.statistics.periods import Period
from lotsa.statistics.report import Report, ReportFilter, board_report
from lotsa.statistics.tables import PublishedTable, publish

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require_reader(request: HttpRequest) -> Any:
    actor: Any = request.user
    if not policy.can_view_statistics(actor):
        raise PermissionDenied
    return actor


def report_filter_from(request: HttpRequest, actor: Any) -> tuple[ReportFilterForm, ReportFilter]:
    """The filter form (bound to the query string, defaults when empty) and the filter it gives;
    an invalid form falls back to the default period and shows its errors."""
    start, end = default_period()
    data = request.GET.copy() if request.GET else None
    if data is not None:
        data.setdefault("start", start.isoformat())
        data.setdefault("end", end.isoformat())
    form = ReportFilterForm(
        data, organisation=actor.organisation, initial={"start": start, "end": end}
    )
    cleaned = form.cleaned_data if data is not None and form.is_valid() else {}
    report_filter = ReportFilter(
        organisation=actor.organisation,
        period=Period(cleaned.get("start", start), cleaned.get("end", end)),
        unit=cleaned.get("unit"),
        district=cleaned.get("district"),
        target_group=cleaned.get("target_group", ""),
    )
    return form, report_filter


def published_sections(report: Report) -> list[dict[str, Any]]:
    sections = []
    for section in report.sections:
        tables = []
        for table in section.tables:
            published = publish(table)
            chart = bar_chart(published, chart_id=f"chart-{table.key}") if table.chart else ""
            tables.append({"published": published, "chart": chart})
        sections.append({"section": section, "tables": tables})
    return sections


def export_parts(report: Report) -> list[ExportPart]:
    tables: list[PublishedTable] = [publish(table) for table in report.tables()]
    description = _("Styrelserapport, %(filter)s. Jämförs med %(previous)s.") % {
        "filter": report.filter.describe(),
        "previous": str(report.previous),
    }
    return [ExportPart(report.filter.organisation.name, description, tables)]


def export_response(parts: list[ExportPart], fmt: str, filename: str) -> HttpResponse:
    if fmt == "xlsx":
        response = HttpResponse(to_xlsx(parts), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    else:
        response = HttpResponse(to_csv(parts), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


@login_required
def board(request: HttpRequest) -> HttpResponse:
    actor = _require_reader(request)
    form, report_filter = report_filter_from(request, actor)
    report = board_report(report_filter, actor=actor)
    return render(
        request,
        "statistics/board.html",
        {
            "form": form,
            "report": report,
            "sections": published_sections(report),
            "legend": legend(),
            "query": request.GET.urlencode(),
        },
    )


@login_required
def board_export(request: HttpRequest, fmt: str) -> HttpResponse:
    actor = _require_reader(request)
    _form, report_filter = report_filter_from(request, actor)
    report = board_report(report_filter, actor=actor)
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        object_type="statistics.board",
        summary=f"Styrelserapport {fmt.upper()}: {report_filter.describe()}"[:300],
    )
    period = report_filter.period
    return export_response(
        export_parts(report), fmt, f"styrelserapport-{period.start}-{period.end}"
    )


def today() -> date:
    return timezone.localdate()
