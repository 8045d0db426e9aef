"""Optimistic locking: two people editing the same row never silently overwrite each other."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.utils.translation import gettext as _


class EditConflictError(ValidationError):
    """Someone else saved the object after it was opened for editing."""

    def __init__(self, current: models.Model) -> None:
        super().__init__(
            _(
                "Någon annan har sparat ändringar medan du redigerade. "
                "Se de senaste uppgifterna nedan och gör dina ändringar igen."
            ),
            code="conflict",
        )
        self.current = current


def save_with_version(obj: Any, *, expected_version: int, fields: list[str]) -> None:
    """Write `fields` of `obj` only if its row still has `expected_version`; bump the version.

    Raises EditConflictError (with the current row) when another save came first.
    """
    model = type(obj)
    values = {name: getattr(obj, name) for name in fields}
    if any(f.name == "updated_at" for f in model._meta.get_fields()):
        from django.utils import timezone

        values["updated_at"] = timezone.now()
    updated = model._default_manager.filter(pk=obj.pk, version=expected_version).update(
        version=F("version") + 1, **values
    )
    if updated != 1:
        raise EditConflictError(model._default_manager.get(pk=obj.pk))
    obj.version = expected_version + 1
