"""The placement form's lists that search as you type (employers, training arenas) and their
inline "Ny arbetsgivare" / "Ny träningsarena" (issue 17, item 4; shell/inline.py)."""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotsa.organisations.decorators import staff_view
from lotsa.organisations.models import User
from lotsa.shell.inline import InlineCreation, inline_response
from lotsa.work import inline, policy, queries

PICKER_LIMIT = 20


def _options(
    request: HttpRequest, found: Callable[[str], QuerySet[Any]], *, may_add: bool
) -> HttpResponse:
    """The list's options for the typed text: at most PICKER_LIMIT hits, everything when the
    search is cleared; a no-hit tells about the inline form only to those who may use it."""
    text = request.GET.get("sok", "").strip()
    things = list(found(text)[:PICKER_LIMIT] if text else found(text))
    no_hit = _("Ingen träff. Saknas den? Lägg till den nedan.") if may_add else _("Ingen träff.")
    context = {"things": things, "q": text, "no_hit": no_hit}
    return render(request, "work/_picker_options.html", context)


@staff_view
def employer_picker(request: HttpRequest, actor: User) -> HttpResponse:
    """htmx, as the placement form's employer search is typed: the options of its employer
    list by name or organisation number in any written form."""
    if not policy.can_view_employers(actor):
        raise PermissionDenied
    return _options(
        request,
        lambda text: queries.employers_visible_to(actor=actor, text=text),
        may_add=policy.can_create_employer(actor),
    )


@staff_view
def arena_picker(request: HttpRequest, actor: User) -> HttpResponse:
    """htmx, as the placement form's arena search is typed: the options of its arena list."""
    if not policy.can_view_arenas(actor):
        raise PermissionDenied
    return _options(
        request,
        lambda text: queries.training_arenas_visible_to(actor=actor, text=text),
        may_add=inline.can_create_arena_inline(actor),
    )


def _created(request: HttpRequest, creation: InlineCreation, default_select: str) -> HttpResponse:
    created = creation.created
    return inline_response(
        request,
        creation,
        message=inline.created_message(created) if created is not None else "",
        options_template="work/_picker_options.html",
        options={"things": [created] if created is not None else [], "chosen": True},
        default_select=default_select,
    )


@staff_view
@require_POST
def employer_inline_create(request: HttpRequest, actor: User) -> HttpResponse:
    """htmx, from the placement form's "Ny arbetsgivare": add the employer and choose it."""
    if not policy.can_create_employer(actor):
        raise PermissionDenied
    creation = inline.employer_create_inline(actor=actor, data=request.POST)
    return _created(request, creation, "id_employer")


@staff_view
@require_POST
def arena_inline_create(request: HttpRequest, actor: User) -> HttpResponse:
    """htmx, from the placement form's "Ny träningsarena": add an arena of the actor's unit."""
    if not inline.can_create_arena_inline(actor):
        raise PermissionDenied
    creation = inline.arena_create_inline(actor=actor, data=request.POST)
    return _created(request, creation, "id_arena")
