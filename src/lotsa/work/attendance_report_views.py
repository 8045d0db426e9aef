"""The monthly attendance report's staff pages: the case panel, the coach's month page (review,
sign, share) and the summary for the referring officer with its CSV and XLSX files."""

import io
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotsa.audit.services import audit_export, audit_list
from lotsa.cases.panels import Panel, PanelAction
from lotsa.cases.policy import CaseAccess
from lotsa.cases.queries import case_get, case_page_key
from lotsa.core.batch import Reader, compiled
from lotsa.core.downloads import csv_response
from lotsa.core.exports import append_row
from lotsa.core.forms import add_service_errors
from lotsa.core.text import parse_ascii_int
from lotsa.organisations.decorators import staff_view
from lotsa.organisations.models import User
from lotsa.work import policy, queries, services
from lotsa.work.constants import AttendanceReportStatus, DayReview
from lotsa.work.forms import AttendanceReportPeriodForm
from lotsa.work.models import AttendanceReport


def attendance_report_panel(access: CaseAccess) -> Reader[Panel | None]:
    """The case page's monthly reports: a reader of one round (lotsa.core.batch)."""
    actor, case = access.actor, access.case
    if not access.can_view:
        return None
    can_add = policy.can_keep_attendance_reports(actor, case)
    shared_only = policy.is_referring_officer(actor, case)
    if not shared_only and not can_add:
        return None  # the read would be empty (queries.case_attendance_reports_read)
    rows = yield {
        "reports": compiled(
            AttendanceReport,
            case_page_key(actor, "work.attendance_reports", shared_only),
            lambda case_id: queries.case_reports_of(case_id, shared_only=shared_only),
            case.pk,
        )
    }
    reports: list[AttendanceReport] = rows["reports"]
    if not reports and not can_add:
        return None
    return Panel(
        heading=_("Närvarorapporter per månad"),
        anchor="attendance-reports",
        actions=[
            PanelAction(
                _("Ny närvarorapport"), reverse("work:attendance_report_create", args=[case.pk])
            )
        ]
        if can_add
        else [],
        template="work/_attendance_report_panel.html",
        context={"case": case, "reports": reports, "can_add": can_add},
    )


def _previous_month() -> tuple[Any, Any]:
    first = timezone.localdate().replace(day=1)
    last = first - timedelta(days=1)
    return last.replace(day=1), last


@staff_view
def attendance_report_create(request: HttpRequest, actor: User, case_id: int) -> HttpResponse:
    case = case_get(actor, case_id)
    if not policy.can_keep_attendance_reports(actor, case):
        raise PermissionDenied
    start, end = _previous_month()
    form = AttendanceReportPeriodForm(request.POST or None, initial={"start": start, "end": end})
    if request.method == "POST" and form.is_valid():
        try:
            report = services.attendance_report_create(actor=actor, case=case, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Rapporten är skapad. Granska dagarna som är ej registrerade innan du signerar."),
            )
            return redirect(report)
    return render(
        request,
        "work/form.html",
        {
            "form": form,
            "title": _("Ny närvarorapport"),
            "subject": case.participant.full_name,
            "intro": _(
                "En rapport gäller en hel kalendermånad som är slut. Timmarna hämtas från "
                "registrerad närvaro på placeringar och från planens aktiviteter."
            ),
            "back": reverse("cases:detail", args=[case.pk]),
        },
    )


def _parse_entries(
    request: HttpRequest, report: AttendanceReport
) -> tuple[dict[int, services.DayEntry], list[str]]:
    entries: dict[int, services.DayEntry] = {}
    problems: list[str] = []
    for line in report.days.all():
        if f"hours-{line.pk}" not in request.POST:
            continue
        text = request.POST.get(f"hours-{line.pk}", "").strip().replace(",", ".")
        hours: Decimal | None = None
        if text:
            try:
                hours = Decimal(text)
            except InvalidOperation:
                problems.append(
                    _("%(day)s: skriv timmar som ett tal, till exempel 7,5.")
                    % {"day": formats.date_format(line.day, "j F Y")}
                )
                continue
            if not hours.is_finite():
                problems.append(
                    _("%(day)s: skriv timmar som ett tal, till exempel 7,5.")
                    % {"day": formats.date_format(line.day, "j F Y")}
                )
                continue
            hours = hours.quantize(Decimal("0.1"))
        entries[line.pk] = services.DayEntry(
            hours=hours,
            review=request.POST.get(f"review-{line.pk}", ""),
            note=request.POST.get(f"note-{line.pk}", ""),
        )
    return entries, problems


def _page(
    request: HttpRequest,
    actor: User,
    report: AttendanceReport,
    errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    posted = request.POST if errors else None
    for line in report.days.all():
        # The page shows the editor's own input after an error, the stored values otherwise.
        if posted is not None and f"hours-{line.pk}" in posted:
            line.input_hours = posted.get(f"hours-{line.pk}", "")  # type: ignore[attr-defined]
            line.input_review = posted.get(f"review-{line.pk}", "")  # type: ignore[attr-defined]
            line.input_note = posted.get(f"note-{line.pk}", "")  # type: ignore[attr-defined]
        else:
            hours = "" if line.hours is None else formats.number_format(line.hours, 1)
            line.input_hours = hours  # type: ignore[attr-defined]
            line.input_review = line.review  # type: ignore[attr-defined]
            line.input_note = line.note  # type: ignore[attr-defined]
    return render(
        request,
        "work/attendance_report.html",
        {
            "report": report,
            "case": report.case,
            "table": queries.month_table(report),
            "reviews": DayReview.choices,
            "can_edit": policy.can_edit_attendance_report(actor, report),
            "can_share": policy.can_keep_attendance_reports(actor, report.case)
            and report.status == AttendanceReportStatus.SIGNED,
            "can_view_summary": policy.can_view_attendance_summary(actor, report),
            "errors": errors or [],
        },
        status=status,
    )


@staff_view
def attendance_report(request: HttpRequest, actor: User, report_id: int) -> HttpResponse:
    """The coach's month: hours per kind per day, the review of days without hours."""
    report = queries.attendance_report_get(
        actor=actor, report_id=report_id, log=request.method != "POST", allowed=_keeps
    )
    if request.method == "POST":
        entries, problems = _parse_entries(request, report)
        version = parse_ascii_int(request.POST.get("version"))
        if not problems:
            try:
                services.attendance_report_review(
                    actor=actor, report=report, version=version or 0, entries=entries
                )
            except ValidationError as error:
                problems = error.messages
            else:
                messages.success(request, _("Granskningen är sparad."))
                return redirect(report)
        report = queries.attendance_report_get(actor=actor, report_id=report_id, log=False)
        return _page(request, actor, report, problems, status=400)
    return _page(request, actor, report)


def _keeps(actor: User, report: AttendanceReport) -> bool:
    return policy.can_keep_attendance_reports(actor, report.case)


def _transition(
    request: HttpRequest, actor: User, report_id: int, change: Any, done: str
) -> HttpResponse:
    report = queries.attendance_report_get(
        actor=actor, report_id=report_id, log=False, allowed=_keeps
    )
    version = parse_ascii_int(request.POST.get("version"))
    try:
        change(actor=actor, report=report, version=version or 0)
    except ValidationError as error:
        report = queries.attendance_report_get(actor=actor, report_id=report_id, log=False)
        return _page(request, actor, report, error.messages, status=400)
    messages.success(request, done)
    return redirect(report)


@require_POST
@staff_view
def attendance_report_sign(request: HttpRequest, actor: User, report_id: int) -> HttpResponse:
    return _transition(
        request, actor, report_id, services.attendance_report_sign, _("Månaden är signerad.")
    )


@require_POST
@staff_view
def attendance_report_share(request: HttpRequest, actor: User, report_id: int) -> HttpResponse:
    return _transition(
        request,
        actor,
        report_id,
        services.attendance_report_share,
        _("Sammanfattningen finns nu för den remitterande handläggaren."),
    )


@staff_view
def attendance_summaries(request: HttpRequest, actor: User) -> HttpResponse:
    """The referring officer's "Närvarorapporter": every summary shared with them across their
    cases, newest month first (one query), each linked to its summary."""
    if not policy.can_list_attendance_summaries(actor):
        raise PermissionDenied
    reports = list(queries.shared_attendance_summaries(actor=actor))
    audit_list(
        actor=actor, object_type="work.attendancereport", summary=_("Lista: Närvarorapporter")
    )
    return render(
        request,
        "work/attendance_summaries.html",
        {"title": _("Närvarorapporter"), "reports": reports},
    )


def _summary(actor: User, report_id: int, *, log: bool) -> AttendanceReport:
    return queries.attendance_report_get(
        actor=actor, report_id=report_id, log=log, allowed=policy.can_view_attendance_summary
    )


@staff_view
def attendance_summary(request: HttpRequest, actor: User, report_id: int) -> HttpResponse:
    """The month in short for försörjningsstöd: hours per kind, reviewed absence, no workplace."""
    report = _summary(actor, report_id, log=True)
    return render(
        request,
        "work/attendance_summary.html",
        {"report": report, "case": report.case, "table": queries.month_table(report)},
    )


def _summary_rows(report: AttendanceReport) -> list[list[Any]]:
    table = queries.month_table(report)
    case = report.case
    signed = (
        formats.date_format(timezone.localtime(report.signed_at), "Y-m-d")
        if report.signed_at
        else ""
    )
    rows: list[list[Any]] = [
        [_("Deltagare"), case.participant.full_name],
        [_("Månad"), f"{report.month:%Y-%m}"],
        [_("Status"), report.get_status_display()],
        [_("Signerad"), signed],
        [],
        [_("Dag"), *[label for _value, label in table.kinds], _("Timmar totalt")],
    ]
    for row in table.rows:
        rows.append(
            [row.day.isoformat(), *[row.hours[value] for value, _l in table.kinds], row.total]
        )
    rows.append(
        [_("Hela månaden"), *[table.totals[value] for value, _l in table.kinds], table.total]
    )
    rows.append([])
    rows += [[label, days] for label, days in table.absence_days]
    rows.append([str(DayReview.GAP.label), table.gap_days])
    rows.append([_("Ej registrerat"), table.unreviewed_days])
    return rows


def _log_export(actor: User, report: AttendanceReport, kind: str) -> None:
    audit_export(
        actor=actor,
        obj=report,
        object_type="work.attendancereport",
        participant=report.case.participant,
        summary=_("Sammanfattning av närvaron %(month)s som %(kind)s")
        % {"month": f"{report.month:%Y-%m}", "kind": kind},
    )


def _filename(report: AttendanceReport, suffix: str) -> str:
    return f"narvarorapport-{report.case_id}-{report.month:%Y-%m}.{suffix}"


@staff_view
def attendance_summary_csv(request: HttpRequest, actor: User, report_id: int) -> HttpResponse:
    report = _summary(actor, report_id, log=False)
    _log_export(actor, report, "CSV")
    return csv_response(_filename(report, "csv"), _summary_rows(report))


@staff_view
def attendance_summary_xlsx(request: HttpRequest, actor: User, report_id: int) -> HttpResponse:
    from openpyxl import Workbook

    report = _summary(actor, report_id, log=False)
    _log_export(actor, report, "XLSX")
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Närvaro")
    for values in _summary_rows(report):
        append_row(sheet, [float(v) if isinstance(v, Decimal) else v for v in values])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(report, "xlsx")}"'
    return response
