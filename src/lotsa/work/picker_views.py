"""The placement form's lists that search as you type (employers, training arenas) and their
inline "Ny arbetsgivare" / "Ny träningsarena" (issue 17, item 4; shell/inline.py)."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotsa.organisations.decorators import staff_view
from lotsa.organisations.models import User
from lotsa.shell.inline import InlineCreation, inline_response
from lotsa.work import inline, policy, queries

PICKER_LIMIT = 20


def _options(request: HttpRequest, things: list[object], text: str, no_hit: str) -> HttpResponse:
    context = {"things": things, "q": text, "no_hit": no_hit}
    return render(request, "work/_picker_options.html", context)


@staff_view
def employer_picker(request: HttpRequest, actor: User) -> HttpResponse:
    """htmx, as the placement form's employer search is typed: the options of its employer
    list by name or organisation number in any written form; every employer when empty."""
    if not policy.can_view_employers(actor):
        raise PermissionDenied
    text = request.GET.get("sok", "").strip()
    employers = queries.employers_visible_to(actor=actor, text=text)
    no_hit = (
        _("Ingen träff. Saknas arbetsgivaren? Lägg till den nedan.")
        if policy.can_create_employer(actor)
        else _("Ingen träff.")
    )
    return _options(request, list(employers[:PICKER_LIMIT] if text else employers), text, no_hit)


@staff_view
def arena_picker(request: HttpRequest, actor: User) -> HttpResponse:
    """htmx, as the placement form's arena search is typed: the options of its arena list."""
    if not policy.can_view_arenas(actor):
        raise PermissionDenied
    text = request.GET.get("sok", "").strip()
    arenas = queries.training_arenas_visible_to(actor=actor, text=text)
    no_hit = (
        _("Ingen träff. Saknas arenan? Lägg till den nedan.")
        if inline.can_create_arena_inline(actor)
        else _("Ingen träff.")
    )
    return _options(request, list(arenas[:PICKER_LIMIT] if text else arenas), text, no_hit)


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
