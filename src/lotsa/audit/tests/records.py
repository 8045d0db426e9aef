"""Audit records for the chain and tamper tests: a referrer viewing one person `count` times."""

from lotsa.audit.constants import AuditAction
from lotsa.audit.models import AuditRecord
from lotsa.audit.services import audit_record
from lotsa.organisations.tests.factories import UserFactory
from lotsa.people.tests.factories import ParticipantFactory


def write_records(count: int = 5) -> list[AuditRecord]:
    user = UserFactory(referrer=True)
    person = ParticipantFactory(unit=user.unit)
    return [
        audit_record(actor=user, action=AuditAction.VIEW, obj=person, participant=person)
        for _ in range(count)
    ]
