"""The audit log is append-only and tamper-evident."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from lotsa.audit.constants import AuditAction
from lotsa.audit.models import AuditRecord
from lotsa.audit.services import audit_record
from lotsa.audit.tests.records import write_records
from lotsa.people.tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


def test_records_are_linked_in_order_per_organisation():
    records = write_records(3)
    assert [record.seq for record in records] == [1, 2, 3]
    assert records[1].prev_hash == records[0].record_hash
    assert records[2].prev_hash == records[1].record_hash


def test_verify_passes_on_an_untouched_log(capsys):
    write_records()
    call_command("audit", "verify")
    assert "inga brutna länkar" in capsys.readouterr().out


def test_verify_finds_a_row_edited_directly_in_the_database():
    records = write_records()
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {AuditRecord._meta.db_table} SET summary = %s WHERE id = %s",
            ["ingen tittade", records[2].pk],
        )
    with pytest.raises(CommandError, match=f"nummer 3 \\(post {records[2].pk}\\).*ändrats"):
        call_command("audit", "verify")


def test_verify_finds_a_row_deleted_directly_in_the_database():
    records = write_records()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditRecord._meta.db_table} WHERE id = %s", [records[1].pk])
    with pytest.raises(CommandError, match="nummer 2.*saknas"):
        call_command("audit", "verify")


def test_verify_finds_records_cut_from_the_end():
    records = write_records()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditRecord._meta.db_table} WHERE id = %s", [records[-1].pk])
    with pytest.raises(CommandError, match="slutet"):
        call_command("audit", "verify")


def test_application_cannot_change_or_delete_a_record():
    record = write_records(1)[0]
    record.summary = "ändrad"
    with pytest.raises(PermissionError):
        record.save()
    with pytest.raises(PermissionError):
        record.delete()
    with pytest.raises(PermissionError):
        AuditRecord.objects.filter(pk=record.pk).update(summary="x")
    with pytest.raises(PermissionError):
        AuditRecord.objects.filter(pk=record.pk).delete()
    assert AuditRecord.objects.get(pk=record.pk).summary != "ändrad"


def test_bulk_records_continue_the_chain_in_one_append(django_assert_max_num_queries, capsys):
    from lotsa.audit.services import audit_records

    first = write_records(1)[0]
    user = first.actor
    people = [ParticipantFactory(unit=user.unit) for _ in range(30)]
    with django_assert_max_num_queries(6):
        records = audit_records(
            actor=user, action=AuditAction.CREATE, items=[(p, p) for p in people], summary="Ny"
        )
    assert [record.seq for record in records] == list(range(2, 32))
    assert records[0].prev_hash == first.record_hash
    after = audit_record(actor=user, action=AuditAction.VIEW, obj=people[0], participant=people[0])
    assert after.seq == 32 and after.prev_hash == records[-1].record_hash
    call_command("audit", "verify")
    assert "inga brutna länkar" in capsys.readouterr().out


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the two-statement append is PostgreSQL's"
)


@postgresql_only
def test_one_record_is_appended_in_two_statements_without_a_transaction(
    django_assert_num_queries, capsys
):
    first = write_records(1)[0]  # the organisation's chain head exists now
    person = ParticipantFactory(unit=first.actor.unit)
    with django_assert_num_queries(2):  # read the head; move it and insert, in one statement
        record = audit_record(actor=first.actor, action=AuditAction.VIEW, obj=person)
    assert record.pk is not None and record.seq == 2 and record.prev_hash == first.record_hash
    stored = AuditRecord.objects.get(pk=record.pk)
    assert (stored.seq, stored.record_hash, stored.at) == (2, record.record_hash, record.at)
    call_command("audit", "verify")
    assert "inga brutna länkar" in capsys.readouterr().out


@postgresql_only
def test_a_writer_that_came_first_makes_the_append_read_the_head_again(monkeypatch, capsys):
    from lotsa.audit import services

    user = write_records(1)[0].actor
    digest = services.record_digest
    others = []

    def another_writer_first(record, **kwargs):
        # Between reading the head and moving it, someone else appends (once).
        if not others:
            monkeypatch.setattr(services, "record_digest", digest)
            others.append(audit_record(actor=user, action=AuditAction.SEARCH, object_type="x"))
        return digest(record, **kwargs)

    monkeypatch.setattr(services, "record_digest", another_writer_first)
    record = audit_record(actor=user, action=AuditAction.VIEW, object_type="y")
    assert others[0].seq == 2
    assert record.seq == 3 and record.prev_hash == others[0].record_hash
    assert record.at >= others[0].at  # a later number never gets an earlier time
    call_command("audit", "verify")
    assert "inga brutna länkar" in capsys.readouterr().out


@postgresql_only
def test_the_next_record_from_the_same_process_is_appended_in_one_statement(
    django_assert_num_queries, capsys
):
    first = write_records(2)[-1]  # the second came through the compare and swap
    with django_assert_num_queries(1):  # the head as this process left it; move and insert
        record = audit_record(actor=first.actor, action=AuditAction.VIEW, object_type="x")
    assert record.seq == 3 and record.prev_hash == first.record_hash
    stored = AuditRecord.objects.get(pk=record.pk)
    assert (stored.seq, stored.record_hash, stored.at) == (3, record.record_hash, record.at)
    call_command("audit", "verify")
    assert "inga brutna länkar" in capsys.readouterr().out


@postgresql_only
def test_a_head_moved_elsewhere_costs_one_statement_more_and_links_right(
    django_assert_num_queries, capsys
):
    from lotsa.audit.services import audit_records

    first = write_records(2)[-1]
    people = [ParticipantFactory(unit=first.actor.unit) for _ in range(2)]
    # The locking path (as another process would) moves the head past what this one knows.
    moved = audit_records(
        actor=first.actor, action=AuditAction.VIEW, items=[(p, p) for p in people]
    )
    with django_assert_num_queries(2):  # the swap misses and answers with the head; again
        record = audit_record(actor=first.actor, action=AuditAction.VIEW, object_type="x")
    assert record.seq == 5 and record.prev_hash == moved[-1].record_hash
    assert record.at >= moved[-1].at
    call_command("audit", "verify")
    assert "inga brutna länkar" in capsys.readouterr().out


@postgresql_only
def test_a_head_moved_by_a_rolled_back_transaction_is_only_a_miss(capsys):
    from django.db import transaction

    first = write_records(2)[-1]
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(actor=first.actor, action=AuditAction.VIEW, object_type="gone")
        raise RuntimeError
    record = audit_record(actor=first.actor, action=AuditAction.VIEW, object_type="x")
    assert record.seq == 3 and record.prev_hash == first.record_hash
    assert not AuditRecord.objects.filter(object_type="gone").exists()
    call_command("audit", "verify")
    assert "inga brutna länkar" in capsys.readouterr().out
