"""Monthly range partitions of the audit log on PostgreSQL (issue 18, docs/performance.md).

`audit_auditrecord` is partitioned by `at`, one partition per calendar month in UTC
(`audit_auditrecord_y2026m01` holds January 2026), plus a default partition that catches a
record whose month has no partition yet, so a write never fails. A partitioned table's unique
indexes must contain the partition key, so the chain's `(chain, seq)` is unique in each
partition (an index on each) and across partitions because the chain head's lock hands out
`seq` and `at` together, in order: a later number never has an earlier time. `lotsa audit
verify` checks that too (a number twice is "duplicate").

The schema owner runs `lotsa audit partitions` after each migration and monthly (it creates
the months ahead and moves any record out of the default partition) and `lotsa audit detach`
for months past the retention time. SQLite keeps one table; every function here is a no-op
there.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.db import connection, transaction
from django.db.backends.utils import CursorWrapper
from psycopg import sql

from lotsa.audit.models import AuditRecord

TABLE = AuditRecord._meta.db_table
DEFAULT_PARTITION = f"{TABLE}_default"


def month_of(moment: datetime | date) -> date:
    if isinstance(moment, datetime):
        moment = moment.astimezone(UTC)
    return date(moment.year, moment.month, 1)


def next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def add_months(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """The month's first moment and the next month's, in UTC (a partition's range)."""
    start = datetime(month.year, month.month, 1, tzinfo=UTC)
    following = next_month(month)
    return start, datetime(following.year, following.month, 1, tzinfo=UTC)


def partition_name(month: date) -> str:
    return f"{TABLE}_y{month:%Y}m{month:%m}"


def is_partitioned() -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT relkind FROM pg_class WHERE oid = to_regclass(%s)", [TABLE])
        row = cursor.fetchone()
    return row is not None and row[0] == "p"


@dataclass(frozen=True)
class Partition:
    name: str
    month: date | None  # None: the default partition


def partitions() -> list[Partition]:
    """The audit table's partitions, oldest month first, the default partition last."""
    if not is_partitioned():
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = to_regclass(%s) ORDER BY c.relname",
            [TABLE],
        )
        names = [row[0] for row in cursor.fetchall()]
    found = []
    for name in names:
        if name == DEFAULT_PARTITION:
            continue
        suffix = name.removeprefix(f"{TABLE}_y")
        found.append(Partition(name, date(int(suffix[:4]), int(suffix[5:7]), 1)))
    found.sort(key=lambda partition: partition.month or date.min)
    if DEFAULT_PARTITION in names:
        found.append(Partition(DEFAULT_PARTITION, None))
    return found


def keep_insert_only(cursor: CursorWrapper, table: str) -> None:
    """Take UPDATE, DELETE and TRUNCATE on `table` from every role but its owner.

    The application role's default privileges (`lotsa audit restrict-role`) would otherwise
    give it those on every new partition, and a partition can be written directly."""
    cursor.execute(
        "SELECT DISTINCT grantee FROM information_schema.role_table_grants "
        "WHERE table_schema = current_schema() AND table_name = %s "
        "AND privilege_type IN ('UPDATE', 'DELETE', 'TRUNCATE') AND grantee <> current_user",
        [table],
    )
    for (grantee,) in cursor.fetchall():
        statement = sql.SQL("REVOKE UPDATE, DELETE, TRUNCATE ON {} FROM {}").format(
            sql.Identifier(table),
            sql.SQL("PUBLIC") if grantee == "PUBLIC" else sql.Identifier(grantee),
        )
        cursor.execute(statement.as_string())


def create_month_partition(cursor: CursorWrapper, month: date) -> str:
    """Create the partition of `month` with its (chain, seq) index; move into it any record
    of that month the default partition caught meanwhile. The caller holds a transaction."""
    name = partition_name(month)
    start, end = month_bounds(month)
    table, partition, default = (sql.Identifier(n) for n in (TABLE, name, DEFAULT_PARTITION))
    cursor.execute(
        sql.SQL("SELECT EXISTS (SELECT 1 FROM {} WHERE at >= %s AND at < %s)")
        .format(default)
        .as_string(),
        [start, end],
    )
    caught = cursor.fetchone()[0]
    bounds = [sql.Literal(start.isoformat()), sql.Literal(end.isoformat())]
    statements: list[sql.Composable] = []
    if caught:
        statements.append(sql.SQL("ALTER TABLE {} DETACH PARTITION {}").format(table, default))
    statements += [
        sql.SQL("CREATE TABLE {} PARTITION OF {} FOR VALUES FROM ({}) TO ({})").format(
            partition, table, *bounds
        ),
        sql.SQL("CREATE UNIQUE INDEX {} ON {} (chain, seq)").format(
            sql.Identifier(f"{name}_chain_seq"), partition
        ),
    ]
    if caught:
        statements += [
            sql.SQL("INSERT INTO {} SELECT * FROM {} WHERE at >= {} AND at < {}").format(
                partition, default, *bounds
            ),
            sql.SQL("DELETE FROM {} WHERE at >= {} AND at < {}").format(default, *bounds),
            sql.SQL("ALTER TABLE {} ATTACH PARTITION {} DEFAULT").format(table, default),
        ]
    for statement in statements:
        cursor.execute(statement.as_string())
    keep_insert_only(cursor, name)
    return name


def ensure_partitions(first: date, last: date) -> list[str]:
    """Create every missing month partition from `first` to `last`; return their names."""
    if not is_partitioned():
        return []
    existing = {partition.month for partition in partitions()}
    created = []
    month = month_of(first)
    while month <= month_of(last):
        if month not in existing:
            with transaction.atomic(), connection.cursor() as cursor:
                created.append(create_month_partition(cursor, month))
        month = next_month(month)
    return created


def detach_partition(month: date, *, drop: bool) -> str:
    """Detach (and with `drop`, drop) one month's partition; the caller has checked that its
    chains are verified and that the month is past the retention time."""
    name = partition_name(month)
    table, partition = sql.Identifier(TABLE), sql.Identifier(name)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            sql.SQL("ALTER TABLE {} DETACH PARTITION {}").format(table, partition).as_string()
        )
        if drop:
            cursor.execute(sql.SQL("DROP TABLE {}").format(partition).as_string())
    return name


def default_partition_rows() -> int:
    """Records the default partition caught (0 when every month has its partition)."""
    if not is_partitioned():
        return 0
    with connection.cursor() as cursor:
        cursor.execute(
            sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(DEFAULT_PARTITION)).as_string()
        )
        return int(cursor.fetchone()[0])
