"""The instance administrator's pages: organisations and the steps that set one up."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lotsa.core.editing import form_save
from lotsa.onboarding import queries, services
from lotsa.onboarding.forms import (
    GuidelineInstallForm,
    GuidelineStartForm,
    MemberMunicipalityForm,
    OrganisationForm,
    PartnerAuthorityForm,
    StaffImportForm,
    UnitForm,
)
from lotsa.organisations import policy
from lotsa.organisations.decorators import staff_view
from lotsa.organisations.models import Organisation, User
from lotsa.organisations.services import member_municipality_add, organisation_onboard

MAX_STAFF_FILE_BYTES = 1_000_000


def _require_onboarding(actor: User) -> None:
    if not policy.can_onboard(actor):
        raise PermissionDenied


@staff_view
def organisation_list(request: HttpRequest, actor: User) -> HttpResponse:
    _require_onboarding(actor)
    organisations = queries.organisations_for_onboarding(actor)
    return render(
        request,
        "onboarding/organisation_list.html",
        {"title": _("Organisationer"), "organisations": organisations},
    )


@staff_view
def organisation_create(request: HttpRequest, actor: User) -> HttpResponse:
    _require_onboarding(actor)
    edit = form_save(
        request,
        OrganisationForm(request.POST or None),
        save=lambda form: organisation_onboard(actor=actor, **form.cleaned_data),
    )
    if edit.saved:
        messages.success(request, _("%(name)s är skapad.") % {"name": edit.result.name})
        return redirect("onboarding:organisation", edit.result.pk)
    return render(
        request,
        "onboarding/organisation_form.html",
        {"title": _("Ny organisation"), "form": edit.form},
    )


def _detail(
    request: HttpRequest, actor: User, organisation: Organisation, **bound: Any
) -> HttpResponse:
    forms = {step.context_name: step.form_class() for step in STEPS.values()} | bound
    return render(
        request,
        "onboarding/organisation_detail.html",
        {
            "title": organisation.name,
            "organisation": organisation,
            "setup": queries.organisation_setup(actor, organisation),
            "failed": next(iter(bound.values()), None),
            **forms,
        },
        status=400 if bound else 200,
    )


@staff_view
def organisation_detail(request: HttpRequest, actor: User, organisation_id: int) -> HttpResponse:
    _require_onboarding(actor)
    organisation = queries.organisation_for_onboarding(actor, organisation_id)
    return _detail(request, actor, organisation)


@dataclass(frozen=True)
class Step:
    form_class: type[forms.Form]
    context_name: str
    run: Callable[[User, Organisation, dict[str, Any]], object]
    done: str


def _with_form_data(
    service: Callable[..., object],
) -> Callable[[User, Organisation, dict[str, Any]], object]:
    """A step whose service takes the form's fields as they are."""
    return lambda actor, organisation, data: service(actor=actor, organisation=organisation, **data)


def _staff_from_file(actor: User, organisation: Organisation, data: dict[str, Any]) -> None:
    upload = data["file"]
    if upload.size > MAX_STAFF_FILE_BYTES:
        raise ValidationError({"file": _("Filen är större än 1 MB; dela upp den.")})
    try:
        services.staff_import(
            actor=actor,
            organisation=organisation,
            data=upload.read(),
        )
    except services.StaffImportRejectedError as rejected:
        raise ValidationError(
            {"file": [_("Ingen personal importerades."), *rejected.messages]}
        ) from rejected


# Each step of the organisation's page: its form, the service it calls, what it says when done.
STEPS: dict[str, Step] = {
    "member": Step(
        MemberMunicipalityForm,
        "member_form",
        _with_form_data(member_municipality_add),
        gettext_lazy("Medlemskommunen är tillagd."),
    ),
    "partner": Step(
        PartnerAuthorityForm,
        "partner_form",
        _with_form_data(services.onboarding_partner_authority_add),
        gettext_lazy("Myndigheten är tillagd i partnerregistret."),
    ),
    "guideline": Step(
        GuidelineInstallForm,
        "install_form",
        lambda actor, organisation, data: services.onboarding_guideline_install(
            actor=actor,
            organisation=organisation,
            key=data["guideline"],
            publish_on=data["publish_on"],
        ),
        gettext_lazy("Riktlinjen är installerad och publicerad."),
    ),
    "empty_guideline": Step(
        GuidelineStartForm,
        "start_form",
        _with_form_data(services.onboarding_guideline_start),
        gettext_lazy("En tom riktlinje är skapad; organisationens administratör fyller i den."),
    ),
    "unit": Step(
        UnitForm,
        "unit_form",
        _with_form_data(services.onboarding_unit_create),
        gettext_lazy("Enheten är skapad."),
    ),
    "staff": Step(
        StaffImportForm,
        "staff_form",
        _staff_from_file,
        gettext_lazy("Personalen är importerad. De får konton utan lösenord och sätter sitt eget."),
    ),
}


@require_POST
@staff_view
def organisation_step(
    request: HttpRequest, actor: User, organisation_id: int, step: str
) -> HttpResponse:
    """One onboarding step: the bound form, the service, back to the organisation's page."""
    _require_onboarding(actor)
    organisation = queries.organisation_for_onboarding(actor, organisation_id)
    chosen = STEPS[step]
    edit = form_save(
        request,
        chosen.form_class(request.POST, request.FILES),
        save=lambda form: chosen.run(actor, organisation, form.cleaned_data),
    )
    if edit.saved:
        messages.success(request, str(chosen.done))
        return redirect("onboarding:organisation", organisation.pk)
    return _detail(request, actor, organisation, **{chosen.context_name: edit.form})
