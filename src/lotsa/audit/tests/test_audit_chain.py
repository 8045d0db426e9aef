"""The audit log is append-only and tamper-evident."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from lotsa.audit.constants import AuditAction
from lotsa.audit.models import AuditRecord
from lotsa.audit.services import audit_record
from lotsa.organisations.tests.factories import UserFactory
from lotsa.people.tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


def _write_records(count=5):
    user = UserFactory(referrer=True)
    person = ParticipantFactory(unit=user.unit)
    return [
        audit_record(actor=user, action=AuditAction.VIEW, obj=person, participant=person)
        for _ in range(count)
    ]


def test_records_are_linked_in_order_per_organisation():
    records = _write_records(3)
    assert [record.seq for record in records] == [1, 2, 3]
    assert records[1].prev_hash == records[0].record_hash
    assert records[2].prev_hash == records[1].record_hash


def test_verify_passes_on_an_untouched_log(capsys):
    _write_records()
    call_command("audit", "verify")
    assert "inga brutna länkar" in capsys.readouterr().out


def test_verify_finds_a_row_edited_directly_in_the_database():
    records = _write_records()
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {AuditRecord._meta.db_table} SET summary = %s WHERE id = %s",
            ["ingen tittade", records[2].pk],
        )
    with pytest.raises(CommandError, match=f"nummer 3 \\(post {records[2].pk}\\).*ändrats"):
        call_command("audit", "verify")


def test_verify_finds_a_row_deleted_directly_in_the_database():
    records = _write_records()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditRecord._meta.db_table} WHERE id = %s", [records[1].pk])
    with pytest.raises(CommandError, match="nummer 2.*saknas"):
        call_command("audit", "verify")


def test_verify_finds_records_cut_from_the_end():
    records = _write_records()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditRecord._meta.db_table} WHERE id = %s", [records[-1].pk])
    with pytest.raises(CommandError, match="slutet"):
        call_command("audit", "verify")


def test_application_cannot_change_or_delete_a_record():
    record = _write_records(1)[0]
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

    first = _write_records(1)[0]
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
