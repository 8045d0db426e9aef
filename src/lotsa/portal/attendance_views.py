"""Mina sidor: the participant's monthly attendance, to read and confirm (or say what is wrong)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lotsa.core.forms import add_service_errors
from lotsa.core.text import parse_ascii_int
from lotsa.portal import policy, queries
from lotsa.work import policy as work_policy
from lotsa.work import services as work_services
from lotsa.work.forms import AttendanceConfirmForm
from lotsa.work.queries import month_table


def _signed_in(request: HttpRequest) -> bool:
    if not request.user.is_authenticated:
        return False
    if not policy.is_participant_user(request.user):
        raise PermissionDenied
    return True


def attendance_list(request: HttpRequest) -> HttpResponse:
    """ "Min närvaro": the months the coach has put together."""
    if not _signed_in(request):
        return redirect("portal:sign_in")
    reports = queries.own_attendance_reports(request.user)  # type: ignore[arg-type]
    return render(
        request, "portal/attendance_list.html", {"title": _("Min närvaro"), "reports": reports}
    )


def attendance_report(request: HttpRequest, report_id: int) -> HttpResponse:
    """One month: hours per kind per day; confirm it, or write what is wrong."""
    if not _signed_in(request):
        return redirect("portal:sign_in")
    user = request.user
    report = queries.own_attendance_report(user, report_id)  # type: ignore[arg-type]
    can_confirm = work_policy.can_confirm_attendance_report(user, report)  # type: ignore[arg-type]
    form = AttendanceConfirmForm(request.POST or None)
    if request.method == "POST":
        if not can_confirm:
            raise PermissionDenied
        agrees = request.POST.get("answer") == "agree"
        if form.is_valid():
            try:
                work_services.attendance_report_confirm(
                    actor=user,  # type: ignore[arg-type]
                    report=report,
                    version=parse_ascii_int(request.POST.get("version")) or 0,
                    agrees=agrees,
                    comment=form.cleaned_data["comment"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Tack! Du har bekräftat din närvaro.")
                    if agrees
                    else _("Tack! Din arbetscoach får se vad du skrev."),
                )
                return redirect("portal:attendance_report", report_id=report.pk)
    return render(
        request,
        "portal/attendance_report.html",
        {
            "report": report,
            "table": month_table(report),
            "form": form,
            "can_confirm": can_confirm,
        },
        status=400 if form.errors else 200,
    )
