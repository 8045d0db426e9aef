"""Writing audit records. Every service that reads or changes personal data calls `audit_record`."""

import json
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from lotsa.audit.chain import record_digest
from lotsa.audit.constants import AuditAction
from lotsa.audit.context import RequestOrigin, current_origin
from lotsa.audit.models import AuditChainHead, AuditRecord


def audit_record(
    *,
    actor: Any,
    action: AuditAction,
    obj: models.Model | None = None,
    object_type: str = "",
    participant: Any = None,
    summary: str = "",
    changes: dict[str, Any] | None = None,
    organisation_id: int | None = None,
) -> AuditRecord:
    """Write one audit record: `actor` did `action` on `obj` (about `participant`)."""
    origin = current_origin.get() or RequestOrigin()
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    if organisation_id is None and is_user:
        organisation_id = getattr(actor, "organisation_id", None)
    if organisation_id is None and participant is not None:
        organisation_id = participant.organisation_id
    record = AuditRecord(
        actor=actor if is_user else None,
        actor_name=getattr(actor, "username", "") if is_user else "",
        organisation_id=organisation_id,
        action=action,
        object_type=object_type or (obj._meta.label_lower if obj is not None else ""),
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        participant_id=getattr(participant, "pk", None),
        summary=_printable(summary)[:300],
        changes=json.loads(json.dumps(changes or {}, default=str)),
        ip_address=origin.ip_address,
        path=_printable(origin.path),
    )
    _append_to_chain(record)
    return record


def _append_to_chain(record: AuditRecord) -> None:
    """Link the record to the end of its organisation's chain and save it.

    The chain head row is locked (SELECT … FOR UPDATE on PostgreSQL; SQLite serialises writers)
    so concurrent writers of one organisation take turns; organisations never wait on each other.
    """
    chain = record.organisation_id or 0
    with transaction.atomic():
        head = AuditChainHead.objects.select_for_update().filter(chain=chain).first()
        if head is None:  # the organisation's first record
            AuditChainHead.objects.get_or_create(chain=chain)
            head = AuditChainHead.objects.select_for_update().get(chain=chain)
        record.chain = chain
        record.seq = head.last_seq + 1
        record.prev_hash = head.last_hash
        record.at = timezone.now()
        record.record_hash = record_digest(record)
        record.save()
        head.last_seq = record.seq
        head.last_hash = record.record_hash
        head.save(update_fields=["last_seq", "last_hash"])


def _printable(text: str) -> str:
    """Text as the database can store it: PostgreSQL refuses NUL characters."""
    return text.replace("\x00", "")


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
