"""The table writer stores the same values through COPY (PostgreSQL) and bulk_create."""

import io
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from django.db import connection

from lotsa.audit.chain import record_digest
from lotsa.audit.models import GENESIS_HASH, AuditRecord
from lotsa.organisations.models import Organisation
from lotsa.scale.progress import Progress
from lotsa.scale.writers import TableWriter, copy_available, next_ids, reset_sequences

pytestmark = pytest.mark.django_db

COLUMNS = (
    "at", "actor_id", "actor_name", "organisation_id", "action", "object_type", "object_id",
    "participant_id", "summary", "changes", "ip_address", "path", "chain", "seq", "prev_hash",
    "record_hash",
)  # fmt: skip


def _row(chain, seq):
    content = SimpleNamespace(
        chain=chain,
        seq=seq,
        at=datetime(2025, 5, 6, 7, 8, 9, 123000, tzinfo=UTC),
        actor_id=None,
        actor_name="",
        organisation_id=None,
        action="view",
        object_type="cases.case",
        object_id="17",
        participant_id=None,
        summary="Öppnade ärende med Åsa Öberg",
        changes={"status": ["active", "closed"], "closed_on": [None, "2025-05-06"]},
        ip_address="10.1.2.3",
        path="/arenden/17/",
        prev_hash=GENESIS_HASH,
    )
    digest = record_digest(content)
    return tuple(getattr(content, name) for name in COLUMNS[:-1]) + (digest,)


def _stored(chain):
    record = AuditRecord.objects.get(chain=chain)
    return record, {name: getattr(record, name) for name in COLUMNS}


@pytest.mark.parametrize("use_copy", [True, False], ids=["copy", "bulk-create"])
def test_stored_rows_read_back_as_written(use_copy):
    if use_copy and not copy_available():
        pytest.skip("COPY needs PostgreSQL")
    row = _row(chain=990001, seq=1)
    writer = TableWriter(AuditRecord, COLUMNS, use_copy=use_copy)
    assert writer.write([row]) == 1
    record, values = _stored(990001)
    assert values == dict(zip(COLUMNS, row, strict=True))
    assert record_digest(record) == record.record_hash


def test_bulk_create_is_the_fallback_without_postgresql():
    writer = TableWriter(AuditRecord, COLUMNS)
    assert writer.use_copy is (connection.vendor == "postgresql")
    if connection.vendor != "postgresql":
        with pytest.raises(ValueError, match="PostgreSQL"):
            TableWriter(AuditRecord, COLUMNS, use_copy=True)


def test_an_unknown_column_is_refused():
    with pytest.raises(ValueError, match="no column"):
        TableWriter(Organisation, ("id", "colour"))


def test_explicit_ids_move_the_sequence_past_them():
    first = next_ids([Organisation])[Organisation]
    TableWriter(Organisation, ("id", "name", "kind", "municipality_code")).write(
        [(first + 5, "Hoppande kommun", "municipality", "")]
    )
    reset_sequences([Organisation])
    created = Organisation.objects.create(name="Nästa kommun")
    assert created.pk > first + 5
    assert next_ids([Organisation])[Organisation] == created.pk + 1


def test_progress_logs_every_tenth_when_not_on_a_terminal():
    stream = io.StringIO()
    progress = Progress(20, label="Deltagare", stream=stream)
    for _ in range(20):
        progress.advance()
    progress.finish()
    lines = stream.getvalue().splitlines()
    assert len(lines) == 10
    assert lines[-1].startswith("Deltagare [") and "20/20" in lines[-1]
