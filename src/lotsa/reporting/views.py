"""Pages of the national reports: Kolada's result at closure, the ESF-style status after
leaving, Socialstyrelsen's monthly file and its code table. Thin: parse the period, call one
`produce_*`, render, export (audited) or say which cases lack what."""

from functools import partial
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lotsa.core.concurrency import EditConflictError
from lotsa.core.downloads import csv_response
from lotsa.core.forms import add_service_errors
from lotsa.organisations.decorators import staff_view
from lotsa.organisations.models import User
from lotsa.reporting import policy, services
from lotsa.reporting.codes import code_table
from lotsa.reporting.common import PeriodError, ReportIncompleteError, month_period
from lotsa.reporting.esf import produce_esf
from lotsa.reporting.exports import XLSX, report_part
from lotsa.reporting.finsam import NotAnAssociationError, produce_finsam
from lotsa.reporting.forms import CodeForm, MonthForm
from lotsa.reporting.kolada import produce_kolada
from lotsa.reporting.skr import produce_skr
from lotsa.reporting.socialstyrelsen import produce_socialstyrelsen
from lotsa.statistics.exports import csv_rows, legend, to_xlsx
from lotsa.statistics.forms import YearForm
from lotsa.statistics.periods import Period, year
from lotsa.statistics.tables import publish


def _reader(actor: User) -> None:
    if not policy.can_view_reports(actor):
        raise PermissionDenied


@staff_view
def index(request: HttpRequest, actor: User) -> HttpResponse:
    _reader(actor)
    return render(
        request, "reporting/index.html", {"can_download": policy.can_download_rows(actor)}
    )


def _year(request: HttpRequest) -> tuple[YearForm, Period]:
    last_year = timezone.localdate().year - 1
    form = YearForm(request.GET or None, initial={"year": last_year})
    chosen = form.cleaned_data["year"] if request.GET and form.is_valid() else last_year
    return form, year(chosen)


def _table_report(
    request: HttpRequest, actor: User, *, name: str, produce: Any, intro: str
) -> HttpResponse:
    """A yearly report of count tables: the page, or its CSV/XLSX (?export=)."""
    form, period = _year(request)
    context: dict[str, Any] = {"form": form, "intro": intro, "legend": legend(), "name": name}
    try:
        report = produce(actor.organisation, period)
    except ReportIncompleteError as incomplete:
        context.update(title=incomplete.title, incomplete=incomplete, period=period)
        return render(request, "reporting/report.html", context, status=200)
    except NotAnAssociationError as error:
        context.update(title=_("Uppföljning Finsam"), notice=str(error), period=period)
        return render(request, "reporting/report.html", context)
    part = report_part(report)
    fmt = request.GET.get("export", "")
    if fmt == "rows" and hasattr(report, "csv_rows"):
        if not policy.can_download_rows(actor):
            raise PermissionDenied
        services.report_download_record(
            actor=actor, report=name, description=f"{report.title} rader", rows=len(report.rows)
        )
        return csv_response(f"{report.filename}-rader.csv", report.csv_rows())
    if fmt in ("csv", "xlsx"):
        services.report_download_record(
            actor=actor,
            report=name,
            description=f"{report.title} {fmt.upper()}"[:250],
            rows=sum(len(table.rows) for table in part.tables),
        )
        filename = f"{name}-{period.start.year}"
        if fmt == "xlsx":
            response = HttpResponse(to_xlsx([part]), content_type=XLSX)
            response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
            return response
        return csv_response(f"{filename}.csv", csv_rows([part]))
    published = part.tables
    query = request.GET.copy()
    query.pop("export", None)
    context.update(
        title=report.title,
        tables=published,
        query=query.urlencode(),
        period=period,
        row_file=hasattr(report, "csv_rows") and policy.can_download_rows(actor),
    )
    return render(request, "reporting/report.html", context)


def _yearly_report(name: str, produce: Any, intro: Any, *, for_actor: bool = False) -> Any:
    """The page (and CSV/XLSX) of one yearly report of count tables, for a report reader.
    `for_actor`: `produce` also takes the actor (its file on person level is filtered)."""

    @staff_view
    def view(request: HttpRequest, actor: User) -> HttpResponse:
        _reader(actor)
        report = partial(produce, actor=actor) if for_actor else produce
        return _table_report(request, actor, name=name, produce=report, intro=str(intro))

    view.__name__ = view.__qualname__ = name
    return view


kolada = _yearly_report(
    "kolada",
    produce_kolada,
    gettext_lazy(
        "Koladas nyckeltal Resultat vid avslut: andelen som efter avslut började arbeta "
        "(minst en månad i följd, inte kommunal arbetsmarknadsanställning) eller studera "
        "med rätt till studiemedel. Under det: styrelserapportens mått inom 18 månader, "
        "som räknar på ett annat sätt."
    ),
)
esf = _yearly_report(
    "esf",
    produce_esf,
    gettext_lazy(
        "Läge en och sex månader efter avslut, som i Europeiska socialfondens "
        "resultatindikatorer, från samma uppföljningar efter avslut som allt annat."
    ),
)
skr = _yearly_report(
    "skr",
    produce_skr,
    gettext_lazy(
        "SKR:s årliga enkät om kommunernas arbetsmarknadsverksamhet, i enkätens ordning: "
        "deltagare per målgrupp och SKR-kategori, personal, nettokostnad, utbildning och "
        "tid utan arbete före inskrivning, och hur många som avslutades och till vad. "
        "Varje tabell säger vad som ingår."
    ),
)
finsam = _yearly_report(
    "finsam",
    produce_finsam,
    gettext_lazy(
        "Uppföljning Finsam för samordningsförbundets insatser: inriktning, målgrupp, "
        "budget och utfall, deltagare per kön och, där förbundet följer individer, "
        "försörjning och utbildning före och efter. I filen på personnivå är den som inte "
        "samtyckt eller har skyddad identitet anonym: bara kön och startår."
    ),
    for_actor=True,
)


@staff_view
def socialstyrelsen(request: HttpRequest, actor: User) -> HttpResponse:
    _reader(actor)
    today = timezone.localdate()
    last_month = today.replace(day=1) - timezone.timedelta(days=1)
    initial = last_month.strftime("%Y-%m")
    form = MonthForm(request.GET or None, initial={"month": initial})
    context: dict[str, Any] = {"form": form, "legend": legend()}
    if request.GET and not form.is_valid():
        return render(request, "reporting/socialstyrelsen.html", context)
    text = form.cleaned_data["month"] if request.GET else initial
    try:
        period = month_period(text)
        monthly = produce_socialstyrelsen(actor.organisation, period, actor=actor)
    except PeriodError as error:
        form.add_error("month", str(error))
        return render(request, "reporting/socialstyrelsen.html", context)
    except ReportIncompleteError as incomplete:
        context.update(incomplete=incomplete, period=period)
        return render(request, "reporting/socialstyrelsen.html", context)
    if request.GET.get("export") == "csv":
        if not policy.can_download_rows(actor):
            raise PermissionDenied
        services.report_download_record(
            actor=actor, report="socialstyrelsen", description=monthly.title, rows=len(monthly.rows)
        )
        return csv_response(f"{monthly.filename}.csv", monthly.csv_rows())
    context.update(
        monthly=monthly,
        summary=publish(monthly.summary(), compare=False),
        period=period,
        month=text,
        can_download=policy.can_download_rows(actor),
    )
    return render(request, "reporting/socialstyrelsen.html", context)


@staff_view
def codes(request: HttpRequest, actor: User) -> HttpResponse:
    if not policy.can_edit_codes(actor):
        raise PermissionDenied
    return render(request, "reporting/codes.html", {"rows": code_table(actor.organisation)})


@staff_view
def code_edit(request: HttpRequest, actor: User, kind: str, key: str) -> HttpResponse:
    if not policy.can_edit_codes(actor):
        raise PermissionDenied
    found = [row for row in code_table(actor.organisation) if (row.kind, row.key) == (kind, key)]
    if not found:
        raise Http404
    row = found[0]
    initial = {"code": row.code, "label": row.label, "version": row.version}
    form = CodeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.report_code_update(
                actor=actor,
                kind=kind,
                key=key,
                code=data["code"],
                label=data["label"],
                expected_version=data["version"],
            )
        except EditConflictError as error:
            posted = request.POST.copy()
            posted["version"] = str(error.current.version)
            form = CodeForm(posted)
            form.is_valid()
            form.add_error(None, error.messages[0])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Koden är sparad."))
            return redirect("reporting:codes")
    return render(request, "reporting/code_edit.html", {"form": form, "row": row})
