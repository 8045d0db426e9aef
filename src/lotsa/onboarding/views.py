"""The instance administrator's pages: organisations and the steps that set one up."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotsa.core.forms import add_service_errors
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
    return render(request, "onboarding/organisation_list.html", {"organisations": organisations})


@staff_view
def organisation_create(request: HttpRequest, actor: User) -> HttpResponse:
    _require_onboarding(actor)
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = organisation_onboard(actor=actor, **form.cleaned_data)
        except ValidationError as refused:
            add_service_errors(form, refused)
        else:
            messages.success(request, _("%(name)s är skapad.") % {"name": organisation.name})
            return redirect("onboarding:organisation", organisation.pk)
    return render(request, "onboarding/organisation_form.html", {"form": form})


def _detail(
    request: HttpRequest, actor: User, organisation: Organisation, **bound: Any
) -> HttpResponse:
    forms = {
        "member_form": MemberMunicipalityForm(),
        "partner_form": PartnerAuthorityForm(),
        "install_form": GuidelineInstallForm(),
        "start_form": GuidelineStartForm(),
        "unit_form": UnitForm(),
        "staff_form": StaffImportForm(),
        **bound,
    }
    return render(
        request,
        "onboarding/organisation_detail.html",
        {
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


def _step(
    request: HttpRequest,
    actor: User,
    organisation_id: int,
    form_class: type,
    context_name: str,
    run: Any,
    done: str,
) -> HttpResponse:
    """One onboarding step: the bound form, the service, back to the organisation's page."""
    _require_onboarding(actor)
    organisation = queries.organisation_for_onboarding(actor, organisation_id)
    form = form_class(request.POST, request.FILES)
    if form.is_valid():
        try:
            run(organisation, form.cleaned_data)
        except ValidationError as refused:
            add_service_errors(form, refused)
        else:
            messages.success(request, done)
            return redirect("onboarding:organisation", organisation.pk)
    return _detail(request, actor, organisation, **{context_name: form})


@require_POST
@staff_view
def member_add(request: HttpRequest, actor: User, organisation_id: int) -> HttpResponse:
    return _step(
        request,
        actor,
        organisation_id,
        MemberMunicipalityForm,
        "member_form",
        lambda organisation, data: member_municipality_add(
            actor=actor, organisation=organisation, **data
        ),
        _("Medlemskommunen är tillagd."),
    )


@require_POST
@staff_view
def partner_add(request: HttpRequest, actor: User, organisation_id: int) -> HttpResponse:
    return _step(
        request,
        actor,
        organisation_id,
        PartnerAuthorityForm,
        "partner_form",
        lambda organisation, data: services.onboarding_partner_authority_add(
            actor=actor, organisation=organisation, **data
        ),
        _("Myndigheten är tillagd i partnerregistret."),
    )


@require_POST
@staff_view
def guideline_install(request: HttpRequest, actor: User, organisation_id: int) -> HttpResponse:
    return _step(
        request,
        actor,
        organisation_id,
        GuidelineInstallForm,
        "install_form",
        lambda organisation, data: services.onboarding_guideline_install(
            actor=actor,
            organisation=organisation,
            key=data["guideline"],
            publish_on=data["publish_on"],
        ),
        _("Riktlinjen är installerad och publicerad."),
    )


@require_POST
@staff_view
def guideline_start(request: HttpRequest, actor: User, organisation_id: int) -> HttpResponse:
    return _step(
        request,
        actor,
        organisation_id,
        GuidelineStartForm,
        "start_form",
        lambda organisation, data: services.onboarding_guideline_start(
            actor=actor, organisation=organisation, **data
        ),
        _("En tom riktlinje är skapad; organisationens administratör fyller i den."),
    )


@require_POST
@staff_view
def unit_add(request: HttpRequest, actor: User, organisation_id: int) -> HttpResponse:
    return _step(
        request,
        actor,
        organisation_id,
        UnitForm,
        "unit_form",
        lambda organisation, data: services.onboarding_unit_create(
            actor=actor, organisation=organisation, **data
        ),
        _("Enheten är skapad."),
    )


def _staff_from_file(actor: User, organisation: Organisation, data: dict[str, Any]) -> None:
    upload = data["file"]
    if upload.size > MAX_STAFF_FILE_BYTES:
        raise ValidationError({"file": _("Filen är större än 1 MB; dela upp den.")})
    try:
        services.staff_import(actor=actor, organisation=organisation, data=upload.read())
    except services.StaffImportRejectedError as rejected:
        raise ValidationError(
            {"file": [_("Ingen personal importerades."), *rejected.messages]}
        ) from rejected


@require_POST
@staff_view
def staff_import(request: HttpRequest, actor: User, organisation_id: int) -> HttpResponse:
    return _step(
        request,
        actor,
        organisation_id,
        StaffImportForm,
        "staff_form",
        lambda organisation, data: _staff_from_file(actor, organisation, data),
        _("Personalen är importerad. De får konton utan lösenord och sätter sitt eget."),
    )
