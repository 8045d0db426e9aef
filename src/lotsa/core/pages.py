"""Pieces of pages written once for every app: the save of an edit page for a row with a
version (new or changed). The services still do the writing, the policy and the audit."""

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django import forms
from django.http import HttpRequest

from lotsa.core.editing import VersionedEdit, versioned_save

F = TypeVar("F", bound=forms.BaseForm)


def create_or_update(
    request: HttpRequest,
    form_class: type[F],
    row: Any,
    *,
    fields: Iterable[str],
    blank: dict[str, Any],
    create: Callable[..., Any],
    update: Callable[..., Any],
    **form_kwargs: Any,
) -> VersionedEdit[F]:
    """The edit page of `row` (None: a new one). The form starts from `blank` for a new row,
    else from the row's `fields` and version. A new row is `create(**cleaned_data)`; a row is
    `update(expected_version=..., **changed)` with only the fields the person changed. A
    conflict rebuilds the form from the person's input (`versioned_save`)."""
    initial: dict[str, Any] = dict(blank)
    if row is not None:
        initial = {name: getattr(row, name) for name in fields}
        initial["version"] = row.version

    def save(form: F) -> Any:
        data = dict(form.cleaned_data)
        expected_version = data.pop("version") or 0
        if row is None:
            return create(**data)
        changed = {name: data[name] for name in form.changed_data if name in data}
        return update(expected_version=expected_version, **changed)

    return versioned_save(
        request,
        form_class(request.POST or None, initial=initial, **form_kwargs),
        save=save,
        rebuild=lambda data, _current: form_class(data, initial=initial, **form_kwargs),
    )
