"""The audit log's hash chain: how a record's hash is computed and how a chain is verified.

Each record's hash is an HMAC-SHA-256, keyed with LOTSA_AUDIT_KEY, over the record's content
and the previous record's hash. The key lives in the environment, not in the database, so
someone who can write the database but not read the server's settings cannot recompute a
chain after deleting or changing a record. Checkpoints (`checkpoint.py`) anchor each chain's
head outside the database against someone who has the key as well.
"""

import hashlib
import hmac
import json
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings

from lotsa.audit.models import GENESIS_HASH, AuditChainHead, AuditRecord

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


def audit_key() -> bytes:
    """The chain key: LOTSA_AUDIT_KEY, or (when unset, e.g. in development) one derived from
    SECRET_KEY, which is not in the database either; `check --deploy` warns about the latter."""
    configured = settings.LOTSA_AUDIT_KEY
    if configured:
        return configured.encode("utf-8")
    return hashlib.sha256(b"lotsa-audit-chain:" + settings.SECRET_KEY.encode("utf-8")).digest()


def canonical_content(record: AuditRecord) -> bytes:
    content = {}
    for name in HASHED_FIELDS:
        value = getattr(record, name)
        if name == "at":
            value = value.isoformat(timespec="microseconds")
        content[name] = value
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return canonical.encode("utf-8")


def record_digest(record: AuditRecord, *, key: bytes | None = None) -> str:
    """HMAC-SHA-256 over the record's content and the previous record's hash."""
    return hmac.new(key or audit_key(), canonical_content(record), hashlib.sha256).hexdigest()


def sign(data: bytes, *, key: bytes | None = None) -> str:
    """An HMAC of `data` with the chain key (checkpoints are signed with it)."""
    return hmac.new(key or audit_key(), data, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class BrokenLink:
    record_id: int | None
    chain: int
    seq: int
    problem: str


def verify_chain(chain: int, *, batch_size: int = 5000) -> BrokenLink | None:
    """Walk one chain in order; return the first broken link, or None when it is intact."""
    key = audit_key()
    expected_prev = GENESIS_HASH
    expected_seq = 1
    for record in _records(chain, batch_size):
        if record.seq != expected_seq:
            return BrokenLink(record.pk, chain, expected_seq, "missing")
        if record.prev_hash != expected_prev:
            return BrokenLink(record.pk, chain, record.seq, "relinked")
        if not hmac.compare_digest(record_digest(record, key=key), record.record_hash):
            return BrokenLink(record.pk, chain, record.seq, "altered")
        expected_prev = record.record_hash
        expected_seq += 1
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
