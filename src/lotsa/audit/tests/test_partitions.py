"""The audit log in monthly partitions on PostgreSQL (issue 18, item 5).

The partition migration applies to a log that has records (migrated back to one table and
forward again), `lotsa audit verify` passes across partitions and stores closed months, a
rewrite is still caught, old months detach with the chain still whole, and the application
role may not change a partition directly.
"""

import os
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from lotsa.audit import partitions, verification
from lotsa.audit.constants import AuditAction
from lotsa.audit.models import AuditRecord, VerificationRun, VerifiedMonth
from lotsa.audit.services import audit_record
from lotsa.audit.verification import verify_all
from lotsa.organisations.tests.factories import UserFactory

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="partitions are PostgreSQL's"),
    pytest.mark.django_db,
]


@pytest.fixture(autouse=True)
def checkpoints(settings, tmp_path):
    settings.LOTSA_AUDIT_CHECKPOINT_DIR = tmp_path / "checkpoints"


@pytest.fixture
def user():
    return UserFactory(referrer=True)


def _month_moment(months_back: int, day: int = 10) -> datetime:
    month = partitions.add_months(partitions.month_of(timezone.now()), -months_back)
    return datetime(month.year, month.month, day, 12, 0, tzinfo=UTC)


def _write_at(monkeypatch, user, moment: datetime, count: int = 3) -> list[AuditRecord]:
    partitions.ensure_partitions(moment, moment)
    with monkeypatch.context() as patch:
        patch.setattr(timezone, "now", lambda: moment)
        return [
            audit_record(actor=user, action=AuditAction.SEARCH, object_type="x", summary=f"{i}")
            for i in range(count)
        ]


def _partition_of(record: AuditRecord) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT tableoid::regclass::text FROM "{partitions.TABLE}" WHERE id = %s',  # noqa: S608
            [record.pk],
        )
        return cursor.fetchone()[0]


def test_the_log_is_partitioned_by_month_with_a_default(user):
    assert partitions.is_partitioned()
    names = [partition.name for partition in partitions.partitions()]
    this_month = partitions.month_of(timezone.now())
    assert partitions.partition_name(this_month) in names
    assert partitions.partition_name(partitions.add_months(this_month, 12)) in names
    assert names[-1] == partitions.DEFAULT_PARTITION

    record = audit_record(actor=user, action=AuditAction.VIEW, object_type="x")
    assert _partition_of(record) == partitions.partition_name(this_month)


@pytest.mark.django_db(transaction=True)
def test_verify_passes_across_partitions_and_stores_closed_months(monkeypatch, user, capsys):
    """Committed records, so the two worker processes hash the months side by side."""
    written = []
    for months_back in (2, 1, 0):
        written += _write_at(monkeypatch, user, _month_moment(months_back))
    assert len({_partition_of(record) for record in written}) == 3

    call_command("audit", "verify", "--workers", "2")
    out = capsys.readouterr().out
    assert "OK: 1 kedjor, 9 poster" in out and "3 månader hashade" in out
    assert VerifiedMonth.objects.count() == 2  # the current month is not closed

    call_command("audit", "verify")
    assert "1 månader hashade, 2 redan granskade" in capsys.readouterr().out
    assert VerificationRun.objects.filter(ok=True).count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_processes_verify_as_one_does_and_find_the_same_tampered_record(
    monkeypatch, user, tmp_path
):
    """Committed records in two chains over four months: `workers=2` hashes the months in two
    other processes (each its own connection) and comes to what `workers=1` does, whole and
    after a record is changed in place."""
    other = UserFactory(referrer=True)
    written = []
    for months_back in (3, 2, 1, 0):
        written += _write_at(monkeypatch, user, _month_moment(months_back), count=4)
        _write_at(monkeypatch, other, _month_moment(months_back, day=12), count=3)
    pids = tmp_path / "pids"
    hash_month = verification.hash_month

    def hash_month_noting_the_process(chain, month):
        with pids.open("a") as out:
            out.write(f"{os.getpid()}\n")
        return hash_month(chain, month)

    monkeypatch.setattr(verification, "hash_month", hash_month_noting_the_process)

    def hashed_in() -> set[int]:
        found = {int(line) for line in pids.read_text().split()}
        pids.unlink()
        return found

    one = verify_all(workers=1, full=True)
    assert hashed_in() == {os.getpid()}
    two = verify_all(workers=2, full=True)
    children = hashed_in()
    assert os.getpid() not in children and 1 <= len(children) <= 2
    assert one == two
    assert (one.broken, one.chains, one.records, one.months_hashed) == (None, 2, 28, 8)

    tampered = written[6]  # the second month's third record
    table = connection.ops.quote_name(partitions.TABLE)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET summary = 'ändrad' WHERE id = %s",  # noqa: S608
            [tampered.pk],
        )
    one = verify_all(workers=1, full=True)
    two = verify_all(workers=2, full=True)
    assert one == two
    assert one.broken == verification.BrokenLink(
        tampered.pk, tampered.chain, tampered.seq, "altered"
    )
    assert list(VerificationRun.objects.values_list("ok", flat=True).order_by("id")) == [
        True,
        True,
        False,
        False,
    ]


def test_a_rewrite_of_a_verified_month_is_caught(monkeypatch, user):
    old = _write_at(monkeypatch, user, _month_moment(2), count=4)
    _write_at(monkeypatch, user, _month_moment(0), count=2)
    assert verify_all().broken is None
    table = connection.ops.quote_name(partitions.TABLE)

    # Delete a record and renumber the rest of the month: the stored month no longer matches.
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE id = %s", [old[1].pk])  # noqa: S608
    broken = verify_all().broken
    assert broken is not None and broken.problem in {"missing", "rewritten"}
    assert VerificationRun.objects.order_by("-id").first().ok is False


def test_a_record_changed_in_place_is_caught_by_a_full_verify(monkeypatch, user):
    old = _write_at(monkeypatch, user, _month_moment(1))
    assert verify_all().broken is None
    table = connection.ops.quote_name(partitions.TABLE)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET summary = 'ingen' WHERE id = %s",  # noqa: S608
            [old[0].pk],
        )
    broken = verify_all(full=True).broken
    assert broken is not None and broken.problem == "altered" and broken.record_id == old[0].pk
    with pytest.raises(CommandError, match="har ändrats"):
        call_command("audit", "verify", "--full")


def test_a_number_twice_in_two_partitions_is_caught(monkeypatch, user):
    first = _write_at(monkeypatch, user, _month_moment(1), count=2)
    _write_at(monkeypatch, user, _month_moment(0), count=1)
    table = connection.ops.quote_name(partitions.TABLE)
    copy = first[1]
    moment = _month_moment(0, day=11)
    with connection.cursor() as cursor:  # an insert-only writer forges a second number 2
        cursor.execute(
            f"INSERT INTO {table} (at, actor_id, actor_name, organisation_id, action, "  # noqa: S608
            "object_type, object_id, summary, changes, path, chain, seq, prev_hash, record_hash) "
            "VALUES (%s, %s, %s, %s, 'view', 'x', '', 'forged', '{}', '', %s, %s, %s, %s)",
            [
                moment,
                user.pk,
                user.username,
                copy.organisation_id,
                copy.chain,
                copy.seq,
                copy.prev_hash,
                copy.record_hash,
            ],
        )
    broken = verify_all().broken
    assert broken is not None and broken.problem in {"duplicate", "altered", "relinked"}


def test_a_record_of_a_month_without_partition_is_kept_and_moved_later(user, monkeypatch):
    far = datetime(2045, 6, 1, 12, tzinfo=UTC)
    with monkeypatch.context() as patch:
        patch.setattr(timezone, "now", lambda: far)
        record = audit_record(actor=user, action=AuditAction.VIEW, object_type="x")
    assert _partition_of(record) == partitions.DEFAULT_PARTITION
    assert partitions.default_partition_rows() == 1

    created = partitions.ensure_partitions(far, far)

    assert created == ["audit_auditrecord_y2045m06"]
    assert _partition_of(record) == "audit_auditrecord_y2045m06"
    assert partitions.default_partition_rows() == 0
    assert verify_all(now=far + timedelta(days=1)).broken is None


def test_old_months_detach_and_the_chain_stays_whole(monkeypatch, user, settings, capsys):
    settings.LOTSA_AUDIT_KEEP_MONTHS = 6
    _write_at(monkeypatch, user, _month_moment(30))
    _write_at(monkeypatch, user, _month_moment(20))
    _write_at(monkeypatch, user, _month_moment(0))
    call_command("audit", "checkpoint")
    before = partitions.add_months(partitions.month_of(_month_moment(20)), 1)

    with pytest.raises(CommandError, match="inte granskad"):
        call_command("audit", "detach", "--before", f"{before:%Y-%m}", "--drop")
    call_command("audit", "verify")
    with connection.cursor() as cursor:  # as if committed: a table with pending checks stays
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("audit", "detach", "--before", f"{before:%Y-%m}", "--drop")

    assert "2 månadsdelar borttagna" in capsys.readouterr().out
    assert AuditRecord.objects.count() == 3 + 2  # this month's and the two detach records
    call_command("audit", "verify")  # the organisation's chain, and the system's (the detaching)
    assert "OK: 2 kedjor, 11 poster" in capsys.readouterr().out
    with pytest.raises(CommandError, match="sparas i 6 månader"):
        call_command("audit", "detach", "--before", f"{timezone.now():%Y-%m}")


def test_the_application_role_may_not_change_a_new_partition(user):
    role = "lotsa_test_partition_role"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE ROLE "{role}" NOLOGIN')
    call_command("audit", "restrict-role", "--role", role)
    future = datetime(2046, 1, 1, tzinfo=UTC)
    (name,) = partitions.ensure_partitions(future, future)
    record = audit_record(actor=user, action=AuditAction.VIEW, object_type="x")
    this_month = partitions.partition_name(partitions.month_of(timezone.now()))
    with connection.cursor() as cursor:
        cursor.execute(f'SET ROLE "{role}"')
    try:
        for table in (name, this_month, partitions.DEFAULT_PARTITION, partitions.TABLE):
            for statement in (
                f"UPDATE \"{table}\" SET summary = 'ingen' WHERE id = %s",  # noqa: S608
                f'DELETE FROM "{table}" WHERE id = %s',  # noqa: S608
            ):
                with (
                    pytest.raises(DatabaseError, match="permission denied"),
                    transaction.atomic(),
                    connection.cursor() as cursor,
                ):
                    cursor.execute(statement, [record.pk])
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")


@pytest.mark.django_db(transaction=True)
def test_the_partition_migration_applies_to_a_log_with_records(monkeypatch, user, capsys):
    written = _write_at(monkeypatch, user, _month_moment(3))
    written += _write_at(monkeypatch, user, _month_moment(0))
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes("audit")
    executor.migrate([("audit", "0006_key_the_chain")])
    assert not partitions.is_partitioned()
    call_command("audit", "checkpoint")

    executor = MigrationExecutor(connection)
    executor.migrate(latest)

    assert partitions.is_partitioned()
    assert [r.pk for r in AuditRecord.objects.order_by("id")] == [r.pk for r in written]
    assert _partition_of(written[0]) == partitions.partition_name(
        partitions.month_of(_month_moment(3))
    )
    after = audit_record(actor=user, action=AuditAction.VIEW, object_type="x")
    assert after.pk > written[-1].pk and after.seq == len(written) + 1
    call_command("audit", "verify")
    assert "OK: 1 kedjor, 7 poster" in capsys.readouterr().out
