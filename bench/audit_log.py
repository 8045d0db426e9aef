"""The audit log at size: monthly partitions, `lotsa audit verify` in parallel and per month.

    python bench/audit_log.py --database-url postgres://postgres@127.0.0.1:5432/lotsa_bench_audit \
        [--records 10000000] [--chains 20] [--months 24] [--writers 2] [--json out.json]

Writes `records` audit records with valid keyed chains (`chains` organisations, spread evenly
over the last `months` months) with COPY into the partitioned table, `writers` processes side
by side (each its own chains), then measures: the write, the table's size, a full verify with
1 and with 2 processes, the next day's verify (closed months stored), an append through
`audit_record`, the case page's "who has looked at this person" query and a look-up by object
(with their plans), and detaching the oldest month. A second run on the same database skips
the write and measures again. PostgreSQL only (SQLite keeps one table). Figures and the
extrapolation to 100 M records: docs/performance.md.
"""

import argparse
import json
import multiprocessing
import os
import random
import re
import resource
import statistics
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

COPY_BATCH = 50_000
PARTICIPANTS = 1_000_000  # the design target: ten audit records per person at 10 M


def _records(
    chains: list[int], actor: tuple[int, str], total_chains: int, total: int, months: int
) -> Iterator[tuple[Any, ...]]:
    """Rows in AUDIT_COLUMNS order, each chain in time order, valid keyed hashes; after each
    chain a ("head", chain, last_seq, last_hash) marker."""
    from lotsa.audit.chain import audit_key, values_digest
    from lotsa.audit.models import GENESIS_HASH

    key = audit_key()
    end = datetime.now(UTC) - timedelta(minutes=5)
    start = end - timedelta(days=30.4 * months)
    per_chain = total // total_chains
    step = (end - start) / per_chain
    actor_id, actor_name = actor
    for chain in chains:
        rng = random.Random(chain)
        previous, at = GENESIS_HASH, start
        for seq in range(1, per_chain + 1):
            at += step
            object_id = str(rng.randint(1, PARTICIPANTS))
            content = {
                "chain": chain, "seq": seq, "at": at, "actor_id": actor_id,
                "actor_name": actor_name, "organisation_id": chain, "action": "view",
                "object_type": "cases.case", "object_id": object_id,
                "participant_id": rng.randint(1, PARTICIPANTS), "summary": "", "changes": {},
                "ip_address": "10.0.0.1", "path": f"/arenden/{object_id}/",
                "prev_hash": previous,
            }  # fmt: skip
            digest = values_digest(content, key=key)
            yield (
                at, actor_id, actor_name, chain, "view", "cases.case", object_id,
                content["participant_id"], "", {}, "10.0.0.1", content["path"], chain, seq,
                previous, digest,
            )  # fmt: skip
            previous = digest
        yield ("head", chain, per_chain, previous)


def _write_chains(job: tuple[list[int], tuple[int, str], int, int, int]) -> list[tuple]:
    """One writer process: COPY its chains' records; returns their heads."""
    from django.db import connections

    from lotsa.audit.models import AuditRecord
    from lotsa.scale.tables import AUDIT_COLUMNS
    from lotsa.scale.writers import TableWriter

    chains, actor, total_chains, total, months = job
    writer = TableWriter(AuditRecord, AUDIT_COLUMNS, use_copy=True)
    heads, batch = [], []
    try:
        for row in _records(chains, actor, total_chains, total, months):
            if row[0] == "head":
                heads.append(row[1:])
                continue
            batch.append(row)
            if len(batch) >= COPY_BATCH:
                writer.write(batch)
                batch = []
        writer.write(batch)
    finally:
        connections.close_all()
    return heads


def _explain(queryset: Any) -> dict[str, Any]:
    """The plan's node types and the indexes it reads (EXPLAIN ANALYZE, BUFFERS)."""
    from django.db import connection

    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = plan[0] if isinstance(plan, list) else json.loads(plan)[0]
    nodes: set[str] = set()
    indexes: set[str] = set()
    scans = [0]

    def walk(node: dict[str, Any]) -> None:
        nodes.add(node["Node Type"])
        if "Index Name" in node:  # one per partition: name the index, count the partitions
            indexes.add(re.sub(r"_y\d{4}m\d{2}", "", node["Index Name"]))
            scans[0] += 1
        for child in node.get("Plans", []):
            walk(child)

    walk(plan["Plan"])
    return {
        "nodes": sorted(nodes),
        "indexes": sorted(indexes),
        "partitions_probed": scans[0],
        "ms": round(plan["Execution Time"], 2),
        "shared_blocks": plan["Plan"].get("Shared Hit Blocks", 0)
        + plan["Plan"].get("Shared Read Blocks", 0),
    }


def _cpu_seconds() -> float:
    own, children = (
        resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _median_ms(run: Any, repeats: int) -> float:
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        timings.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(timings), 2)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--records", type=int, default=2_000_000)
    parser.add_argument("--chains", type=int, default=20)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--writers", type=int, default=2)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    common.setup_django(args.database_url)
    if common.vendor() != "postgresql":
        sys.exit("The audit-log benchmark needs PostgreSQL (SQLite keeps one table).")
    common.migrate()

    from django.conf import settings
    from django.db import connection, connections

    from lotsa.audit import partitions
    from lotsa.audit.constants import AuditAction
    from lotsa.audit.models import AuditChainHead, AuditRecord, VerifiedMonth
    from lotsa.audit.services import audit_months_detach, audit_record
    from lotsa.audit.verification import verify_all
    from lotsa.organisations.models import Organisation, Unit, User

    results: dict[str, Any] = {"chains": args.chains, "months": args.months}
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
        chains = [o.pk for o in organisations]
        jobs = [
            (chains[index :: args.writers], (actor.pk, actor.username), len(chains),
             args.records, args.months)
            for index in range(args.writers)
        ]  # fmt: skip
        connections.close_all()  # each writer process opens its own connection
        started = time.perf_counter()
        with multiprocessing.get_context("fork").Pool(args.writers) as pool:
            heads = [head for found in pool.map(_write_chains, jobs) for head in found]
        seconds = time.perf_counter() - started
        for chain, last_seq, last_hash in heads:
            AuditChainHead.objects.update_or_create(
                chain=chain, defaults={"last_seq": last_seq, "last_hash": last_hash}
            )
        written = sum(head[1] for head in heads)
        results["write_seconds"] = round(seconds, 1)
        results["write_records_per_second"] = round(written / seconds)
        results["writers"] = args.writers
        results["write_load"] = os.getloadavg()[0]
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE audit_auditrecord")
        results["analyze_seconds"] = round(time.perf_counter() - started, 1)
    total = AuditRecord.objects.count()
    results["records"] = total
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sum(pg_total_relation_size(inhrelid)), sum(pg_indexes_size(inhrelid)) "
            "FROM pg_inherits WHERE inhparent = 'audit_auditrecord'::regclass"
        )
        size, index_size = (int(value) for value in cursor.fetchone())
    results["bytes"] = size
    results["index_bytes"] = index_size
    results["bytes_per_record"] = round(size / max(total, 1))
    results["partitions"] = len(partitions.partitions())

    for workers in (1, 2):
        VerifiedMonth.objects.filter(detached_at__isnull=True).delete()
        cpu, load = _cpu_seconds(), os.getloadavg()[0]
        started = time.perf_counter()
        outcome = verify_all(workers=workers, full=True)
        assert outcome.broken is None, outcome.broken
        seconds = time.perf_counter() - started
        results[f"verify_full_{workers}_workers_seconds"] = round(seconds, 1)
        results[f"verify_full_{workers}_workers_records_per_second"] = round(
            outcome.records / seconds
        )
        # Python's CPU (this process and the pool's), not PostgreSQL's; and the machine's load
        results[f"verify_full_{workers}_workers_python_cpu_seconds"] = round(
            _cpu_seconds() - cpu, 1
        )
        results[f"verify_full_{workers}_workers_load"] = [load, os.getloadavg()[0]]
    started = time.perf_counter()
    outcome = verify_all(workers=2)
    assert outcome.broken is None
    results["verify_next_day_seconds"] = round(time.perf_counter() - started, 1)
    results["verify_next_day_months_hashed"] = outcome.months_hashed
    results["verify_next_day_months_reused"] = outcome.months_reused

    actor = User.objects.get(username="bench-coach")
    results["append_median_ms"] = _median_ms(
        lambda: audit_record(actor=actor, action=AuditAction.VIEW, object_type="bench"), 200
    )

    # The case page's "who has looked at this person" (oversight.queries.participant_access_log)
    # and a look-up of one case's records by object, which no page makes (no index).
    rng = random.Random(7)
    people = [rng.randint(1, PARTICIPANTS) for _ in range(50)]
    who_looked = [
        AuditRecord.objects.filter(participant_id=person)
        .select_related("actor", "actor__unit")
        .order_by("-at", "-id")[:50]
        for person in people
    ]
    results["who_looked_median_ms"] = _median_ms(lambda: list(who_looked.pop()), 50)
    results["who_looked_plan"] = _explain(
        AuditRecord.objects.filter(participant_id=people[0])
        .select_related("actor", "actor__unit")
        .order_by("-at", "-id")[:50]
    )
    by_object = AuditRecord.objects.filter(object_type="cases.case", object_id=str(people[1]))
    results["by_object_median_ms"] = _median_ms(lambda: list(by_object.order_by("-at")[:50]), 3)
    results["by_object_plan"] = _explain(by_object.order_by("-at")[:50])

    oldest = partitions.month_of(AuditRecord.objects.order_by("at").values_list("at", flat=True)[0])
    settings.LOTSA_AUDIT_KEEP_MONTHS = 0
    before = AuditRecord.objects.count()
    started = time.perf_counter()
    detached = audit_months_detach(before=partitions.add_months(oldest, 1), drop=False)
    results["detach_oldest_month_seconds"] = round(time.perf_counter() - started, 2)
    results["detached"] = detached
    results["detached_records"] = before + 1 - AuditRecord.objects.count()
    started = time.perf_counter()
    assert verify_all(workers=2).broken is None
    results["verify_after_detach_seconds"] = round(time.perf_counter() - started, 1)

    print(json.dumps(results, indent=2))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
