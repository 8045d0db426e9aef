"""Pages for applications, investigations, formal decisions, letters, expiry and equal access.

Views parse the request and call one service; services hold the rules and refuse with Swedish
messages that the forms show next to the fields.
"""

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from lotsa.audit.constants import AuditAction
from lotsa.audit.services import audit_list, audit_record
from lotsa.core.editing import form_save
from lotsa.core.forms import add_service_errors
from lotsa.core.suppression import suppress_below
from lotsa.core.text import parse_ascii_int
from lotsa.decisions import policy, queries, services
from lotsa.decisions.forms import (
    ApplicationForm,
    DecisionForm,
    DelegationEndForm,
    DelegationForm,
    ExpiryFilterForm,
    ExtensionForm,
    InvestigationForm,
    ParallelSupportForm,
    PeriodForm,
)
from lotsa.decisions.letter import letter_criteria, to_you
from lotsa.decisions.letter_pdf import letter_pdf
from lotsa.decisions.models import Application, Decision
from lotsa.organisations.decorators import staff_view
from lotsa.organisations.models import User
from lotsa.people.personnummer import PersonnummerError, parse_personnummer
from lotsa.people.queries import participants_visible_to

PAGE_SIZE = 25
# The investigation's own fields, shown and saved as they are.
INVESTIGATION_TEXTS = (
    "consultation_on",
    "consultation_with",
    "consultation_summary",
    "life_situation",
    "support_needs",
    "goals",
)


@staff_view
def _staff(request: HttpRequest, actor: User) -> Any:
    if not policy.can_use_decisions(actor):
        raise PermissionDenied
    return actor


@login_required
def application_list(request: HttpRequest) -> HttpResponse:
    actor = _staff(request)
    if not policy.can_list_applications(actor):
        raise PermissionDenied
    page = Paginator(queries.application_rows_visible_to(actor), PAGE_SIZE).get_page(
        request.GET.get("sida")
    )
    audit_list(actor=actor, object_type="decisions.application", summary=_("Lista: ansökningar"))
    return render(
        request,
        "decisions/application_list.html",
        {
            "title": _("Ansökningar och beslut"),
            "page": page,
            "can_apply": policy.can_apply(actor),
            "can_view_equal_access": policy.can_view_equal_access(actor),
        },
    )


@login_required
def application_create(request: HttpRequest) -> HttpResponse:
    actor = _staff(request)
    if not policy.can_apply(actor):
        raise PermissionDenied
    today = timezone.localdate()
    versions = queries.published_versions_visible_to(actor, today)
    continues = None
    continued_id = parse_ascii_int(request.GET.get("fortsattning"))
    if continued_id is not None:
        continues = queries.decision_get(actor, continued_id)
    initial: dict[str, Any] = {"received_on": today}
    if continues is not None:
        initial["personal_number"] = continues.participant.personal_number
    form = ApplicationForm(request.POST or None, versions=versions, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        participant = None
        try:
            canonical = parse_personnummer(data["personal_number"]).canonical
        except PersonnummerError as error:
            form.add_error("personal_number", error.messages[0])
        else:
            participant = participants_visible_to(actor).filter(personal_number=canonical).first()
            if participant is None:
                form.add_error(
                    "personal_number",
                    _(
                        "Ingen person med det personnumret som du har tillgång till. "
                        "Registrera personen först."
                    ),
                )
        if participant is not None:
            try:
                application = services.application_create(
                    actor=actor,
                    participant=participant,
                    guideline_version=data["guideline_version"],
                    received_on=data["received_on"],
                    today=today,
                    continues=continues,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Ansökan är registrerad."))
                return redirect("decisions:investigate", application_id=application.pk)
    return render(
        request,
        "decisions/application_form.html",
        {
            "title": _("Ny ansökan"),
            "form": form,
            "continues": continues,
            "has_versions": versions.exists(),
        },
    )


def _application_context(actor: User, application: Application) -> dict[str, Any]:
    evaluation = services.application_evaluate(application)
    answers = application.answers or {}
    rows = [{**result.as_dict(), **answers.get(result.code, {})} for result in evaluation.results]
    return {
        "application": application,
        "evaluation": evaluation,
        "criteria_rows": rows,
        "problems": services.decision_problems(application),
        "decisions": list(application.decisions.all()),
        "parallel_supports": list(
            queries.parallel_supports_visible_to(actor, application.participant_id)
        ),
        "can_handle": policy.can_handle_application(actor, application),
    }


@login_required
def application_detail(request: HttpRequest, application_id: int) -> HttpResponse:
    actor = _staff(request)
    application = queries.application_get(actor, application_id)
    return render(
        request, "decisions/application_detail.html", _application_context(actor, application)
    )


@login_required
def application_investigate(request: HttpRequest, application_id: int) -> HttpResponse:
    actor = _staff(request)
    application = queries.application_get(actor, application_id, log=request.method == "GET")
    if not policy.can_handle_application(actor, application):
        raise PermissionDenied
    initial = {
        "version": application.version,
        "target_groups": [str(group.pk) for group in application.target_groups.all()],
        **{name: getattr(application, name) for name in INVESTIGATION_TEXTS},
    }

    def save(form: InvestigationForm) -> Application:
        data = form.cleaned_data
        return services.application_investigate(
            actor=actor,
            application=application,
            expected_version=data["version"],
            target_groups=form.chosen_groups(),
            answers=form.answers(),
            today=timezone.localdate(),
            **{name: data[name] for name in INVESTIGATION_TEXTS},
        )

    # A conflict is told at the top of the form, which keeps the person's own input.
    edit = form_save(
        request,
        InvestigationForm(request.POST or None, application=application, initial=initial),
        save=save,
    )
    if edit.saved:
        messages.success(request, _("Utredningen är sparad."))
        return redirect("decisions:application", application_id=application.pk)
    return render(
        request,
        "decisions/investigate.html",
        {"form": edit.form, "application": application, "version": application.guideline_version},
    )


@login_required
def decision_create(request: HttpRequest, application_id: int) -> HttpResponse:
    actor = _staff(request)
    application = queries.application_get(actor, application_id, log=request.method == "GET")
    if not policy.can_handle_application(actor, application):
        raise PermissionDenied
    version = application.guideline_version
    today = timezone.localdate()
    units = queries.support_units(actor)
    initial = {
        "first_step_motivation": version.standard_motivation,
        "support_type": version.support_type or version.guideline.name,
        "decided_on": today,
        "valid_from": today,
        "valid_to": services.default_period(version, today),
        "informed_on": today,
    }
    edit = form_save(
        request,
        DecisionForm(request.POST or None, units=units, version=version, initial=initial),
        save=lambda form: services.decision_make(
            actor=actor, application=application, today=today, **form.cleaned_data
        ),
    )
    if edit.saved:
        messages.success(request, _("Beslutet är fattat."))
        return redirect("decisions:letter", decision_id=edit.result.pk)
    return render(
        request,
        "decisions/decide.html",
        {
            **_application_context(actor, application),
            "form": edit.form,
            "version": version,
            "latest": services.latest_end_without_special_reasons(version, today),
        },
    )


@login_required
def decision_letter(request: HttpRequest, decision_id: int) -> HttpResponse:
    actor = _staff(request)
    decision = queries.decision_get(actor, decision_id, log=False)
    audit_record(
        actor=actor,
        action=AuditAction.VIEW,
        obj=decision,
        participant=decision.participant,
        summary=_("Läste beslutsbrevet"),
    )
    return render(request, "decisions/letter.html", _letter_context(actor, decision))


def _letter_context(actor: User, decision: Decision) -> dict[str, Any]:

    version = decision.guideline_version
    informed = dict(version.required_information)
    first = queries.first_decision(decision)
    return {
        "case": queries.decision_case(actor, decision),
        "referral": first.referral,
        "decision": decision,
        "version": version,
        "criteria": letter_criteria(decision),
        "motivation": to_you(decision.motivation),
        "first_step_motivation": to_you(decision.first_step_motivation),
        "information": [informed[code] for code in decision.informed_about if code in informed],
        "can_handle": policy.can_handle_application(actor, decision.application),
        "can_extend": (
            decision.is_granted
            and not queries.is_extended(decision)
            and not version.continuation_requires_consultation
        ),
        "can_continue": decision.is_granted and version.continuation_requires_consultation,
    }


@login_required
def decision_letter_pdf(request: HttpRequest, decision_id: int) -> HttpResponse:
    actor = _staff(request)
    decision = queries.decision_get(actor, decision_id, log=False)
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        obj=decision,
        participant=decision.participant,
        summary=_("Hämtade beslutsbrevet som PDF"),
    )
    response = HttpResponse(
        letter_pdf(_letter_context(actor, decision)), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="beslut-{decision.pk}.pdf"'
    return response


@login_required
def decision_extend(request: HttpRequest, decision_id: int) -> HttpResponse:
    actor = _staff(request)
    decision = queries.decision_get(actor, decision_id, log=request.method == "GET")
    if not policy.can_handle_application(actor, decision.application):
        raise PermissionDenied
    today = timezone.localdate()
    edit = form_save(
        request,
        ExtensionForm(request.POST or None, initial={"decided_on": today}),
        save=lambda form: services.decision_extend(
            actor=actor, decision=decision, today=today, **form.cleaned_data
        ),
    )
    if edit.saved:
        messages.success(request, _("Beslutet är förlängt."))
        return redirect("decisions:letter", decision_id=edit.result.pk)
    root = queries.first_decision(decision)
    latest = (
        services.latest_end_without_special_reasons(decision.guideline_version, root.valid_from)
        if root.valid_from
        else None
    )
    return render(
        request,
        "decisions/extend.html",
        {"title": _("Förläng beslutet"), "form": edit.form, "decision": decision, "latest": latest},
    )


@login_required
def parallel_support_add(request: HttpRequest, application_id: int) -> HttpResponse:
    actor = _staff(request)
    application = queries.application_get(actor, application_id, log=request.method == "GET")
    if not policy.can_record_parallel_support(actor, application.participant):
        raise PermissionDenied
    edit = form_save(
        request,
        ParallelSupportForm(request.POST or None),
        save=lambda form: services.parallel_support_add(
            actor=actor, participant=application.participant, **form.cleaned_data
        ),
    )
    if edit.saved:
        messages.success(request, _("Stödet är registrerat."))
        return redirect("decisions:application", application_id=application.pk)
    return render(
        request,
        "decisions/parallel_support_form.html",
        {"form": edit.form, "application": application},
    )


@login_required
def expiry_list(request: HttpRequest) -> HttpResponse:
    actor = _staff(request)
    if not policy.can_view_expiry(actor):
        raise PermissionDenied
    filters = ExpiryFilterForm(request.GET or None)
    within = (filters.cleaned_data.get("inom") if filters.is_valid() else None) or 90
    today = timezone.localdate()
    decisions = queries.expiring_decisions(actor, today=today, within_days=within)
    page = Paginator(decisions, PAGE_SIZE).get_page(request.GET.get("sida"))
    audit_list(actor=actor, object_type="decisions.decision", summary=_("Lista: beslut som upphör"))
    return render(
        request,
        "decisions/expiry_list.html",
        {
            "title": _("Beslut som upphör"),
            "page": page,
            "filters": filters,
            "within": within,
            "today": today,
            "query": f"inom={within}",
        },
    )


@login_required
def equal_access(request: HttpRequest) -> HttpResponse:
    actor = _staff(request)
    if not policy.can_view_equal_access(actor):
        raise PermissionDenied
    today = timezone.localdate()
    default = {"start": today.replace(month=1, day=1), "end": today}
    form = PeriodForm(request.GET or None, initial=default)
    period = form.cleaned_data if request.GET and form.is_valid() else default
    if request.GET and not form.is_valid():
        period = default
    start: datetime.date = period["start"]
    end: datetime.date = period["end"]
    return render(
        request,
        "decisions/equal_access.html",
        {
            "title": _("Jämlik tillgång"),
            "form": form,
            "start": start,
            "end": end,
            "districts": queries.equal_access_published(
                queries.decisions_by_district(actor, start, end)
            ),
            "groups": queries.equal_access_published(
                queries.decisions_by_target_group(actor, start, end)
            ),
            "minimum": suppress_below(),
        },
    )


@login_required
def delegation_list(request: HttpRequest) -> HttpResponse:
    """The delegation register: who may decide what, from when to when; the form adds a row."""
    actor = _staff(request)
    if not policy.can_manage_delegations(actor):
        raise PermissionDenied
    edit = form_save(
        request,
        DelegationForm(
            request.POST or None,
            organisation_id=actor.organisation_id,
            initial={"valid_from": timezone.localdate()},
        ),
        save=lambda form: services.delegation_add(actor=actor, **form.cleaned_data),
    )
    if edit.saved:
        messages.success(request, _("Delegationen är tillagd."))
        return redirect("decisions:delegations")
    rows = queries.delegation_register(actor)
    today = timezone.localdate()
    return render(
        request,
        "decisions/delegations.html",
        {
            "title": _("Delegationer"),
            "form": edit.form,
            "rows": [(row, row.in_force_on(today)) for row in rows],
            "standing": policy.STANDING_DELEGATION if not rows else None,
            "today": today,
        },
    )


@login_required
def delegation_end(request: HttpRequest, delegation_id: int) -> HttpResponse:
    actor = _staff(request)
    delegation = queries.delegation_get(actor, delegation_id)
    today = timezone.localdate()
    edit = form_save(
        request,
        DelegationEndForm(request.POST or None, initial={"valid_to": today}),
        save=lambda form: services.delegation_end(
            actor=actor, delegation=delegation, valid_to=form.cleaned_data["valid_to"], today=today
        ),
    )
    if edit.saved:
        messages.success(request, _("Delegationen är avslutad."))
        return redirect("decisions:delegations")
    return render(
        request,
        "decisions/delegation_end.html",
        {"title": _("Avsluta delegation"), "form": edit.form, "delegation": delegation},
    )
