"""Helpers the apps' factories share: a moment on a day, and moving a row's timestamps back.

Culling and extracts count from when entries were written, so `backdate()` moves every
auto_now/auto_now_add timestamp of a row to a chosen moment.
"""

import datetime

from django.db import models
from django.utils import timezone


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    """A moment on `day` in Lotsa's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def backdate(obj: models.Model, when: datetime.datetime) -> None:
    """Set every auto_now/auto_now_add timestamp of `obj` to `when`, in the database too."""
    names = [
        field.name
        for field in obj._meta.concrete_fields
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    ]
    values = {
        name: when
        if isinstance(obj._meta.get_field(name), models.DateTimeField)
        else timezone.localdate(when)
        for name in names
    }
    type(obj)._base_manager.filter(pk=obj.pk).update(**values)
    for name, value in values.items():
        setattr(obj, name, value)
