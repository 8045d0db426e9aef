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
from collections.abc import Mapping
from typing import Any

from django.conf import settings

from lotsa.audit.models import AuditRecord

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


def canonical_values(values: Mapping[str, Any]) -> bytes:
    """The hashed content of a record given as a mapping of HASHED_FIELDS (a `.values()` row)."""
    content = {name: values[name] for name in HASHED_FIELDS}
    content["at"] = content["at"].isoformat(timespec="microseconds")
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return canonical.encode("utf-8")


def canonical_content(record: AuditRecord) -> bytes:
    return canonical_values({name: getattr(record, name) for name in HASHED_FIELDS})


def values_digest(values: Mapping[str, Any], *, key: bytes) -> str:
    """record_digest of a `.values()` row: `audit verify` hashes rows without model instances."""
    return hmac.new(key, canonical_values(values), hashlib.sha256).hexdigest()


def record_digest(record: AuditRecord, *, key: bytes | None = None) -> str:
    """HMAC-SHA-256 over the record's content and the previous record's hash."""
    return hmac.new(key or audit_key(), canonical_content(record), hashlib.sha256).hexdigest()


def sign(data: bytes, *, key: bytes | None = None) -> str:
    """An HMAC of `data` with the chain key (checkpoints are signed with it)."""
    return hmac.new(key or audit_key(), data, hashlib.sha256).hexdigest()
