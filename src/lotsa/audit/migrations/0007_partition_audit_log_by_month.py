"""Partition the audit log by month on PostgreSQL (issue 18; docs/performance.md).

Reviewed by hand; Django has no partitioning of its own. On PostgreSQL, in one transaction
under an exclusive lock on the table:

1. the table is renamed aside and a table of the same columns is created
   `PARTITION BY RANGE (at)`, with one partition per month from the oldest record's month to
   twelve months ahead and a default partition (lotsa.audit.partitions);
2. every record is copied over, ids, hashes and all, so the chains verify as before;
3. the old table goes; the primary key becomes `(id, at)` (a partitioned table's keys must hold
   the partition key) with `id` still drawn from one sequence; the indexes and foreign keys
   come back under their names; `(chain, seq)` is unique in each partition (an index each);
4. no role but the owner may update, delete or truncate the new table or its partitions (the
   application role's restriction from `lotsa audit restrict-role` is carried over; run it
   again after migrating as docs/deployment.md says).

The model keeps its `audit_chain_seq_unique` constraint in Django's state; on PostgreSQL it is
the per-partition index. SQLite keeps one table: nothing happens there. The reverse puts the
rows back into one plain table with the original constraint.
"""

from datetime import UTC, date, datetime

from django.db import migrations

from lotsa.audit.partitions import (
    DEFAULT_PARTITION,
    TABLE,
    add_months,
    create_month_partition,
    keep_insert_only,
    month_of,
)

OLD = f"{TABLE}_unpartitioned"
SEQUENCE = f"{TABLE}_id_seq"
MONTHS_AHEAD = 12


def _definitions(cursor, table):
    """The table's foreign keys and plain indexes, as statements that recreate them."""
    cursor.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = %s::regclass AND contype IN ('f', 'c') ORDER BY conname",
        [table],
    )
    constraints = [
        f'ALTER TABLE "{TABLE}" ADD CONSTRAINT "{name}" {definition}'
        for name, definition in cursor.fetchall()
    ]
    cursor.execute(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
        "WHERE i.indrelid = %s::regclass AND NOT i.indisprimary AND NOT i.indisunique "
        "ORDER BY 1",
        [table],
    )
    indexes = [definition for _name, definition in cursor.fetchall()]
    return constraints, indexes


def _move_rows_and_sequence(cursor, source):
    cursor.execute(f'INSERT INTO "{TABLE}" SELECT * FROM "{source}"')  # noqa: S608
    cursor.execute(f'SELECT max(id) FROM "{source}"')  # noqa: S608
    return cursor.fetchone()[0]


def partition(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f'LOCK TABLE "{TABLE}" IN ACCESS EXCLUSIVE MODE')
        constraints, indexes = _definitions(cursor, TABLE)
        cursor.execute(f'SELECT min(at) FROM "{TABLE}"')  # noqa: S608
        oldest = cursor.fetchone()[0]
        cursor.execute(f'ALTER TABLE "{TABLE}" RENAME TO "{OLD}"')
        cursor.execute(
            f'CREATE TABLE "{TABLE}" (LIKE "{OLD}" INCLUDING DEFAULTS) PARTITION BY RANGE (at)'
        )
        cursor.execute(f'CREATE TABLE "{DEFAULT_PARTITION}" PARTITION OF "{TABLE}" DEFAULT')
        this_month = month_of(datetime.now(UTC))
        month = month_of(oldest) if oldest is not None else this_month
        while month <= add_months(this_month, MONTHS_AHEAD):
            create_month_partition(cursor, month)
            month = add_months(month, 1)
        last_id = _move_rows_and_sequence(cursor, OLD)
        cursor.execute(f'DROP TABLE "{OLD}"')
        cursor.execute(f'CREATE SEQUENCE "{SEQUENCE}" OWNED BY "{TABLE}".id')
        if last_id is not None:
            cursor.execute("SELECT setval(%s, %s)", [SEQUENCE, last_id])
        cursor.execute(
            f"ALTER TABLE \"{TABLE}\" ALTER COLUMN id SET DEFAULT nextval('\"{SEQUENCE}\"')"
        )
        cursor.execute(f'ALTER TABLE "{TABLE}" ADD PRIMARY KEY (id, at)')
        cursor.execute(f'CREATE UNIQUE INDEX "{DEFAULT_PARTITION}_chain_seq" ON "{DEFAULT_PARTITION}" (chain, seq)')
        for statement in indexes + constraints:
            cursor.execute(statement)
        keep_insert_only(cursor, TABLE)
        keep_insert_only(cursor, DEFAULT_PARTITION)


def unpartition(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    partitioned = f"{TABLE}_partitioned"
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f'LOCK TABLE "{TABLE}" IN ACCESS EXCLUSIVE MODE')
        constraints, indexes = _definitions(cursor, TABLE)
        cursor.execute(f'ALTER TABLE "{TABLE}" RENAME TO "{partitioned}"')
        cursor.execute(f'CREATE TABLE "{TABLE}" (LIKE "{partitioned}")')
        last_id = _move_rows_and_sequence(cursor, partitioned)
        cursor.execute(f'DROP TABLE "{partitioned}" CASCADE')
        cursor.execute(f'ALTER TABLE "{TABLE}" ADD PRIMARY KEY (id)')
        cursor.execute(
            f'ALTER TABLE "{TABLE}" ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY'
        )
        if last_id is not None:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [TABLE, last_id]
            )
        cursor.execute(
            f'ALTER TABLE "{TABLE}" ADD CONSTRAINT "audit_chain_seq_unique" UNIQUE (chain, seq)'
        )
        for statement in indexes + constraints:
            cursor.execute(statement.replace(" ON ONLY ", " ON "))
        keep_insert_only(cursor, TABLE)


class Migration(migrations.Migration):
    dependencies = [("audit", "0006_key_the_chain")]

    operations = [migrations.RunPython(partition, unpartition, elidable=False)]
