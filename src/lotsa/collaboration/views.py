"""Pages: the partner register, consents, coordination meetings and the partner's own view."""

from collections.abc import Callable
from functools import partial
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lotsa.audit.services import audit_view
from lotsa.cases import queries as case_queries
from lotsa.collaboration import policy, queries, services
from lotsa.collaboration.forms import (
    AgreedActionFormSet,
    ConsentRegisterForm,
    MeetingForm,
    PartnerContactForm,
    PartnerForm,
    PartnerReferralForm,
    PartnerUserForm,
)
from lotsa.collaboration.models import CoordinationMeeting, PartnerOrganisation
from lotsa.core.concurrency import EditConflictError
from lotsa.core.editing import button_action, form_save
from lotsa.core.forms import add_service_errors
from lotsa.core.pages import create_or_update
from lotsa.organisations.decorators import staff_view
from lotsa.organisations.models import User
from lotsa.people import queries as people_queries

PARTNER_PAGE_SIZE = 50


# The partner register (administrators) ---------------------------------------------------------


def _require_manage_partners(actor: User) -> None:
    if not policy.can_manage_partners(actor):
        raise PermissionDenied


def _partner_for_admin(actor: User, partner_id: int) -> PartnerOrganisation:
    _require_manage_partners(actor)
    return queries.partner_get(actor, partner_id)


def _form_page(
    request: HttpRequest, form: Any, *, title: str, back: str, subject: str = "", notice: str = ""
) -> HttpResponse:
    """The plain form page: a title, whom it concerns, a notice above the form, and `back`."""
    return render(
        request,
        "collaboration/form.html",
        {"form": form, "title": title, "subject": subject, "notice": notice, "back": back},
    )


@staff_view
def partner_list(request: HttpRequest, actor: User) -> HttpResponse:
    _require_manage_partners(actor)
    return render(
        request,
        "collaboration/partner_list.html",
        {
            "title": _("Samverkansparter"),
            "partners": queries.partners_visible_to(actor).prefetch_related("contacts"),
        },
    )


@staff_view
def partner_detail(request: HttpRequest, actor: User, partner_id: int) -> HttpResponse:
    partner = _partner_for_admin(actor, partner_id)
    contacts = partner.contacts.select_related("user").order_by("name")
    return render(
        request,
        "collaboration/partner_detail.html",
        {"title": partner.name, "partner": partner, "contacts": contacts},
    )


@staff_view
def partner_edit(request: HttpRequest, actor: User, partner_id: int | None = None) -> HttpResponse:
    partner = _partner_for_admin(actor, partner_id) if partner_id else None
    _require_manage_partners(actor)
    edit = create_or_update(
        request,
        PartnerForm,
        partner,
        fields=services.PARTNER_FIELDS,
        blank={"is_active": True},
        create=partial(services.partner_create, actor=actor),
        update=partial(services.partner_update, actor=actor, partner=partner),
    )
    if edit.saved:
        messages.success(request, _("Samverkansparten är sparad."))
        return redirect("collaboration:partner_detail", edit.result.pk)
    return _form_page(
        request,
        edit.form,
        title=_("Ändra samverkanspart") if partner else _("Ny samverkanspart"),
        back=(
            reverse("collaboration:partner_detail", args=[partner.pk])
            if partner
            else reverse("collaboration:partners")
        ),
    )


@staff_view
def partner_contact_add(request: HttpRequest, actor: User, partner_id: int) -> HttpResponse:
    partner = _partner_for_admin(actor, partner_id)
    edit = form_save(
        request,
        PartnerContactForm(request.POST or None),
        save=lambda form: services.partner_contact_add(
            actor=actor, partner=partner, **form.cleaned_data
        ),
    )
    if edit.saved:
        messages.success(request, _("Kontaktpersonen är tillagd."))
        return redirect("collaboration:partner_detail", partner.pk)
    return _form_page(
        request,
        edit.form,
        title=_("Ny kontaktperson"),
        subject=partner.name,
        back=reverse("collaboration:partner_detail", args=[partner.pk]),
    )


@staff_view
def partner_user_create(request: HttpRequest, actor: User, contact_id: int) -> HttpResponse:
    _require_manage_partners(actor)
    contact = queries.partner_contact_get(actor, contact_id)
    edit = form_save(
        request,
        PartnerUserForm(request.POST or None),
        save=lambda form: services.partner_user_create(
            actor=actor,
            contact=contact,
            username=form.cleaned_data["username"],
            link_for=lambda token: request.build_absolute_uri(
                reverse("account:invitation", args=[token])
            ),
        ),
    )
    if edit.saved:
        messages.success(
            request,
            _("Användaren är skapad och har fått en inbjudan med e-post till %(email)s.")
            % {"email": contact.email},
        )
        return redirect("collaboration:partner_detail", contact.partner_id)
    return _form_page(
        request,
        edit.form,
        title=_("Ny användare för samverkanspart"),
        subject=f"{contact.name}, {contact.partner.name}",
        back=reverse("collaboration:partner_detail", args=[contact.partner_id]),
    )


# Consents (coaches and managers) ----------------------------------------------------------------


def _participant_for_consents(actor: User, participant_id: int) -> Any:
    participant = people_queries.participant_get(actor, participant_id)
    if not policy.can_list_consents(actor, participant):
        raise PermissionDenied
    return participant


@staff_view
def consent_list(request: HttpRequest, actor: User, participant_id: int) -> HttpResponse:
    participant = _participant_for_consents(actor, participant_id)
    consents = queries.consents_for_participant(actor, participant)
    in_force = queries.consent_ids_in_force(participant)
    return render(
        request,
        "collaboration/consent_list.html",
        {
            "participant": participant,
            "consents": consents,
            "in_force": in_force,
            "today": timezone.localdate(),
            "can_register": policy.can_register_consent(actor, participant),
        },
    )


@staff_view
def consent_register(request: HttpRequest, actor: User, participant_id: int) -> HttpResponse:
    participant = _participant_for_consents(actor, participant_id)
    edit = form_save(
        request,
        ConsentRegisterForm(
            request.POST or None, partners=queries.partners_visible_to(actor, active_only=True)
        ),
        save=lambda form: services.consent_register(
            actor=actor,
            participant=participant,
            **{**form.cleaned_data, "partners": list(form.cleaned_data["partners"])},
        ),
    )
    if edit.saved:
        seen = queries.partner_visibility(participant, edit.result.scopes)
        tell = messages.warning if seen.is_protected else messages.success
        tell(request, _("Samtycket är registrerat.") + " " + seen.text)
        return redirect("collaboration:consents", participant.pk)
    return _form_page(
        request,
        edit.form,
        notice=(
            queries.partner_visibility(participant, []).text if participant.is_protected else ""
        ),
        title=_("Registrera samtycke"),
        subject=f"{participant.first_name} {participant.last_name}",
        back=reverse("collaboration:consents", args=[participant.pk]),
    )


@staff_view
@require_http_methods(["GET", "POST"])
def consent_revoke(request: HttpRequest, actor: User, consent_id: int) -> HttpResponse:
    consent = queries.consent_get(actor, consent_id)
    if request.method == "POST":
        button_action(
            request,
            lambda: services.consent_revoke(actor=actor, consent=consent),
            success=_("Samtycket är återkallat. Det gäller inte längre."),
        )
        return redirect("collaboration:consents", consent.participant_id)
    if not policy.can_revoke_consent(actor, consent):
        raise PermissionDenied
    audit_view(actor=actor, obj=consent, participant=consent.participant)
    return render(
        request,
        "collaboration/consent_revoke.html",
        {"title": _("Återkalla samtycke"), "consent": consent},
    )


# Coordination meetings -------------------------------------------------------------------------


def _meeting_forms(
    request: HttpRequest, actor: User, case: Any, *, outcome_only: bool = False
) -> tuple[MeetingForm, Any]:
    data = request.POST if request.method == "POST" else None
    form = MeetingForm(
        data,
        partners=queries.partners_visible_to(actor, active_only=True),
        outcome_only=outcome_only,
        initial={"plan_version": case.plan_version},
    )
    actions = AgreedActionFormSet(
        data,
        prefix="actions",
        form_kwargs={"activity_types": case_queries.activity_types_for_case(case)},
    )
    return form, actions


def _agreed_actions(actions: Any) -> list[services.AgreedAction]:
    return [
        services.AgreedAction(
            activity_type=row.cleaned_data.get("activity_type"),
            responsible=row.cleaned_data.get("responsible", ""),
            starts_on=row.cleaned_data.get("starts_on"),
            ends_on=row.cleaned_data.get("ends_on"),
            description=row.cleaned_data.get("description", ""),
        )
        for row in actions.forms
        if not row.is_blank
    ]


def _attach_action_errors(form: MeetingForm, actions: Any, error: ValidationError) -> None:
    """Errors named `actions-<n>-<field>` go to that row (n counts the filled rows only)."""
    filled = [row for row in actions.forms if not row.is_blank]
    rest: dict[str, Any] = {}
    for key, problems in error.message_dict.items():
        if key.startswith("actions-"):
            _prefix, index, name = key.split("-", 2)
            row = filled[int(index)]
            for problem in problems:
                row.add_error(name if name in row.fields else None, problem)
        else:
            rest[key] = problems
    if rest:
        add_service_errors(form, ValidationError(rest))


@staff_view
def meeting_create(request: HttpRequest, actor: User, case_id: int) -> HttpResponse:
    case = case_queries.case_get(actor, case_id, log=request.method == "GET")
    if not policy.can_record_meeting(actor, case):
        raise PermissionDenied
    form, actions = _meeting_forms(request, actor, case)
    meeting = _meeting_save(
        request,
        form,
        actions,
        lambda data, outcome: services.meeting_record(
            actor=actor,
            case=case,
            kind=data["kind"],
            meets_on=data["meets_on"],
            starts_at=data["starts_at"],
            place=data["place"],
            **outcome,
        ),
    )
    if meeting is not None:
        messages.success(request, _("Mötet är registrerat."))
        return redirect("collaboration:meeting_detail", meeting.pk)
    return render(
        request,
        "collaboration/meeting_form.html",
        {"form": form, "actions": actions, "case": case, "title": _("Nytt samverkansmöte")},
    )


def _meeting_save(
    request: HttpRequest,
    form: MeetingForm,
    actions: Any,
    save: Callable[[dict[str, Any], dict[str, Any]], CoordinationMeeting],
) -> CoordinationMeeting | None:
    """Save a valid meeting form and its action rows: `save(data, outcome)`. None when nothing
    was saved; the reasons are then on the form and its rows."""
    if request.method != "POST" or not (form.is_valid() and actions.is_valid()):
        return None
    data = form.cleaned_data
    try:
        return save(data, _outcome(data, actions))
    except EditConflictError as error:
        form.add_error(None, error.messages[0])
    except ValidationError as error:
        _attach_action_errors(form, actions, error)
    return None


def _outcome(data: dict[str, Any], actions: Any) -> dict[str, Any]:
    """Who took part and what was agreed: the same fields when booking and when recording."""
    return {
        "expected_plan_version": data["plan_version"],
        "parties": data["parties"],
        "partners": list(data["partners"]),
        "attendees": data["attendees"],
        "lead_party": data["lead_party"],
        "agreed": data["agreed"],
        "actions": _agreed_actions(actions),
        "consent_scopes": data["consent_scopes"],
        "consent_form": data["consent_form"],
    }


@staff_view
def meeting_detail(request: HttpRequest, actor: User, meeting_id: int) -> HttpResponse:
    meeting = queries.meeting_get(actor, meeting_id)
    return render(
        request,
        "collaboration/meeting_detail.html",
        {
            "meeting": meeting,
            "case": meeting.case,
            "can_record_outcome": not meeting.has_outcome
            and meeting.meets_on <= timezone.localdate()
            and policy.can_record_meeting(actor, meeting.case),
        },
    )


@staff_view
def meeting_outcome(request: HttpRequest, actor: User, meeting_id: int) -> HttpResponse:
    meeting = queries.meeting_get(actor, meeting_id)
    case = meeting.case
    if not policy.can_record_meeting(actor, case):
        raise PermissionDenied
    form, actions = _meeting_forms(request, actor, case, outcome_only=True)
    recorded = _meeting_save(
        request,
        form,
        actions,
        lambda _data, outcome: services.meeting_record_outcome(
            actor=actor, meeting=meeting, **outcome
        ),
    )
    if recorded is not None:
        messages.success(request, _("Mötets utfall är registrerat."))
        return redirect("collaboration:meeting_detail", meeting.pk)
    return render(
        request,
        "collaboration/meeting_form.html",
        {
            "form": form,
            "actions": actions,
            "case": case,
            "meeting": meeting,
            "title": _("Utfall av mötet"),
        },
    )


# The partner's own view ------------------------------------------------------------------------


@staff_view
def partner_people(request: HttpRequest, actor: User) -> HttpResponse:
    people = queries.partner_people(actor)
    page = Paginator(people, PARTNER_PAGE_SIZE).get_page(request.GET.get("sida"))
    queries.partner_people_audit(actor, list(page.object_list))
    return render(
        request,
        "collaboration/partner_people.html",
        {"page": page, "partner": policy.partner_of(actor)},
    )


@staff_view
def partner_person(request: HttpRequest, actor: User, participant_id: int) -> HttpResponse:
    view = queries.partner_person(actor, participant_id)
    return render(request, "collaboration/partner_person.html", {"view": view})


@staff_view
@require_http_methods(["GET", "POST"])
def partner_referral(request: HttpRequest, actor: User) -> HttpResponse:
    """A partner's contact person refers someone who consented to their organisation."""
    partner = policy.partner_of(actor)
    if partner is None:
        raise PermissionDenied
    edit = form_save(
        request,
        PartnerReferralForm(request.POST or None, units=queries.units_for_partner_referral(actor)),
        save=lambda form: services.partner_referral_submit(actor=actor, **form.cleaned_data),
    )
    if edit.saved:
        messages.success(
            request,
            _("Remissen är skickad till %(unit)s. Verksamheten hör av sig till personen.")
            % {"unit": edit.form.cleaned_data["receiving_unit"]},
        )
        return redirect("collaboration:partner_people")
    return render(
        request,
        "collaboration/partner_referral.html",
        {"title": _("Remittera en person"), "form": edit.form, "partner": partner},
    )
