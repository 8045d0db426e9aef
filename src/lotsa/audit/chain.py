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
from collections.abc import Mapping, Sequence
from json.encoder import encode_basestring  # type: ignore[attr-defined]
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


class SeriesHasher:
    """`values_digest` for many records that share most of their values, at a fraction of
    the cost: what the records share is written as canonical JSON once, and each record's own
    values (`varying`, e.g. seq, object_id, prev_hash) are put into that text, which is then
    exactly the bytes `canonical_values` gives (tested against it), so the hashes are the same
    and `lotsa audit verify` recomputes them as usual.
    """

    def __init__(self, fixed: Mapping[str, Any], varying: Sequence[str], *, key: bytes) -> None:
        names = set(fixed) | set(varying)
        if names != set(HASHED_FIELDS) or set(fixed) & set(varying):
            raise ValueError("fixed and varying must split HASHED_FIELDS between them")
        if "at" in varying:
            raise ValueError("`at` must be fixed (one moment for the series)")
        fixed = {**fixed, "at": fixed["at"].isoformat(timespec="microseconds")}
        self.key = key
        # The text between the varying values, in json.dumps(sort_keys=True) order: pieces[0]
        # before the first varying value, pieces[i] after the i-th.
        positions = {name: index for index, name in enumerate(varying)}
        self.order: list[int] = []
        pieces = ["{"]
        for number, name in enumerate(sorted(HASHED_FIELDS)):
            prefix = ("," if number else "") + _json_text(name) + ":"
            if name in positions:
                pieces[-1] += prefix
                self.order.append(positions[name])
                pieces.append("")
            else:
                pieces[-1] += prefix + _json_text(fixed[name])
        pieces[-1] += "}"
        self.pieces = pieces

    def digest(self, values: Sequence[Any]) -> str:
        """The record hash for the record with these `varying` values (in that order)."""
        pieces = self.pieces
        parts = [pieces[0]]
        for index, position in enumerate(self.order, start=1):
            parts.append(_json_value(values[position]))
            parts.append(pieces[index])
        return hmac.digest(self.key, "".join(parts).encode("utf-8"), "sha256").hex()


def _json_text(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _json_value(value: Any) -> str:
    """`_json_text` for one value, with the common cases (text, whole numbers, null) quick."""
    kind = type(value)
    if kind is str:
        return encode_basestring(value)
    if kind is int:
        return int.__repr__(value)
    if value is None:
        return "null"
    return _json_text(value)


def record_digest(record: AuditRecord, *, key: bytes | None = None) -> str:
    """HMAC-SHA-256 over the record's content and the previous record's hash."""
    return hmac.new(key or audit_key(), canonical_content(record), hashlib.sha256).hexdigest()


def sign(data: bytes, *, key: bytes | None = None) -> str:
    """An HMAC of `data` with the chain key (checkpoints are signed with it)."""
    return hmac.new(key or audit_key(), data, hashlib.sha256).hexdigest()
