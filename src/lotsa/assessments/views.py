"""Pages for mappings, assessments, phases and the certificate, and the administrators'
instrument and method pages."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotsa.assessments import policy, queries, services
from lotsa.assessments.forms import (
    AreaForm,
    AssessmentForm,
    FidelityReviewForm,
    InstrumentChoiceForm,
    InstrumentCreateForm,
    InstrumentEditForm,
    MappingForm,
    MethodForm,
    ModuleForm,
    PhaseForm,
)
from lotsa.assessments.models import Instrument, Method
from lotsa.cases.models import Case
from lotsa.cases.queries import case_get
from lotsa.core.editing import form_save, versioned_save
from lotsa.organisations.decorators import staff_view
from lotsa.organisations.models import User


def _case_for_recording(actor: User, case_id: int) -> Case:
    case = case_get(actor, case_id)
    if not policy.can_record_progress(actor, case):
        raise PermissionDenied
    return case


def _case_url(case: Case) -> str:
    return reverse("cases:detail", args=[case.pk])


def _to_case(case: Case) -> HttpResponse:
    return redirect(f"{_case_url(case)}#progress-heading")


def _form_page(
    request: HttpRequest, form: Any, *, title: str, subject: Any = None, **back: Any
) -> HttpResponse:
    """The plain form page: a title, what it concerns, and `back` (a url) or `back_name`."""
    return render(
        request, "assessments/form.html", {"form": form, "title": title, "subject": subject, **back}
    )


# Case pages -----------------------------------------------------------------------------------


@staff_view
def mapping_create(request: HttpRequest, actor: User, case_id: int) -> HttpResponse:
    case = _case_for_recording(actor, case_id)
    mappings = queries.mappings_for_case(case)
    initial: dict[str, Any] = {"mapped_on": timezone.localdate()}
    if mappings:
        # Start from the latest answers, so a follow-up changes only what changed.
        latest = mappings[-1]
        initial.update({name: getattr(latest, name) for name in queries.MAPPING_FIELDS})
        initial["occasion"] = "follow_up"
    else:
        initial["occasion"] = "start"
    edit = form_save(
        request,
        MappingForm(request.POST or None, initial=initial),
        save=lambda form: services.mapping_record(actor=actor, case=case, **form.cleaned_data),
    )
    if edit.saved:
        messages.success(request, _("Kartläggningen är sparad."))
        return _to_case(case)
    return _form_page(
        request,
        edit.form,
        title=_("Ny kartläggning"),
        subject=case.participant,
        back=_case_url(case),
    )


@staff_view
def mapping_history(request: HttpRequest, actor: User, case_id: int) -> HttpResponse:
    case = case_get(actor, case_id)
    if not policy.can_view_mapping(actor, case):
        raise PermissionDenied
    mappings = queries.mappings_for_case(case)
    return render(
        request,
        "assessments/mapping_history.html",
        {
            "case": case,
            "mappings": [
                (mapping, queries.mapping_answers(mapping)) for mapping in reversed(mappings)
            ],
        },
    )


@staff_view
def assessment_create(request: HttpRequest, actor: User, case_id: int) -> HttpResponse:
    case = _case_for_recording(actor, case_id)
    instruments = queries.active_instruments_for_case(case)
    chooser = InstrumentChoiceForm(request.GET or None, instruments=instruments)
    instrument: Instrument | None = None
    if chooser.is_valid():
        instrument = chooser.cleaned_data["instrument"]
    elif len(instruments) == 1:
        instrument = instruments[0]
    if instrument is None:
        return render(
            request,
            "assessments/instrument_choice.html",
            {"case": case, "chooser": chooser, "has_instruments": instruments.exists()},
        )
    areas = queries.instrument_structure(instrument)
    chosen = instrument
    edit = form_save(
        request,
        AssessmentForm(
            request.POST or None, areas=areas, initial={"assessed_on": timezone.localdate()}
        ),
        save=lambda form: services.assessment_record(
            actor=actor,
            case=case,
            instrument=chosen,
            assessed_on=form.cleaned_data["assessed_on"],
            scores=form.scores(),
        ),
    )
    if edit.saved:
        messages.success(request, _("Skattningen är sparad."))
        return _to_case(case)
    return render(
        request,
        "assessments/assessment_form.html",
        {"case": case, "form": edit.form, "instrument": instrument},
    )


@staff_view
def phase_set(request: HttpRequest, actor: User, case_id: int) -> HttpResponse:
    case = _case_for_recording(actor, case_id)
    edit = form_save(
        request,
        PhaseForm(request.POST or None, phases=queries.phases_to_choose(case)),
        save=lambda form: services.case_phase_set(actor=actor, case=case, **form.cleaned_data),
    )
    if edit.saved:
        messages.success(request, _("Fasen är sparad."))
        return _to_case(case)
    return _form_page(
        request, edit.form, title=_("Byt fas"), subject=case.participant, back=_case_url(case)
    )


@staff_view
def certificate(request: HttpRequest, actor: User, case_id: int) -> HttpResponse:
    case = case_get(actor, case_id)
    steps = queries.certificate_steps(actor, case)
    return render(
        request,
        "assessments/certificate.html",
        {
            "case": case,
            "steps": steps,
            "issued_on": timezone.localdate(),
            "issuer": actor,
        },
    )


# Administrators: instruments --------------------------------------------------------------------


def _require_configure(actor: User) -> None:
    if not policy.can_configure(actor):
        raise PermissionDenied


@staff_view
def instrument_list(request: HttpRequest, actor: User) -> HttpResponse:
    _require_configure(actor)
    return render(
        request,
        "assessments/instrument_list.html",
        {"title": _("Skattningsinstrument"), "instruments": queries.instruments_visible_to(actor)},
    )


@staff_view
@require_POST
def instrument_install_move(request: HttpRequest, actor: User) -> HttpResponse:
    _require_configure(actor)
    instrument = services.instrument_install(actor=actor, organisation=actor.organisation)
    messages.success(request, _("%(name)s är installerat.") % {"name": instrument})
    return redirect("assessments:instrument_detail", instrument.pk)


@staff_view
def instrument_create(request: HttpRequest, actor: User) -> HttpResponse:
    _require_configure(actor)
    edit = form_save(
        request,
        InstrumentCreateForm(request.POST or None),
        save=lambda form: services.instrument_create(actor=actor, **form.cleaned_data),
    )
    if edit.saved:
        return redirect("assessments:instrument_detail", edit.result.pk)
    return _form_page(
        request, edit.form, title=_("Nytt instrument"), back_name="assessments:instruments"
    )


@staff_view
def instrument_detail(request: HttpRequest, actor: User, instrument_id: int) -> HttpResponse:
    instrument = queries.instrument_get(actor, instrument_id)
    return render(
        request,
        "assessments/instrument_detail.html",
        {
            "title": str(instrument),
            "instrument": instrument,
            "areas": queries.instrument_structure(instrument),
            "is_used": queries.instrument_is_used(instrument),
        },
    )


@staff_view
def instrument_edit(request: HttpRequest, actor: User, instrument_id: int) -> HttpResponse:
    instrument = queries.instrument_get(actor, instrument_id)
    initial = {
        "description": instrument.description,
        "is_active": instrument.is_active,
        "version": instrument.version,
    }

    def save(form: InstrumentEditForm) -> Instrument:
        data = dict(form.cleaned_data)
        return services.instrument_update(
            actor=actor, instrument=instrument, expected_version=data.pop("version"), **data
        )

    edit = versioned_save(
        request,
        InstrumentEditForm(request.POST or None, initial=initial),
        save=save,
        rebuild=lambda data, _current: InstrumentEditForm(data),
    )
    if edit.saved:
        messages.success(request, _("Instrumentet är sparat."))
        return redirect("assessments:instrument_detail", instrument.pk)
    return _form_page(
        request,
        edit.form,
        title=_("Ändra instrument"),
        subject=instrument,
        back=instrument.get_absolute_url(),
    )


@staff_view
@require_POST
def instrument_new_version(request: HttpRequest, actor: User, instrument_id: int) -> HttpResponse:
    instrument = queries.instrument_get(actor, instrument_id)
    copy = services.instrument_new_version(actor=actor, instrument=instrument)
    messages.success(request, _("%(name)s är skapad och kan ändras.") % {"name": copy})
    return redirect("assessments:instrument_detail", copy.pk)


@staff_view
def area_create(request: HttpRequest, actor: User, instrument_id: int) -> HttpResponse:
    instrument = queries.instrument_get(actor, instrument_id)
    edit = form_save(
        request,
        AreaForm(request.POST or None),
        save=lambda form: services.area_add(
            actor=actor, instrument=instrument, **form.cleaned_data
        ),
    )
    if edit.saved:
        return redirect("assessments:instrument_detail", instrument.pk)
    return _form_page(
        request,
        edit.form,
        title=_("Nytt område"),
        subject=instrument,
        back=instrument.get_absolute_url(),
    )


@staff_view
def _module_form(
    request: HttpRequest,
    actor: User,
    *,
    area: Any,
    module: Any = None,
    initial: dict[str, Any] | None = None,
) -> HttpResponse:
    initial = {**(initial or {}), "version": area.instrument.version}
    edit = versioned_save(
        request,
        ModuleForm(request.POST or None, initial=initial),
        save=lambda form: services.module_save(
            actor=actor,
            area=area,
            module=module,
            name=form.cleaned_data["name"],
            steps=form.steps(),
            expected_version=form.cleaned_data["version"],
        ),
        rebuild=lambda data, _current: ModuleForm(data),
    )
    if edit.saved:
        messages.success(request, _("Modulen är sparad."))
        return redirect("assessments:instrument_detail", area.instrument_id)
    return _form_page(
        request,
        edit.form,
        title=_("Ändra modul") if module else _("Ny modul"),
        subject=f"{area.instrument} – {area}",
        back=area.instrument.get_absolute_url(),
    )


@staff_view
def module_create(request: HttpRequest, actor: User, area_id: int) -> HttpResponse:
    area = queries.area_get(actor, area_id)
    return _module_form(request, area=area)


@staff_view
def module_edit(request: HttpRequest, actor: User, module_id: int) -> HttpResponse:
    module = queries.module_get(actor, module_id)
    initial: dict[str, Any] = {"name": module.name}
    initial.update({f"step_{step.number}": step.description for step in module.steps.all()})
    return _module_form(request, area=module.area, module=module, initial=initial)


# Administrators: methods ------------------------------------------------------------------------


@staff_view
def method_list(request: HttpRequest, actor: User) -> HttpResponse:
    _require_configure(actor)
    return render(
        request,
        "assessments/method_list.html",
        {"title": _("Arbetsmetoder"), "methods": queries.methods_visible_to(actor)},
    )


@staff_view
@require_POST
def methods_install(request: HttpRequest, actor: User) -> HttpResponse:
    _require_configure(actor)
    installed = services.default_methods_install(actor=actor, organisation=actor.organisation)
    if installed:
        names = ", ".join(method.name for method in installed)
        messages.success(request, _("Installerade: %(names)s.") % {"names": names})
    else:
        messages.info(request, _("Metoderna fanns redan."))
    return redirect("assessments:methods")


@staff_view
def method_edit(request: HttpRequest, actor: User, method_id: int | None = None) -> HttpResponse:
    method = queries.method_get(actor, method_id) if method_id else None
    _require_configure(actor)
    initial: dict[str, Any] = {"is_active": True}
    if method:
        initial = {
            "name": method.name,
            "description": method.description,
            "is_active": method.is_active,
            "phases": "\n".join(phase.name for phase in method.phases.all()),
        }
    if method:
        initial["version"] = method.version

    def save(form: MethodForm) -> Method:
        return services.method_save(
            actor=actor,
            method=method,
            expected_version=(form.cleaned_data["version"] or 0) if method else None,
            name=form.cleaned_data["name"],
            description=form.cleaned_data["description"],
            is_active=form.cleaned_data["is_active"],
            phase_names=form.phase_names(),
        )

    edit = versioned_save(
        request,
        MethodForm(request.POST or None, initial=initial),
        save=save,
        rebuild=lambda data, _current: MethodForm(data),
    )
    if edit.saved:
        messages.success(request, _("Metoden är sparad."))
        return redirect("assessments:methods")
    return _form_page(
        request,
        edit.form,
        title=_("Ändra metod") if method else _("Ny metod"),
        back_name="assessments:methods",
        conflict=edit.conflict,
    )


# Fidelity reviews of a unit ---------------------------------------------------------------------


@staff_view
def fidelity_own(request: HttpRequest, actor: User) -> HttpResponse:
    """The signed-in coach's or manager's own unit."""
    if actor.unit is None or not policy.can_view_fidelity(actor, actor.unit):
        raise PermissionDenied
    return redirect("assessments:fidelity_unit", actor.unit.pk)


@staff_view
def fidelity_unit(request: HttpRequest, actor: User, unit_id: int) -> HttpResponse:
    unit = queries.fidelity_unit_get(actor, unit_id)
    return render(
        request,
        "assessments/fidelity_unit.html",
        {
            "unit": unit,
            "history": queries.fidelity_history(actor, unit),
            "scales": queries.fidelity_scales(),
            "may_record": policy.can_record_fidelity(actor, unit),
            "window_months": queries.OUTCOME_WINDOW_MONTHS,
        },
    )


@staff_view
def fidelity_review_create(
    request: HttpRequest, actor: User, unit_id: int, scale_key: str
) -> HttpResponse:
    unit = queries.fidelity_unit_get(actor, unit_id)
    if not policy.can_record_fidelity(actor, unit):
        raise PermissionDenied
    scale = next((item for item in queries.fidelity_scales() if item.key == scale_key), None)
    if scale is None:
        raise Http404
    edit = form_save(
        request,
        FidelityReviewForm(
            request.POST or None, scale=scale, initial={"reviewed_on": timezone.localdate()}
        ),
        save=lambda form: services.fidelity_review_record(
            actor=actor,
            unit=unit,
            scale=scale,
            reviewed_on=form.cleaned_data["reviewed_on"],
            reviewers=form.cleaned_data["reviewers"],
            note=form.cleaned_data["note"],
            scores=form.scores(),
        ),
    )
    if edit.saved:
        messages.success(request, _("Granskningen är sparad."))
        return redirect("assessments:fidelity_review", edit.result.pk)
    return render(
        request,
        "assessments/fidelity_review_form.html",
        {"unit": unit, "scale": scale, "form": edit.form},
    )


@staff_view
def fidelity_review_detail(request: HttpRequest, actor: User, review_id: int) -> HttpResponse:
    result, scores = queries.fidelity_review_get(actor, review_id)
    return render(
        request,
        "assessments/fidelity_review.html",
        {"result": result, "review": result.review, "scores": scores},
    )
