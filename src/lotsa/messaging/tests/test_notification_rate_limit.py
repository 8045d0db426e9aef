"""Notifications of new messages are rate limited per person (LOTSA_MESSAGING_NOTIFY_MINUTES):
many messages in a row give one text message, the next one comes after the window, and one
person's limit never silences another's."""

import datetime

import pytest
from django.utils import timezone, translation

from lotsa.audit.models import AuditRecord
from lotsa.cases.tests.factories import CaseFactory
from lotsa.messaging import services
from lotsa.messaging.constants import MESSAGE_MAX
from lotsa.messaging.forms import MessageForm
from lotsa.messaging.models import Notification

pytestmark = pytest.mark.django_db


def _thread(case):
    return services.thread_start(
        actor=case.coach, case=case, subject="Om praktiken", body="Hej! Hur går det?"
    )


def _write(case, thread, body, capture):
    with capture(execute=True):
        services.message_send(actor=case.coach, thread=thread, body=body)


def test_a_burst_of_messages_gives_one_notification_until_the_window_has_passed(
    settings, sms_outbox, django_capture_on_commit_callbacks
):
    settings.LOTSA_MESSAGING_NOTIFY_MINUTES = 30
    case = CaseFactory(participant__phone="070-111 22 33")
    other = CaseFactory(participant__phone="070-444 55 66", unit=case.unit, coach=case.coach)
    thread, other_thread = _thread(case), _thread(other)

    for body in ("En sak.", "En sak till.", "Och en till."):
        _write(case, thread, body, django_capture_on_commit_callbacks)
    _write(other, other_thread, "Hej du också.", django_capture_on_commit_callbacks)

    assert [m.to for m in sms_outbox] == ["070-111 22 33", "070-444 55 66"]
    assert Notification.objects.filter(participant=case.participant).count() == 1

    # Once the window has passed the next message is told again.
    Notification.objects.filter(participant=case.participant).update(
        sent_at=timezone.now() - datetime.timedelta(minutes=31)
    )
    _write(case, thread, "En sak efter en stund.", django_capture_on_commit_callbacks)

    assert [m.to for m in sms_outbox][-1] == "070-111 22 33" and len(sms_outbox) == 3
    assert Notification.objects.filter(participant=case.participant).count() == 2
    assert all("Hur går det" not in m.body for m in sms_outbox)
    assert (
        AuditRecord.objects.filter(
            participant_id=case.participant_id, object_type="messaging.notification"
        ).count()
        == 2
    )


def test_the_message_box_help_text_follows_the_persons_language():
    """The help text was formatted at import, so it stayed Swedish in every language."""
    with translation.override("ar"):
        arabic = str(MessageForm().fields["body"].help_text)
    with translation.override("sv"):
        swedish = str(MessageForm().fields["body"].help_text)
    assert arabic == f"{MESSAGE_MAX} حرفًا على الأكثر."
    assert swedish == f"Högst {MESSAGE_MAX} tecken."
