from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotsa.core.editing import versioned_save
from lotsa.core.forms import add_service_errors
from lotsa.core.registry import Registry
from lotsa.organisations.decorators import staff_view
from lotsa.organisations.models import User
from lotsa.people import inline, policy, services
from lotsa.people.forms import ParticipantForm
from lotsa.people.models import Participant
from lotsa.people.queries import participant_get, participant_search
from lotsa.shell.inline import inline_response

# What other apps show on the person page: each registered function (in the app's
# extensions.py) returns template variables — `cases`, `referrals`, `can_refer`,
# `can_make_extract` — for people/detail.html. The page imports none of those apps.
PagePart = Callable[[User, Participant], dict[str, Any]]
person_page_parts: Registry[PagePart] = Registry("person page parts")


@staff_view
def participant_list(request: HttpRequest, actor: User) -> HttpResponse:
    if not policy.can_search_participants(actor):
        raise PermissionDenied
    text = request.GET.get("q", "").strip()
    people = list(participant_search(actor, text=text, limit=100))
    context = {
        "title": _("Deltagare"),
        "people": people,
        "q": text,
        "can_register": policy.can_register_participant(actor),
    }
    template = "people/_results.html" if request.htmx else "people/list.html"
    return render(request, template, context)


PICKER_LIMIT = 20


@staff_view
def participant_picker(request: HttpRequest, actor: User) -> HttpResponse:
    """htmx, as a form's person search is typed: the options of its person list, only people
    the actor may see (name, or personnummer in any written form); the same for no hit as for
    a person who exists but is not the actor's to see."""
    if not policy.can_search_participants(actor):
        raise PermissionDenied
    text = request.GET.get("sok", "").strip()
    people = list(participant_search(actor, text=text, limit=PICKER_LIMIT)) if text else []
    return render(request, "people/_picker_options.html", {"people": people, "q": text})


@staff_view
@require_POST
def participant_inline_create(request: HttpRequest, actor: User) -> HttpResponse:
    """htmx, from the referral form's "Saknas personen?": register the person and choose them in
    the form's person list; errors on the fields, nothing saved."""
    if not policy.can_register_participant(actor):
        raise PermissionDenied
    creation = inline.participant_register_inline(actor=actor, data=request.POST)
    created = creation.created
    return inline_response(
        request,
        creation,
        message=inline.registered_message(created) if created else "",
        options_template="people/_picker_options.html",
        options={"people": [created] if created else [], "q": ""},
        default_select="id_participant",
    )


@staff_view
def participant_detail(request: HttpRequest, actor: User, participant_id: int) -> HttpResponse:
    participant = participant_get(actor, participant_id)
    context: dict[str, Any] = {"referrals": [], "cases": []}
    for part in person_page_parts:
        context.update(part(actor, participant))
    context.update(
        {
            "participant": participant,
            "can_edit": policy.can_edit_participant(actor, participant),
            "can_read_log": policy.can_read_access_log(actor, participant),
        }
    )
    return render(request, "people/detail.html", context)


def _details(form: ParticipantForm) -> dict[str, object]:
    data = {
        key: value
        for key, value in form.cleaned_data.items()
        if key not in {"personal_number", "unit", "version"}
    }
    if not data.get("gender"):
        data.pop("gender", None)
    return data


@staff_view
def participant_create(request: HttpRequest, actor: User) -> HttpResponse:
    if not policy.can_register_participant(actor):
        raise PermissionDenied
    form = ParticipantForm(request.POST or None, actor=actor, initial={"unit": actor.unit_id})
    if request.method == "POST" and form.is_valid():
        try:
            participant = services.participant_register(
                actor=actor,
                personal_number=form.cleaned_data["personal_number"],
                unit=form.cleaned_data["unit"],
                **_details(form),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Deltagaren är registrerad."))
            return redirect("people:detail", participant.pk)
    return render(request, "people/form.html", {"form": form, "title": _("Registrera deltagare")})


@staff_view
def participant_edit(request: HttpRequest, actor: User, participant_id: int) -> HttpResponse:
    participant = participant_get(actor, participant_id, log=request.method == "GET")
    if not policy.can_edit_participant(actor, participant):
        raise PermissionDenied
    initial = {name: getattr(participant, name) for name in services.EDITABLE_FIELDS}
    initial["version"] = participant.version

    def save(form: ParticipantForm) -> Participant:
        changes = {k: v for k, v in _details(form).items() if k in form.fields}
        return services.participant_update(
            actor=actor,
            participant=participant,
            expected_version=form.cleaned_data["version"] or 0,
            **changes,
        )

    edit = versioned_save(
        request,
        ParticipantForm(request.POST or None, actor=actor, editing=True, initial=initial),
        save=save,
        rebuild=lambda data, _current: ParticipantForm(
            data, actor=actor, editing=True, initial=initial
        ),
    )
    if edit.saved:
        messages.success(request, _("Uppgifterna är sparade."))
        return redirect("people:detail", participant.pk)
    return render(
        request,
        "people/form.html",
        {
            "form": edit.form,
            "participant": participant,
            "conflict": edit.conflict,
            "title": _("Ändra uppgifter för %(name)s") % {"name": participant},
        },
    )
