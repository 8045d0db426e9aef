"""Creating a missing thing inline from the form that needs it: the referral's "Saknas personen?",
the placement's "Ny arbetsgivare" and "Ny träningsarena" (issue 17, item 4).

The inline fields sit inside the outer form, under a prefix, in a `<details>` that opens
without JavaScript. Their button posts the outer form: without JavaScript to the outer form's
own view, which creates the thing and shows the outer form again with everything typed kept and
the new thing chosen; with htmx to the owning app's endpoint, which answers with the inline
fields (`shell/_inline_fields.html`) and the picker's new options out of band.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render

from lotsa.core.forms import add_service_errors

# the id of the outer form's list that shows the new thing (`id_participant`, `id_employer`)
_SELECT_ID = re.compile(r"id_[a-z_]{1,40}")
# after the new options are in, so that a live preview (the referral's eligibility) reads them
PICKED_EVENT = "lotsa-picked"


@dataclass
class InlineCreation:
    """The inline form as it should be shown, and what it created (None until it did)."""

    form: forms.Form
    created: Any = None


def wants_inline_creation(data: QueryDict, button: str) -> bool:
    """The outer form was posted with the inline form's button (no JavaScript)."""
    return button in data


def inline_create(
    *,
    form_class: type[forms.Form],
    prefix: str,
    data: QueryDict,
    create: Callable[[dict[str, Any]], Any],
) -> InlineCreation:
    """Validate the inline fields and create through `create(cleaned_data)` — the owning app's
    service, so policy, audit and its rules apply; its ValidationError lands on the fields.
    Once created, the form is shown empty again for the next one."""
    form = form_class(data, prefix=prefix)
    if not form.is_valid():
        return InlineCreation(form)
    try:
        created = create(form.cleaned_data)
    except ValidationError as error:
        add_service_errors(form, error)
        return InlineCreation(form)
    return InlineCreation(form_class(prefix=prefix), created)


def kept_form(bound: forms.BaseForm, **changes: Any) -> dict[str, Any]:
    """The outer form's input as `initial`, so it is shown as typed but not yet judged."""
    initial = {name: bound[name].value() for name in bound.fields}
    initial.update(changes)
    return initial


def inline_response(
    request: HttpRequest,
    creation: InlineCreation,
    *,
    message: str,
    options_template: str,
    options: dict[str, Any],
    default_select: str,
) -> HttpResponse:
    """The htmx answer: the inline fields (a confirmation once created) and, once created, the
    outer form's list with the new thing chosen, swapped in out of band."""
    select_id = request.POST.get("lista", default_select)
    if not _SELECT_ID.fullmatch(select_id):
        select_id = default_select
    response = render(
        request,
        "shell/_inline_response.html",
        {
            "inline_form": creation.form,
            "created_message": message if creation.created is not None else "",
            "select_id": select_id,
            "options_template": options_template,
            **options,
        },
    )
    if creation.created is not None:
        response["HX-Trigger-After-Settle"] = PICKED_EVENT
    return response
