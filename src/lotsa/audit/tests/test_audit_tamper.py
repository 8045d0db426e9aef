"""A database writer cannot rewrite the audit log unnoticed (issue 14, item 4).

The attack: delete a record, renumber and re-hash the records after it, move the chain head.
Without the key (it is not in the database) the keyed hashes give it away; with the key, the
signed checkpoint outside the database does.
"""

import copy
import hashlib
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from lotsa.audit.chain import canonical_content, record_digest
from lotsa.audit.constants import AuditAction
from lotsa.audit.models import AuditChainHead, AuditRecord
from lotsa.audit.services import audit_record
from lotsa.audit.tests.records import write_records

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def checkpoints(settings, tmp_path):
    settings.LOTSA_AUDIT_CHECKPOINT_DIR = tmp_path / "checkpoints"
    return settings.LOTSA_AUDIT_CHECKPOINT_DIR


def _rewrite_without(record_to_drop, digest):
    """What an insider with write access does: delete one record, then renumber and re-hash
    every later record with `digest` and move the head, so the chain looks whole."""
    chain = record_to_drop.chain
    table = connection.ops.quote_name(AuditRecord._meta.db_table)
    heads = connection.ops.quote_name(AuditChainHead._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE id = %s", [record_to_drop.pk])  # noqa: S608
    later = list(
        AuditRecord.objects.filter(chain=chain, seq__gt=record_to_drop.seq).order_by("seq")
    )
    prev = record_to_drop.prev_hash
    seq = record_to_drop.seq
    for record in later:
        forged = copy.copy(record)
        forged.seq, forged.prev_hash = seq, prev
        forged.record_hash = digest(forged)
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET seq = %s, prev_hash = %s, record_hash = %s "  # noqa: S608
                "WHERE id = %s",
                [forged.seq, forged.prev_hash, forged.record_hash, record.pk],
            )
        prev, seq = forged.record_hash, seq + 1
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {heads} SET last_seq = %s, last_hash = %s WHERE chain = %s",  # noqa: S608
            [seq - 1, prev, chain],
        )


def _plain_sha256(record):
    """The digest an attacker can compute from the database alone (the key is not there)."""
    return hashlib.sha256(canonical_content(record)).hexdigest()


def test_a_consistent_rewrite_without_the_key_is_caught():
    records = write_records()
    _rewrite_without(records[1], _plain_sha256)
    with pytest.raises(CommandError, match="nummer 2 .*ändrats"):
        call_command("audit", "verify")


def test_the_hash_is_keyed_so_another_key_gives_another_hash(settings):
    record = write_records(1)[0]
    assert record.record_hash == record_digest(record)
    assert record.record_hash != _plain_sha256(record)
    settings.LOTSA_AUDIT_KEY = "a-different-key"
    assert record_digest(record) != record.record_hash


def test_a_consistent_rewrite_with_the_key_is_caught_by_the_checkpoint(capsys):
    records = write_records()
    call_command("audit", "checkpoint")
    _rewrite_without(records[1], record_digest)
    with pytest.raises(CommandError, match="kontrollpunkt.*(skrivits om|finns inte)"):
        call_command("audit", "verify")


def test_verify_passes_with_checkpoints_while_the_log_grows(capsys):
    records = write_records(3)
    call_command("audit", "checkpoint")
    audit_record(actor=records[0].actor, action=AuditAction.SEARCH, object_type="x", summary="y")
    call_command("audit", "checkpoint")
    call_command("audit", "verify")
    out = capsys.readouterr().out
    assert "inga brutna länkar" in out
    assert "2 kontrollpunkter" in out


def test_a_changed_checkpoint_file_is_caught(checkpoints):
    write_records(2)
    call_command("audit", "checkpoint")
    path = next(checkpoints.iterdir())
    document = json.loads(path.read_text())
    chain = next(iter(document["heads"]))
    document["heads"][chain]["seq"] = 1
    path.write_text(json.dumps(document))
    with pytest.raises(CommandError, match="signatur"):
        call_command("audit", "verify")


def test_verify_warns_when_there_is_no_checkpoint(capsys):
    write_records(1)
    call_command("audit", "verify")
    assert "inga kontrollpunkter" in capsys.readouterr().out


@pytest.mark.skipif(connection.vendor != "postgresql", reason="roles are PostgreSQL's")
def test_the_application_role_may_insert_but_not_change_or_delete_audit_records():
    """Everything here is inside the test's transaction: the role is gone afterwards."""
    record = write_records(1)[0]
    role = "lotsa_test_app_role"
    table = connection.ops.quote_name(AuditRecord._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE ROLE "{role}" NOLOGIN')
    call_command("audit", "restrict-role", "--role", role)
    with connection.cursor() as cursor:
        cursor.execute(f'SET ROLE "{role}"')
    try:
        for statement in (
            f"UPDATE {table} SET summary = 'ingen tittade' WHERE id = %s",  # noqa: S608
            f"DELETE FROM {table} WHERE id = %s",  # noqa: S608
        ):
            with (
                pytest.raises(DatabaseError, match="permission denied"),
                transaction.atomic(),
                connection.cursor() as cursor,
            ):
                cursor.execute(statement, [record.pk])
        after = audit_record(
            actor=record.actor, action=AuditAction.SEARCH, object_type="x", summary="ny"
        )
        assert after.seq == 2
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")
    assert AuditRecord.objects.get(pk=record.pk).summary != "ingen tittade"


def test_restrict_role_quotes_the_role_name(capsys):
    call_command("audit", "restrict-role", "--role", 'x"; DROP TABLE y; --', "--print-only")
    out = capsys.readouterr().out
    assert 'TO "x""; DROP TABLE y; --"' in out
    assert "REVOKE UPDATE, DELETE, TRUNCATE ON" in out
