"""One audited create or update: the row written and its audit record in one transaction; for
an update also the allowed fields, the version check and the diff.

Lives in `audit` rather than `core` because it writes an audit record and `core` sits below
`audit` in the layers; every app above may use it.
"""

from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from django.db import models, transaction

from lotsa.audit.constants import AuditAction
from lotsa.audit.services import audit_record, diff_fields
from lotsa.core.concurrency import save_with_version

M = TypeVar("M", bound=models.Model)


def require_known_fields(changes: Mapping[str, Any], allowed: Iterable[str], *, what: str) -> None:
    """Refuse (TypeError: a programming error, not bad input) any field outside `allowed`."""
    unknown = set(changes) - set(allowed)
    if unknown:
        raise TypeError(f"Unknown {what} fields: {sorted(unknown)}")


def audited_update(
    *,
    actor: Any,
    instance: M,
    changes: Mapping[str, Any],
    allowed: Iterable[str],
    expected_version: int | None,
    summary: str | Callable[[M], str],
    participant: Any = None,
) -> M:
    """Write `changes` to `instance` and audit what changed, in one transaction.

    With `expected_version` the row is written only if it still has that version
    (`save_with_version`; EditConflictError otherwise). `None` is for rows without a version of
    their own, or whose caller has already claimed another row's version (a plan item claims
    its case's plan version): they are saved with `update_fields`. A callable `summary` is
    given the changed instance (for summaries that depend on the new values).
    """
    require_known_fields(changes, allowed, what=str(instance._meta.model_name))
    before = {name: getattr(instance, name) for name in changes}
    with transaction.atomic():
        for name, value in changes.items():
            setattr(instance, name, value)
        if expected_version is None:
            instance.save(update_fields=list(changes))
        else:
            save_with_version(instance, expected_version=expected_version, fields=list(changes))
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=instance,
            participant=participant,
            summary=summary(instance) if callable(summary) else summary,
            changes=diff_fields(before, dict(changes)),
        )
    return instance


def audited_create(
    *,
    actor: Any,
    instance: M,
    summary: str | Callable[[M], str],
    participant: Any = None,
    organisation_id: int | None = None,
    changes: dict[str, Any] | None = None,
) -> M:
    """Insert the unsaved `instance` and audit its creation, in one transaction.

    The insert is `Model.objects.create`'s (`save(force_insert=True)`); inside a caller's
    transaction it joins it without a savepoint, so a service's query count stays. A callable
    `summary` is given the saved instance.
    """
    with transaction.atomic(savepoint=False):
        instance.save(force_insert=True)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=instance,
            participant=participant,
            summary=summary(instance) if callable(summary) else summary,
            changes=changes,
            organisation_id=organisation_id,
        )
    return instance
