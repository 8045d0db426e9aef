"""The cost summary of subsidised employments (per month, unit and year) and its exports."""

import io
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa.audit.services import audit_export
from lotsa.core.downloads import csv_response
from lotsa.core.exports import append_row
from lotsa.organisations.decorators import staff_view
from lotsa.organisations.models import User
from lotsa.work import policy, queries
from lotsa.work.costs import months_between
from lotsa.work.forms import CostFilterForm


def _summary(
    request: HttpRequest, actor: User
) -> tuple[CostFilterForm, int, Any, queries.CostSummary]:
    if not policy.can_view_costs(actor) or actor.organisation_id is None:
        raise PermissionDenied
    this_year = timezone.localdate().year
    form = CostFilterForm(
        request.GET or None, organisation_id=actor.organisation_id, initial={"year": this_year}
    )
    data = form.cleaned_data if form.is_valid() else {}
    year = data.get("year") or this_year
    unit = data.get("unit")
    start, end = date(year, 1, 1), date(year, 12, 31)
    lines = queries.subsidy_costs(actor, start, end, unit=unit)
    return form, year, unit, queries.cost_summary(lines, months_between(start, end))


def _rows(summary: queries.CostSummary) -> tuple[list[list[Any]], list[list[Any]]]:
    """The month table and the unit table as plain rows (with a total row each)."""

    def row(label: Any, totals: queries.CostTotals) -> list[Any]:
        return [label, len(totals.employments), totals.salary_cost, totals.grant, totals.remainder]

    months = [row(f"{month:%Y-%m}", summary.by_month[month]) for month in summary.months]
    months.append(row(_("Hela året"), summary.total))
    units = [row(name, totals) for name, totals in sorted(summary.by_unit.items())]
    units.append(row(_("Hela organisationen"), summary.total))
    return months, units


def _headings(first: str) -> list[str]:
    return [
        first,
        _("Anställningar"),
        _("Lönekostnad (kr)"),
        _("Bidrag från Arbetsförmedlingen (kr)"),
        _("Socialförvaltningens kostnad (kr)"),
    ]


@staff_view
def cost_summary(request: HttpRequest, actor: User) -> HttpResponse:
    form, year, unit, summary = _summary(request, actor)
    months, units = _rows(summary)
    return render(
        request,
        "work/costs.html",
        {
            "title": _("Kostnader för anställningar med stöd"),
            "form": form,
            "year": year,
            "unit": unit,
            "months": months,
            "units": units,
            "month_headings": _headings(_("Månad")),
            "unit_headings": _headings(_("Enhet")),
            "query": request.GET.urlencode(),
        },
    )


def _log_export(actor: User, year: int, kind: str) -> None:
    audit_export(
        actor=actor,
        object_type="work.placement",
        summary=_("Kostnader för insatser %(year)s som %(kind)s") % {"year": year, "kind": kind},
    )


def _filename(year: int, unit: Any, suffix: str) -> str:
    return f"kostnader-{year}{'-enhet-' + str(unit.pk) if unit else ''}.{suffix}"


@staff_view
def cost_export_csv(request: HttpRequest, actor: User) -> HttpResponse:
    _form, year, unit, summary = _summary(request, actor)
    _log_export(actor, year, "CSV")
    months, units = _rows(summary)
    rows = [_headings(_("Månad")), *months, [], _headings(_("Enhet")), *units]
    return csv_response(_filename(year, unit, "csv"), rows)


@staff_view
def cost_export_xlsx(request: HttpRequest, actor: User) -> HttpResponse:
    from openpyxl import Workbook

    _form, year, unit, summary = _summary(request, actor)
    _log_export(actor, year, "XLSX")
    months, units = _rows(summary)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Per månad")
    for heading, rows in ((_headings(_("Månad")), months),):
        append_row(sheet, heading)
        for values in rows:
            append_row(sheet, [value if isinstance(value, str) else int(value) for value in values])
    per_unit = workbook.create_sheet(_("Per enhet"))
    append_row(per_unit, _headings(_("Enhet")))
    for values in units:
        append_row(per_unit, [value if isinstance(value, str) else int(value) for value in values])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(year, unit, "xlsx")}"'
    return response
