"""The versioned edit page: form → service → on a conflict, the current version beside one's own.

Every edit page of a row that carries a version (`core.concurrency`) does the same thing on
POST: a valid form goes to the service; if someone saved first, the page keeps the person's
own input, moves the form's version to the newest (so the next save is theirs, knowingly),
says why at the top of the form and hands the current row to the template; a service's
ValidationError goes to the fields it names.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, QueryDict

from lotsa.core.concurrency import EditConflictError
from lotsa.core.forms import add_service_errors

F = TypeVar("F", bound=forms.BaseForm)


@dataclass
class VersionedEdit(Generic[F]):
    """What the page shows next: the form (with errors), and the row someone else saved."""

    form: F
    saved: bool = False
    result: Any = None
    conflict: models.Model | None = None


def form_save(
    request: HttpRequest,
    form: F,
    *,
    save: Callable[[F], Any],
    rebuild: Callable[[QueryDict, Any], F] | None = None,
    version_field: str = "version",
    version_of: Callable[[Any], int] = lambda current: current.version,
) -> VersionedEdit[F]:
    """On a POST with a valid `form`, call `save(form)`; a service's ValidationError goes to the
    fields it names. With `rebuild`, a conflict rebuilds the form (`versioned_save`).
    """
    if request.method != "POST" or not form.is_valid():
        return VersionedEdit(form)
    try:
        result = save(form)
    except ValidationError as error:
        if rebuild is None or not isinstance(error, EditConflictError):
            add_service_errors(form, error)
            return VersionedEdit(form)
        data = request.POST.copy()
        data[version_field] = str(version_of(error.current))
        again = rebuild(data, error.current)
        again.is_valid()
        again.add_error(None, error.messages[0])
        return VersionedEdit(again, conflict=error.current)
    return VersionedEdit(form, saved=True, result=result)


def versioned_save(
    request: HttpRequest,
    form: F,
    *,
    save: Callable[[F], Any],
    rebuild: Callable[[QueryDict, Any], F],
    **version: Any,
) -> VersionedEdit[F]:
    """`form_save` for a row with a version: on a conflict, `rebuild(data, current)` the form
    from the person's own input with the current row's version (`version_of(current)`, default
    `current.version`) in `version_field` (default "version").
    """
    return form_save(request, form, save=save, rebuild=rebuild, **version)


T = TypeVar("T")


def button_action(request: HttpRequest, action: Callable[[], T], *, success: str = "") -> T | None:
    """Run a button's service (a POST without a form): a refusal becomes error messages at the
    top of the page it returns to, a success the message `success`. Returns what the service
    returned, or None when it refused.
    """
    try:
        result = action()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return None
    if success:
        messages.success(request, success)
    return result
