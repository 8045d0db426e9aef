"""Checkpoints: each chain's head, signed and written outside the database.

`lotsa audit checkpoint` (daily, from the scheduler: docs/deployment.md) writes one JSON file
into LOTSA_AUDIT_CHECKPOINT_DIR naming every chain's last sequence number and hash, signed
with the chain key. `lotsa audit verify` reads every checkpoint there and requires that each
named record still exists with the same hash: a chain rewritten consistently in the database
(records deleted, digests recomputed, head moved) no longer contains what the checkpoint saw.
The directory belongs on another system's storage or a write-once share, not next to the
database (docs/security.md).
"""

import hmac
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from lotsa.audit.chain import sign
from lotsa.audit.models import AuditChainHead, AuditRecord, VerifiedMonth

FILE_PREFIX = "audit-checkpoint-"


def checkpoint_dir() -> Path:
    return Path(settings.LOTSA_AUDIT_CHECKPOINT_DIR)


def _signed_content(at: str, heads: dict[str, dict[str, object]]) -> bytes:
    body = {"at": at, "heads": heads}
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode("utf-8")


def checkpoint_write(*, now: datetime | None = None) -> Path:
    """Write a signed checkpoint of every chain head; return the file written."""
    now = now or timezone.now()
    heads = {
        str(head.chain): {"seq": head.last_seq, "hash": head.last_hash}
        for head in AuditChainHead.objects.order_by("chain")
    }
    at = now.isoformat(timespec="microseconds")
    document = {"at": at, "heads": heads, "signature": sign(_signed_content(at, heads))}
    directory = checkpoint_dir()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{FILE_PREFIX}{now:%Y%m%dT%H%M%S%f}.json"
    # Never overwrite: an existing file of the same moment is left as it is.
    with path.open("x", encoding="utf-8") as handle:
        json.dump(document, handle, indent=2, sort_keys=True)
    return path


@dataclass(frozen=True)
class CheckpointProblem:
    path: Path
    chain: int | None
    problem: str  # "unreadable", "forged", "missing", "rewritten"


def checkpoints_verify() -> tuple[int, list[CheckpointProblem]]:
    """Compare the database with every checkpoint; return how many were read and the problems."""
    directory = checkpoint_dir()
    if not directory.is_dir():
        return 0, []
    problems: list[CheckpointProblem] = []
    paths = sorted(directory.glob(f"{FILE_PREFIX}*.json"))
    for path in paths:
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
            at, heads, signature = document["at"], document["heads"], document["signature"]
        except (OSError, ValueError, KeyError, TypeError):
            problems.append(CheckpointProblem(path, None, "unreadable"))
            continue
        if not hmac.compare_digest(sign(_signed_content(at, heads)), str(signature)):
            problems.append(CheckpointProblem(path, None, "forged"))
            continue
        for chain_text, head in heads.items():
            chain, seq = int(chain_text), int(head["seq"])
            if seq == 0:
                continue
            stored = (
                AuditRecord.objects.filter(chain=chain, seq=seq)
                .values_list("record_hash", flat=True)
                .first()
            )
            if stored is None and not _detached(chain, seq):
                problems.append(CheckpointProblem(path, chain, "missing"))
            elif stored is None:
                continue  # its month was detached after it was verified (lotsa audit detach)
            elif not hmac.compare_digest(stored, str(head["hash"])):
                problems.append(CheckpointProblem(path, chain, "rewritten"))
    return len(paths), problems


def _detached(chain: int, seq: int) -> bool:
    return VerifiedMonth.objects.filter(
        chain=chain, first_seq__lte=seq, last_seq__gte=seq, detached_at__isnull=False
    ).exists()
