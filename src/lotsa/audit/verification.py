"""`lotsa audit verify`: every chain, month by month, in parallel, closed months once.

A chain is cut into its calendar months (UTC, the partitions'). Each month is checked on its
own — every record's keyed hash, every link inside the month, no number missing or twice —
and the months are then joined: a month's first record must follow the previous month's last.
Months are independent, so a pool of processes hashes them side by side (PostgreSQL; SQLite
runs them in this process). A closed month that verified is stored (`VerifiedMonth`); later
runs compare its first and last record and its count with what was stored instead of hashing
it again, which catches a deleted, added or relinked record and a rewritten month. `--full`
hashes everything again (weekly, docs/deployment.md); a record altered in place inside an
already verified month without touching its hash is found only then, or by the checkpoints.
"""

import hmac
import multiprocessing
import time
from collections.abc import Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import connection, connections
from django.db.models import Q
from django.utils import timezone

from lotsa.audit.chain import HASHED_FIELDS, audit_key, values_digest
from lotsa.audit.models import (
    GENESIS_HASH,
    AuditChainHead,
    AuditRecord,
    VerificationRun,
    VerifiedMonth,
)
from lotsa.audit.partitions import add_months, month_bounds, month_of

# A record's time is taken under the chain head's lock and it commits a moment later, so a
# month is closed (no record can still arrive in it) a while after it ends.
CLOSING_MARGIN = timedelta(hours=1)
BATCH = 5000
TASKS_PER_WORKER = 4


@dataclass(frozen=True)
class BrokenLink:
    record_id: int | None
    chain: int
    seq: int
    problem: str  # altered, relinked, missing, duplicate, truncated, rewritten


@dataclass(frozen=True)
class MonthSummary:
    chain: int
    month: date
    first_seq: int
    first_prev_hash: str
    first_id: int
    last_seq: int
    last_hash: str
    records: int
    broken: BrokenLink | None = None


@dataclass(frozen=True)
class Outcome:
    broken: BrokenLink | None
    chains: int
    records: int
    months_hashed: int
    months_reused: int


# A month's rows as plain values: building model instances cost as much as the hashing.
ROW_FIELDS = ("id", *HASHED_FIELDS, "record_hash")


def _month_records(chain: int, month: date) -> Iterator[dict[str, Any]]:
    start, end = month_bounds(month)
    rows = AuditRecord.objects.filter(chain=chain, at__gte=start, at__lt=end).order_by("seq", "id")
    last: tuple[int, int] | None = None
    while True:
        page = (
            rows
            if last is None
            else rows.filter(Q(seq__gt=last[0]) | Q(seq=last[0], id__gt=last[1]))
        )
        batch = list(page.values(*ROW_FIELDS)[:BATCH])
        if not batch:
            return
        yield from batch
        last = (batch[-1]["seq"], batch[-1]["id"])


def hash_month(chain: int, month: date) -> MonthSummary | None:
    """Check every record of one chain's month; None when the month has none."""
    key = audit_key()
    first: dict[str, Any] | None = None
    previous: dict[str, Any] | None = None
    count = 0
    broken = None
    for record in _month_records(chain, month):
        count += 1
        if first is None:
            first = record
        elif broken is None and previous is not None:
            if record["seq"] == previous["seq"]:
                broken = BrokenLink(record["id"], chain, record["seq"], "duplicate")
            elif record["seq"] != previous["seq"] + 1:
                broken = BrokenLink(record["id"], chain, previous["seq"] + 1, "missing")
            elif record["prev_hash"] != previous["record_hash"]:
                broken = BrokenLink(record["id"], chain, record["seq"], "relinked")
        if broken is None and not hmac.compare_digest(
            values_digest(record, key=key), record["record_hash"]
        ):
            broken = BrokenLink(record["id"], chain, record["seq"], "altered")
        previous = record
    if first is None or previous is None:
        return None
    return _summary(chain, month, first, previous, count, broken)


def _summary(
    chain: int,
    month: date,
    first: Mapping[str, Any],
    last: Mapping[str, Any],
    records: int,
    broken: BrokenLink | None = None,
) -> MonthSummary:
    return MonthSummary(
        chain=chain,
        month=month,
        first_seq=first["seq"],
        first_prev_hash=first["prev_hash"],
        first_id=first["id"],
        last_seq=last["seq"],
        last_hash=last["record_hash"],
        records=records,
        broken=broken,
    )


def _hash_units_in_worker(units: list[tuple[int, date]]) -> list[MonthSummary | None]:
    """One pool task: several months on one connection (a connection per month cost more
    than the hashing of a small month), closed at the end."""
    try:
        return [hash_month(*unit) for unit in units]
    finally:
        connections.close_all()


def _glance(chain: int, month: date) -> MonthSummary | None:
    """A verified month as it stands now, from three index look-ups (no hashing)."""
    start, end = month_bounds(month)
    rows = AuditRecord.objects.filter(chain=chain, at__gte=start, at__lt=end)
    first = rows.order_by("seq", "id").values("id", "seq", "prev_hash").first()
    last = rows.order_by("-seq", "-id").values("seq", "record_hash").first()
    if first is None or last is None:
        return None
    return _summary(chain, month, first, last, rows.count())


def _as_stored(summary: MonthSummary, stored: VerifiedMonth) -> bool:
    return (
        summary.first_seq,
        summary.first_prev_hash,
        summary.last_seq,
        summary.last_hash,
        summary.records,
    ) == (
        stored.first_seq,
        stored.first_prev_hash,
        stored.last_seq,
        stored.last_hash,
        stored.records,
    )


def _from_stored(stored: VerifiedMonth) -> MonthSummary:
    return MonthSummary(
        chain=stored.chain,
        month=stored.month,
        first_seq=stored.first_seq,
        first_prev_hash=stored.first_prev_hash,
        first_id=0,
        last_seq=stored.last_seq,
        last_hash=stored.last_hash,
        records=stored.records,
    )


def _chain_months(chain: int, stored: dict[date, VerifiedMonth], now: datetime) -> list[date]:
    first = AuditRecord.objects.filter(chain=chain).order_by("seq").only("at").first()
    starts = [month for month in stored] + ([month_of(first.at)] if first else [])
    if not starts:
        return []
    months, month, this_month = [], min(starts), month_of(now)
    while month <= this_month:
        months.append(month)
        month = add_months(month, 1)
    return months


def verify_all(*, workers: int = 1, full: bool = False, now: datetime | None = None) -> Outcome:
    """Verify every chain; store closed months that verified; record the run."""
    started = time.monotonic()
    now = now or timezone.now()
    closed_before = month_of(now - CLOSING_MARGIN)
    chains = set(AuditChainHead.objects.values_list("chain", flat=True))
    chains |= set(VerifiedMonth.objects.values_list("chain", flat=True).distinct())
    if not chains:
        chains |= set(AuditRecord.objects.values_list("chain", flat=True).distinct())
    stored_by_chain: dict[int, dict[date, VerifiedMonth]] = {chain: {} for chain in chains}
    for verified in VerifiedMonth.objects.all():
        stored_by_chain.setdefault(verified.chain, {})[verified.month] = verified

    summaries: dict[tuple[int, date], MonthSummary | None] = {}
    to_hash: list[tuple[int, date]] = []
    reused = 0
    for chain in sorted(chains):
        stored_months = stored_by_chain[chain]
        for month in _chain_months(chain, stored_months, now):
            stored = stored_months.get(month)
            if stored is not None and stored.detached_at is not None:
                summaries[chain, month] = _from_stored(stored)
            elif stored is not None and not full:
                glance = _glance(chain, month)
                if glance is not None and _as_stored(glance, stored):
                    summaries[chain, month] = glance
                    reused += 1
                else:
                    to_hash.append((chain, month))
            else:
                to_hash.append((chain, month))
    for unit, summary in zip(to_hash, _hash_units(to_hash, workers), strict=True):
        summaries[unit] = summary

    broken = None
    records = 0
    for chain in sorted(chains):
        result, counted = _join(chain, summaries, stored_by_chain[chain], closed_before, now)
        records += counted
        if result is not None and broken is None:
            broken = result
    outcome = Outcome(broken, len(chains), records, len(to_hash), reused)
    VerificationRun.objects.create(
        finished_at=timezone.now(),
        ok=broken is None,
        chains=outcome.chains,
        months_hashed=outcome.months_hashed,
        months_reused=outcome.months_reused,
        seconds=time.monotonic() - started,
    )
    return outcome


def _hash_units(units: list[tuple[int, date]], workers: int) -> list[MonthSummary | None]:
    # Other processes see only committed rows: inside a transaction (a test) this one hashes.
    parallel = connection.vendor == "postgresql" and not connection.in_atomic_block
    if workers <= 1 or len(units) < 2 or not parallel:
        return [hash_month(*unit) for unit in units]
    # A few tasks per process, each every n-th month (months of one chain differ in size, the
    # open month is small), so the processes finish together.
    tasks = min(len(units), workers * TASKS_PER_WORKER)
    chunks = [units[index::tasks] for index in range(tasks)]
    connections.close_all()  # the children open their own connections
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        results = list(pool.map(_hash_units_in_worker, chunks))
    by_unit = {
        unit: summary
        for chunk, summaries in zip(chunks, results, strict=True)
        for unit, summary in zip(chunk, summaries, strict=True)
    }
    return [by_unit[unit] for unit in units]


def _join(
    chain: int,
    summaries: dict[tuple[int, date], MonthSummary | None],
    stored: dict[date, VerifiedMonth],
    closed_before: date,
    now: datetime,
) -> tuple[BrokenLink | None, int]:
    """Join one chain's months in order; store the closed ones that verified."""
    months = sorted(month for (c, month) in summaries if c == chain)
    expected_seq, expected_prev = 1, GENESIS_HASH
    records = 0
    for month in months:
        summary = summaries[chain, month]
        if summary is None:
            if month in stored:  # a verified month whose records are gone
                return BrokenLink(None, chain, stored[month].first_seq, "missing"), records
            continue
        records += summary.records
        if summary.broken is not None:
            return summary.broken, records
        if summary.first_seq < expected_seq:
            return BrokenLink(summary.first_id, chain, summary.first_seq, "duplicate"), records
        if summary.first_seq > expected_seq:
            return BrokenLink(summary.first_id, chain, expected_seq, "missing"), records
        if summary.first_prev_hash != expected_prev:
            return BrokenLink(summary.first_id, chain, summary.first_seq, "relinked"), records
        known = stored.get(month)
        if known is not None and known.detached_at is None and not _as_stored(summary, known):
            # It hashes and links inside, yet differs from what was verified: rewritten.
            return BrokenLink(summary.first_id, chain, summary.first_seq, "rewritten"), records
        if known is None and month < closed_before:
            VerifiedMonth.objects.create(
                chain=chain,
                month=month,
                first_seq=summary.first_seq,
                first_prev_hash=summary.first_prev_hash,
                last_seq=summary.last_seq,
                last_hash=summary.last_hash,
                records=summary.records,
                verified_at=now,
            )
        expected_seq, expected_prev = summary.last_seq + 1, summary.last_hash
    head = AuditChainHead.objects.filter(chain=chain).first()
    if head is not None and head.last_seq != expected_seq - 1:
        return BrokenLink(None, chain, expected_seq, "truncated"), records
    return None, records
