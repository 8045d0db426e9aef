"""Statistics pages: the board report, SKR's categories, long-term support, the socio-economic
evaluation and its cost table. Thin: parse the filter, build the report, render or export."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa.assessments.constants import IncomeSource
from lotsa.audit.constants import AuditAction
from lotsa.audit.services import audit_record
from lotsa.core.concurrency import EditConflictError
from lotsa.core.downloads import csv_response
from lotsa.core.formatting import format_number
from lotsa.core.forms import add_service_errors
from lotsa.core.pdf import render_pdf
from lotsa.organisations.decorators import staff_view
from lotsa.organisations.models import User
from lotsa.statistics import policy, services
from lotsa.statistics.charts import bar_chart, trend_chart
from lotsa.statistics.constants import Payer
from lotsa.statistics.defaults import (
    UNIT_PRICES,
    default_costs,
    default_prices,
    price_label,
    price_unit,
)
from lotsa.statistics.equal_access import equal_access
from lotsa.statistics.evaluation import (
    PAYER_ORDER,
    SOCIETY,
    assumptions_for,
    evaluation,
    long_term,
)
from lotsa.statistics.exports import ExportPart, csv_rows, legend, to_xlsx
from lotsa.statistics.forms import (
    AssumptionsForm,
    KoladaImportForm,
    PopulationImportForm,
    ReportFilterForm,
    YearForm,
    default_period,
)
from lotsa.statistics.kolada import comparisons
from lotsa.statistics.periods import Period
from lotsa.statistics.periods import year as year_period
from lotsa.statistics.printing import running_header_css
from lotsa.statistics.report import Report, ReportFilter, board_report
from lotsa.statistics.skr import skr_tables
from lotsa.statistics.summary import board_summary, key_figures
from lotsa.statistics.tables import PublishedTable, publish

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@staff_view
def _require_reader(request: HttpRequest, actor: User) -> Any:
    if not policy.can_view_statistics(actor):
        raise PermissionDenied
    return actor


def report_filter_from(request: HttpRequest, actor: User) -> tuple[ReportFilterForm, ReportFilter]:
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
    description = _("Styrelserapport, %(filter)s. %(comparison)s") % {
        "filter": report.filter.describe(),
        "comparison": report.comparison_text,
    }
    return [ExportPart(report.filter.organisation.name, description, tables)]


def export_response(parts: list[ExportPart], fmt: str, filename: str) -> HttpResponse:
    if fmt == "xlsx":
        response = HttpResponse(to_xlsx(parts), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    else:
        response = csv_response(f"{filename}.csv", csv_rows(parts))
    return response


def _board_context(request: HttpRequest, actor: User) -> dict[str, Any]:
    form, report_filter = report_filter_from(request, actor)
    report = board_report(report_filter, actor=actor)
    return {
        "form": form,
        "report": report,
        "sections": published_sections(report),
        "legend": legend(),
        "query": request.GET.urlencode(),
    }


@login_required
def board(request: HttpRequest) -> HttpResponse:
    actor = _require_reader(request)
    return render(request, "statistics/board.html", _board_context(request, actor))


@login_required
def board_print_css(request: HttpRequest) -> HttpResponse:
    """The report's running header for print (the organisation and the period on every page):
    a stylesheet of its own, since the pages allow no inline style."""
    actor = _require_reader(request)
    _form, report_filter = report_filter_from(request, actor)
    return HttpResponse(running_header_css(report_filter), content_type="text/css")


@login_required
def board_pdf(request: HttpRequest) -> HttpResponse:
    """The board report as PDF, from the same template as the page."""
    actor = _require_reader(request)
    context = _board_context(request, actor)
    report_filter = context["report"].filter
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        object_type="statistics.board",
        summary=f"Styrelserapport PDF: {report_filter.describe()}"[:300],
    )
    pdf = render_pdf(
        "statistics/board_document.html",
        context,
        extra_css=running_header_css(report_filter),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    period = report_filter.period
    response["Content-Disposition"] = (
        f'attachment; filename="styrelserapport-{period.start}-{period.end}.pdf"'
    )
    return response


def _comparison_rows(summary: Any, published: PublishedTable, actor: User) -> list[Any]:
    """Per key figure with imported Kolada values: the organisation's own published row, then
    each comparison municipality's values, by year."""
    found = comparisons(actor.organisation, summary.years)
    own = dict(zip([f.key for f in summary.figures], published.rows, strict=True))
    out = []
    for figure in summary.figures:
        comparison = found.get(figure.key)
        if comparison is None:
            continue
        label, cells = own[figure.key]
        out.append(
            {
                "label": label,
                "kpi": comparison.kpi,
                "own": [cell.text for cell in cells],
                "rows": [
                    (name, ["–" if v is None else format_number(v) for v in values])
                    for name, values in comparison.rows
                ],
            }
        )
    return out


@login_required
def board_summary_view(request: HttpRequest) -> HttpResponse:
    """The board's one page: key figures for a year beside up to five previous years."""
    actor = _require_reader(request)
    this_year = timezone.localdate().year
    form = YearForm(request.GET or None, initial={"year": this_year})
    year = form.cleaned_data["year"] if request.GET and form.is_valid() else this_year
    summary = board_summary(actor.organisation, year)
    published = publish(summary.table, compare=False)
    if request.GET.get("export") in ("csv", "xlsx"):
        fmt = request.GET["export"]
        audit_record(
            actor=actor,
            action=AuditAction.EXPORT,
            object_type="statistics.summary",
            summary=f"Nyckeltal {year} {fmt.upper()}",
        )
        part = ExportPart(actor.organisation.name, str(summary.table.title), [published])
        return export_response([part], fmt, f"nyckeltal-{year}")
    rows = [
        {
            "figure": figure,
            "label": label,
            "cells": cells,
            "chart": trend_chart(label, published.header, cells, chart_id=f"trend-{figure.key}"),
        }
        for figure, (label, cells) in zip(summary.figures, published.rows, strict=True)
    ]
    return render(
        request,
        "statistics/summary.html",
        {
            "form": form,
            "summary": summary,
            "published": published,
            "rows": rows,
            "year": year,
            "legend": legend(),
            "organisation": actor.organisation,
            "comparisons": _comparison_rows(summary, published, actor),
            "can_import": policy.can_edit_populations(actor),
        },
    )


@login_required
def board_export(request: HttpRequest, fmt: str) -> HttpResponse:
    actor = _require_reader(request)
    if fmt not in ("csv", "xlsx"):
        raise Http404
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


def _analysis_page(
    request: HttpRequest,
    *,
    actor: User,
    tables: list[Any],
    report_filter: ReportFilter,
    template: str,
    filename: str,
    title: str,
    extra: dict[str, Any] | None = None,
    form: Any = None,
) -> HttpResponse:
    """Render an analysis page, or its CSV/XLSX when ?export= names one."""
    fmt = request.GET.get("export", "")
    if fmt in ("csv", "xlsx"):
        audit_record(
            actor=actor,
            action=AuditAction.EXPORT,
            object_type="statistics.analysis",
            summary=f"{title} {fmt.upper()}: {report_filter.describe()}"[:300],
        )
        part = ExportPart(
            report_filter.organisation.name,
            f"{title}, {report_filter.describe()}",
            [publish(table, compare=False) for table in tables],
        )
        return export_response([part], fmt, filename)
    published = []
    for table in tables:
        item = publish(table, compare=False)
        chart = bar_chart(item, chart_id=f"chart-{table.key}") if table.chart else ""
        published.append({"published": item, "chart": chart})
    query = request.GET.copy()
    query.pop("export", None)
    context = {
        "form": form,
        "tables": published,
        "legend": legend(),
        "filter": report_filter,
        "query": query.urlencode(),
        "title": title,
    }
    return render(request, template, {**context, **(extra or {})})


@login_required
def skr(request: HttpRequest) -> HttpResponse:
    actor = _require_reader(request)
    last_year = timezone.localdate().year - 1
    form = YearForm(request.GET or None, initial={"year": last_year})
    year = form.cleaned_data["year"] if request.GET and form.is_valid() else last_year
    report_filter = ReportFilter(organisation=actor.organisation, period=year_period(year))
    return _analysis_page(
        request,
        actor=actor,
        tables=skr_tables(report_filter),
        report_filter=report_filter,
        template="statistics/analysis.html",
        filename=f"skr-kategorier-{year}",
        title=_("SKR:s kategorier %(year)s") % {"year": year},
        form=form,
        extra={
            "intro": _(
                "Deltagare per kategori i SKR:s enkät om kommunernas arbetsmarknadsinsatser, för "
                "ett kalenderår."
            )
        },
    )


@login_required
def long_term_view(request: HttpRequest) -> HttpResponse:
    actor = _require_reader(request)
    form, report_filter = report_filter_from(request, actor)
    return _analysis_page(
        request,
        actor=actor,
        tables=list(long_term(report_filter)),
        report_filter=report_filter,
        template="statistics/analysis.html",
        filename="langvarigt-stod",
        title=_("Långvarigt stöd"),
        form=form,
        extra={
            "intro": _(
                "Hur stor del av stödet går till dem som är kvar hela perioden? Efter Timrås "
                "analys av försörjningsstöd 2016–2019, där 14 % av hushållen som hade stöd hela "
                "tiden stod för 48 % av kostnaden."
            )
        },
    )


@login_required
def evaluation_view(request: HttpRequest) -> HttpResponse:
    actor = _require_reader(request)
    form, report_filter = report_filter_from(request, actor)
    result = evaluation(report_filter)
    computations = {payer: publish(table, compare=False) for payer, table in result.computations}
    return _analysis_page(
        request,
        actor=actor,
        tables=[result.summary, result.per_payer, result.sensitivity, result.transitions],
        report_filter=report_filter,
        template="statistics/evaluation.html",
        filename="samhallsekonomisk-utvardering",
        title=_("Samhällsekonomisk utvärdering"),
        form=form,
        extra={
            "assumptions": assumption_rows(result.assumptions),
            "prices": price_rows(result.assumptions),
            "result": result,
            "computations": [
                (label, computations[payer])
                for payer, label in zip(PAYER_ORDER, result.per_payer.rows, strict=True)
            ],
            "grants_by_year": sorted(result.grants_by_year.items()),
        },
    )


@login_required
def equal_access_view(request: HttpRequest) -> HttpResponse:
    actor = _require_reader(request)
    form, report_filter = report_filter_from(request, actor)
    result = equal_access(report_filter)
    return _analysis_page(
        request,
        actor=actor,
        tables=[result.table],
        report_filter=report_filter,
        template="statistics/equal_access.html",
        filename="lika-tillgang",
        title=_("Lika tillgång per stadsdel"),
        form=form,
        extra={
            "result": result,
            "can_import": policy.can_edit_populations(actor),
            "intro": _(
                "Är stödet lika tillgängligt i alla stadsdelar? Deltagare och ansökningar per "
                "1 000 invånare i arbetsför ålder."
            ),
        },
    )


def _import_page(
    request: HttpRequest,
    form: Any,
    run: Callable[[], list[Any]],
    *,
    done: str,
    success: str,
    template: str,
) -> HttpResponse:
    """An import page: the form, the service on a valid post (all or nothing, every bad row
    named at the field), a message with how many rows were stored."""
    if request.method == "POST" and form.is_valid():
        try:
            stored = run()
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, success % {"n": len(stored)})
            return redirect(done)
    return render(request, template, {"form": form})


@staff_view
def population_import(request: HttpRequest, actor: User) -> HttpResponse:
    if not policy.can_edit_populations(actor):
        raise PermissionDenied
    form = PopulationImportForm(
        request.POST or None,
        request.FILES or None,
        initial={"year": timezone.localdate().year - 1},
    )
    return _import_page(
        request,
        form,
        lambda: services.district_populations_import(
            actor=actor,
            year=form.cleaned_data["year"],
            source=form.cleaned_data["source"],
            text=form.csv_text(),
        ),
        done="statistics:equal_access",
        success=_("Befolkningen för %(n)s stadsdelar är sparad."),
        template="statistics/population_import.html",
    )


@staff_view
def kolada_import_view(request: HttpRequest, actor: User) -> HttpResponse:
    if not policy.can_edit_populations(actor):
        raise PermissionDenied
    figures = [(figure.key, str(figure.label)) for figure in key_figures]
    form = KoladaImportForm(request.POST or None, request.FILES or None, figures=figures)
    return _import_page(
        request,
        form,
        lambda: services.kolada_import(
            actor=actor,
            figure=form.cleaned_data["figure"],
            kpi=form.cleaned_data["kpi"],
            text=form.csv_text(),
        ),
        done="statistics:summary",
        success=_("%(n)s jämförelsevärden från Kolada är sparade."),
        template="statistics/kolada_import.html",
    )


def price_rows(assumptions: Any) -> list[dict[str, Any]]:
    payers = {**dict(Payer.choices), SOCIETY: _("Samhället")}
    return [
        {
            "label": price_label(key),
            "unit": price_unit(key),
            "price": assumptions.prices[key]["price"],
            "payer": payers[str(UNIT_PRICES[key][1])],
            "source": assumptions.prices[key]["source"],
            "is_default": f"price:{key}" in assumptions.defaults,
        }
        for key in UNIT_PRICES
    ]


def assumption_rows(assumptions: Any) -> list[dict[str, Any]]:
    payers = dict(Payer.choices)
    return [
        {
            "label": label,
            "yearly_cost": assumptions.costs[value]["yearly_cost"],
            "payer": payers.get(assumptions.costs[value]["payer"], ""),
            "disposable_income": assumptions.costs[value]["disposable_income"],
            "source": assumptions.costs[value]["source"],
            "is_default": value in assumptions.defaults,
        }
        for value, label in IncomeSource.choices
    ]


@staff_view
def assumptions_edit(request: HttpRequest, actor: User) -> HttpResponse:

    if not policy.can_edit_assumptions(actor):
        raise PermissionDenied
    current = assumptions_for(actor.organisation)
    sources = [(value, str(label)) for value, label in IncomeSource.choices]
    initial: dict[str, Any] = {
        "programme_cost_per_year": None
        if current.programme_is_default
        else current.programme_cost_per_year,
        "programme_cost_source": ""
        if current.programme_is_default
        else current.programme_cost_source,
        "horizon_years": current.horizon_years,
        "version": current.version,
    }
    for value, _label in sources:
        for name, field_value in current.costs[value].items():
            initial[f"{value}__{name}"] = field_value
    prices = [(key, price_label(key)) for key in UNIT_PRICES]
    for key, _label in prices:
        for name, field_value in current.prices[key].items():
            initial[f"price__{key}__{name}"] = field_value
    form = AssumptionsForm(request.POST or None, initial=initial, sources=sources, prices=prices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.assumptions_update(
                actor=actor,
                # A row left as Lotsa's default stays a default (and is marked so).
                costs={
                    source: row
                    for source, row in form.costs().items()
                    if {k: str(v) for k, v in row.items()}
                    != {k: str(v) for k, v in default_costs()[source].items()}
                },
                prices={
                    key: row
                    for key, row in form.unit_prices().items()
                    if {k: str(v) for k, v in row.items()}
                    != {k: str(v) for k, v in default_prices()[key].items()}
                },
                programme_cost_per_year=data["programme_cost_per_year"],
                programme_cost_source=data["programme_cost_source"],
                horizon_years=data["horizon_years"],
                expected_version=data["version"],
            )
        except EditConflictError as error:
            posted = request.POST.copy()
            posted["version"] = str(error.current.version)
            form = AssumptionsForm(posted, sources=sources, prices=prices)
            form.is_valid()
            form.add_error(None, error.messages[0])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Antagandena är sparade."))
            return redirect("statistics:assumptions")
    return render(
        request,
        "statistics/assumptions.html",
        {
            "form": form,
            "defaults": current.defaults,
            "programme_is_default": current.programme_is_default,
        },
    )
