"""Pages for follow-up after closure: the coaches' list, recording one, the settings."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa.audit.services import audit_list, audit_view
from lotsa.core.concurrency import EditConflictError
from lotsa.core.forms import add_service_errors
from lotsa.organisations.decorators import staff_view
from lotsa.organisations.models import User
from lotsa.outcomes import policy, queries, services
from lotsa.outcomes.forms import OutcomeRecordForm, OutcomeSettingsForm


@staff_view
def outcome_list(request: HttpRequest, actor: User) -> HttpResponse:
    if not policy.can_list_outcomes(actor):
        raise PermissionDenied
    mine_only = request.GET.get("mina") == "1"
    follow_ups = queries.outcomes_due(actor, mine_only=mine_only)[:200]
    audit_list(
        actor=actor, object_type="outcomes.outcomefollowup", summary=_("Lista: Efter avslut")
    )
    return render(
        request,
        "outcomes/list.html",
        {
            "title": _("Uppföljning efter avslut"),
            "follow_ups": follow_ups,
            "mine_only": mine_only,
            "today": timezone.localdate(),
        },
    )


def _conflicted(form_class: Any, request: HttpRequest, error: EditConflictError) -> Any:
    data = request.POST.copy()
    data["version"] = str(error.current.version)
    form = form_class(data)
    form.is_valid()
    form.add_error(None, error.messages[0])
    return form


@staff_view
def outcome_record(request: HttpRequest, actor: User, follow_up_id: int) -> HttpResponse:
    follow_up = queries.outcome_get(actor, follow_up_id)
    if request.method == "GET":
        audit_view(actor=actor, obj=follow_up, participant=follow_up.case.participant)
    initial = {
        "status": follow_up.status,
        "recorded_on": follow_up.recorded_on or timezone.localdate(),
        "comment": follow_up.comment,
        "version": follow_up.version,
        "work_lasted_month": ""
        if follow_up.work_lasted_month is None
        else ("yes" if follow_up.work_lasted_month else "no"),
    }
    asks = services.asks_work_lasted(follow_up)
    form = OutcomeRecordForm(request.POST or None, initial=initial, asks_work_lasted=asks)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.outcome_record(
                actor=actor,
                follow_up=follow_up,
                status=data["status"],
                recorded_on=data["recorded_on"],
                comment=data["comment"],
                expected_version=data["version"],
                work_lasted_month=form.work_lasted() if asks else None,
            )
        except EditConflictError as error:
            form = _conflicted(OutcomeRecordForm, request, error)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Uppföljningen är registrerad."))
            return redirect("outcomes:list")
    return render(
        request,
        "outcomes/record.html",
        {"title": _("Registrera uppföljning efter avslut"), "form": form, "follow_up": follow_up},
    )


@staff_view
def outcome_settings(request: HttpRequest, actor: User) -> HttpResponse:
    if not policy.can_edit_outcome_settings(actor):
        raise PermissionDenied
    current = queries.outcome_settings_for(actor)
    initial = {"months": ", ".join(str(m) for m in current.months), "version": current.version}
    form = OutcomeSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            months = services.parse_months(form.cleaned_data["months"])
            services.outcome_settings_update(
                actor=actor, months=months, expected_version=form.cleaned_data["version"]
            )
        except EditConflictError as error:
            form = _conflicted(OutcomeSettingsForm, request, error)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Inställningen är sparad."))
            return redirect("outcomes:settings")
    return render(
        request,
        "outcomes/settings.html",
        {"title": _("Uppföljning efter avslut – inställning"), "form": form},
    )
