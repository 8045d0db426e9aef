"""audited_update: allowed fields only, the version check, and one audit record with the diff."""

import pytest

from lotsa.audit.models import AuditRecord
from lotsa.audit.updates import audited_update
from lotsa.core.concurrency import EditConflictError
from lotsa.organisations.tests.factories import UserFactory
from lotsa.people.models import Participant
from lotsa.people.tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db

FIELDS = ("first_name", "city")


def test_writes_the_changes_bumps_the_version_and_audits_only_what_changed():
    user = UserFactory(referrer=True)
    person = ParticipantFactory(unit=user.unit, first_name="Anna", city="Timrå")
    opened = person.version
    audited_update(
        actor=user,
        instance=person,
        changes={"first_name": "Annika", "city": "Timrå"},
        allowed=FIELDS,
        expected_version=opened,
        summary="Ändrade",
        participant=person,
    )
    stored = Participant.objects.get(pk=person.pk)
    assert (stored.first_name, stored.version) == ("Annika", opened + 1)
    record = AuditRecord.objects.get(object_id=str(person.pk), action="update")
    assert record.changes == {"first_name": ["Anna", "Annika"]}
    assert record.participant_id == person.pk


def test_a_stale_version_is_a_conflict_and_writes_nothing():
    user = UserFactory(referrer=True)
    person = ParticipantFactory(unit=user.unit, first_name="Anna")
    with pytest.raises(EditConflictError):
        audited_update(
            actor=user,
            instance=person,
            changes={"first_name": "Annika"},
            allowed=FIELDS,
            expected_version=person.version + 7,
            summary="Ändrade",
        )
    assert Participant.objects.get(pk=person.pk).first_name == "Anna"
    assert not AuditRecord.objects.filter(object_id=str(person.pk), action="update").exists()


def test_a_field_outside_the_allowed_ones_is_refused_before_anything_is_written():
    user = UserFactory(referrer=True)
    person = ParticipantFactory(unit=user.unit)
    with pytest.raises(TypeError, match="personal_number"):
        audited_update(
            actor=user,
            instance=person,
            changes={"personal_number": "x"},
            allowed=FIELDS,
            expected_version=person.version,
            summary="Ändrade",
        )


def test_a_callable_summary_sees_the_changed_instance():
    user = UserFactory(referrer=True)
    person = ParticipantFactory(unit=user.unit, first_name="Anna")
    audited_update(
        actor=user,
        instance=person,
        changes={"first_name": "Berit"},
        allowed=FIELDS,
        expected_version=None,
        summary=lambda changed: f"Nu {changed.first_name}",
    )
    assert AuditRecord.objects.get(object_id=str(person.pk), action="update").summary == "Nu Berit"
