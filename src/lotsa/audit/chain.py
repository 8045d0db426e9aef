"""The audit log's hash chain: how a record's hash is computed and how a chain is verified."""

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass

from lotsa.audit.models import GENESIS_HASH, AuditRecord

HASHED_FIELDS = (
    "chain",
    "seq",
    "at",
    "actor_id",
    "actor_name",
    "organisation_id",
    "action",
    "object_type",
    "object_id",
    "participant_id",
    "summary",
    "changes",
    "ip_address",
    "path",
    "prev_hash",
)


def record_digest(record: AuditRecord) -> str:
    """SHA-256 over the record's content and the previous record's hash, in canonical JSON."""
    content = {}
    for name in HASHED_FIELDS:
        value = getattr(record, name)
        if name == "at":
            value = value.isoformat(timespec="microseconds")
        content[name] = value
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class BrokenLink:
    record_id: int | None
    chain: int
    seq: int
    problem: str


def verify_chain(chain: int, *, batch_size: int = 5000) -> BrokenLink | None:
    """Walk one chain in order; return the first broken link, or None when it is intact."""
    expected_prev = GENESIS_HASH
    expected_seq = 1
    for record in _records(chain, batch_size):
        if record.seq != expected_seq:
            return BrokenLink(record.pk, chain, expected_seq, "missing")
        if record.prev_hash != expected_prev:
            return BrokenLink(record.pk, chain, record.seq, "relinked")
        if record_digest(record) != record.record_hash:
            return BrokenLink(record.pk, chain, record.seq, "altered")
        expected_prev = record.record_hash
        expected_seq += 1
    from lotsa.audit.models import AuditChainHead

    head = AuditChainHead.objects.filter(chain=chain).first()
    if head is not None and head.last_seq != expected_seq - 1:
        return BrokenLink(None, chain, expected_seq, "truncated")
    return None


def _records(chain: int, batch_size: int) -> Iterator[AuditRecord]:
    last_seq = 0
    while True:
        batch = list(
            AuditRecord.objects.filter(chain=chain, seq__gt=last_seq).order_by("seq")[:batch_size]
        )
        if not batch:
            return
        yield from batch
        last_seq = batch[-1].seq
