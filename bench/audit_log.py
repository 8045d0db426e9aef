"""The audit log at size: monthly partitions, `lotsa audit verify` in parallel and per month.

    python bench/audit_log.py --database-url postgres://postgres@127.0.0.1:5432/lotsa_bench_audit \
        [--records 2000000] [--chains 20] [--months 24] [--json out.json]

Writes `records` audit records with valid keyed chains (`chains` organisations, spread evenly
over the last `months` months) with COPY into the partitioned table, then measures: the write,
the table's size, a full verify with 1 and with 2 processes, the next day's verify (closed
months stored), an append through `audit_record`, a person's "who has looked" page query, and
detaching the oldest month. PostgreSQL only (SQLite keeps one table). Figures and the
extrapolation to 100 M records: docs/performance.md.
"""

import argparse
import json
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402


def _records(chains: list[int], actor: Any, total: int, months: int):
    """Rows in AUDIT_COLUMNS order, each chain in time order, valid keyed hashes."""
    from lotsa.audit.chain import audit_key, record_digest
    from lotsa.audit.models import GENESIS_HASH, AuditRecord

    key = audit_key()
    rng = random.Random(2026)
    end = datetime.now(UTC) - timedelta(minutes=5)
    start = end - timedelta(days=30.4 * months)
    per_chain = total // len(chains)
    step = (end - start) / per_chain
    for chain in chains:
        previous, at = GENESIS_HASH, start
        for seq in range(1, per_chain + 1):
            at += step
            content = SimpleNamespace(
                chain=chain, seq=seq, at=at, actor_id=actor.pk, actor_name=actor.username,
                organisation_id=chain, action="view", object_type="cases.case",
                object_id=str(rng.randint(1, 10**6)), participant_id=rng.randint(1, 10**6),
                summary="", changes={}, ip_address="10.0.0.1",
                path=f"/arenden/{rng.randint(1, 10**6)}/", prev_hash=previous,
            )  # fmt: skip
            digest = record_digest(cast(AuditRecord, content), key=key)
            yield (
                at, actor.pk, actor.username, chain, "view", "cases.case", content.object_id,
                content.participant_id, "", {}, "10.0.0.1", content.path, chain, seq, previous,
                digest,
            )  # fmt: skip
            previous = digest
        yield ("head", chain, per_chain, previous)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--records", type=int, default=2_000_000)
    parser.add_argument("--chains", type=int, default=20)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    common.setup_django(args.database_url)
    if common.vendor() != "postgresql":
        sys.exit("The audit-log benchmark needs PostgreSQL (SQLite keeps one table).")
    common.migrate()

    from django.conf import settings
    from django.db import connection

    from lotsa.audit import partitions
    from lotsa.audit.constants import AuditAction
    from lotsa.audit.models import AuditChainHead, AuditRecord, VerifiedMonth
    from lotsa.audit.services import audit_months_detach, audit_record
    from lotsa.audit.verification import verify_all
    from lotsa.organisations.models import Organisation, Unit, User
    from lotsa.scale.tables import AUDIT_COLUMNS
    from lotsa.scale.writers import TableWriter

    results: dict[str, Any] = {"records": args.records, "chains": args.chains}
    if not AuditRecord.objects.exists():
        organisations = [
            Organisation.objects.create(name=f"Bänkkommun {i}") for i in range(args.chains)
        ]
        unit = Unit.objects.create(organisation=organisations[0], name="Bänk")
        actor = User.objects.create(
            username="bench-coach", organisation=organisations[0], unit=unit
        )
        now = datetime.now(UTC)
        partitions.ensure_partitions(now - timedelta(days=31 * (args.months + 1)), now)
        writer = TableWriter(AuditRecord, AUDIT_COLUMNS, use_copy=True)
        started = time.perf_counter()
        batch: list[tuple[Any, ...]] = []
        for row in _records([o.pk for o in organisations], actor, args.records, args.months):
            if row[0] == "head":
                AuditChainHead.objects.update_or_create(
                    chain=row[1], defaults={"last_seq": row[2], "last_hash": row[3]}
                )
                continue
            batch.append(row)
            if len(batch) >= 50_000:
                writer.write(batch)
                batch = []
        writer.write(batch)
        results["write_seconds"] = round(time.perf_counter() - started, 1)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE audit_auditrecord")
    total = AuditRecord.objects.count()
    results["records"] = total
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sum(pg_total_relation_size(inhrelid)) FROM pg_inherits "
            "WHERE inhparent = 'audit_auditrecord'::regclass"
        )
        size = int(cursor.fetchone()[0])
    results["bytes"] = size
    results["bytes_per_record"] = round(size / max(total, 1))
    results["partitions"] = len(partitions.partitions())

    for workers in (1, 2):
        VerifiedMonth.objects.all().delete()
        started = time.perf_counter()
        outcome = verify_all(workers=workers, full=True)
        assert outcome.broken is None, outcome.broken
        results[f"verify_full_{workers}_workers_seconds"] = round(time.perf_counter() - started, 1)
    started = time.perf_counter()
    outcome = verify_all(workers=2)
    assert outcome.broken is None
    results["verify_next_day_seconds"] = round(time.perf_counter() - started, 1)
    results["verify_next_day_months_hashed"] = outcome.months_hashed
    results["verify_next_day_months_reused"] = outcome.months_reused

    actor = User.objects.get(username="bench-coach")
    timings = []
    for _ in range(200):
        started = time.perf_counter()
        audit_record(actor=actor, action=AuditAction.VIEW, object_type="bench")
        timings.append((time.perf_counter() - started) * 1000)
    results["append_median_ms"] = round(statistics.median(timings), 2)

    person = AuditRecord.objects.filter(chain=actor.organisation_id).first().participant_id
    timings = []
    for _ in range(50):
        started = time.perf_counter()
        list(AuditRecord.objects.filter(participant_id=person).order_by("-at")[:50])
        timings.append((time.perf_counter() - started) * 1000)
    results["who_looked_median_ms"] = round(statistics.median(timings), 2)

    oldest = partitions.partitions()[0].month
    settings.LOTSA_AUDIT_KEEP_MONTHS = 0
    started = time.perf_counter()
    detached = audit_months_detach(before=partitions.add_months(oldest, 1), drop=False)
    results["detach_oldest_month_seconds"] = round(time.perf_counter() - started, 2)
    results["detached"] = detached
    started = time.perf_counter()
    assert verify_all(workers=2).broken is None
    results["verify_after_detach_seconds"] = round(time.perf_counter() - started, 1)

    print(json.dumps(results, indent=2))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
