"""Writing audit records. Every service that reads or changes personal data calls `audit_record`."""

from typing import Any

from django.db import models

from lotsa.audit.constants import AuditAction
from lotsa.audit.context import RequestOrigin, current_origin
from lotsa.audit.models import AuditRecord


def audit_record(
    *,
    actor: Any,
    action: AuditAction,
    obj: models.Model | None = None,
    object_type: str = "",
    participant: Any = None,
    summary: str = "",
    changes: dict[str, Any] | None = None,
) -> AuditRecord:
    """Write one audit record: `actor` did `action` on `obj` (about `participant`)."""
    origin = current_origin.get() or RequestOrigin()
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditRecord.objects.create(
        actor=actor if is_user else None,
        actor_name=getattr(actor, "username", "") if is_user else "",
        organisation_id=getattr(actor, "organisation_id", None) if is_user else None,
        action=action,
        object_type=object_type or (obj._meta.label_lower if obj is not None else ""),
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        participant=participant,
        summary=summary[:300],
        changes=changes or {},
        ip_address=origin.ip_address,
        path=origin.path,
    )


def diff_fields(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Return {field: [old, new]} for the fields whose value changed, as JSON-safe strings."""
    return {
        name: [_plain(before.get(name)), _plain(value)]
        for name, value in after.items()
        if before.get(name) != value
    }


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)
