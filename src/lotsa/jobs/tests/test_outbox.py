"""Messages are queued with an idempotency key, sent by a task, retried, and not kept."""

import pytest
from django.core import mail
from django_tasks_db.models import DBTaskResult

from lotsa.core import sms
from lotsa.jobs import outbox
from lotsa.jobs.models import MessageStatus, OutboundMessage
from lotsa.jobs.tasks import deliver_message

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _locmem_sms(settings):
    settings.LOTSA_SMS_BACKEND = "lotsa.core.sms.LocmemSmsBackend"
    sms.outbox.clear()


def test_a_text_message_is_sent_once_per_key_and_not_kept():
    assert outbox.send_sms(to="0701234567", message="Din kod är 123456", key="code:1")
    assert not outbox.send_sms(to="0701234567", message="Din kod är 123456", key="code:1")

    assert [(m.to, m.body, m.idempotency_key) for m in sms.outbox] == [
        ("0701234567", "Din kod är 123456", "code:1")
    ]
    message = OutboundMessage.objects.get(key="code:1")
    assert message.status == MessageStatus.SENT
    assert (message.recipient, message.body, message.attempts) == ("", "", 1)


def test_an_email_carries_a_message_id_made_from_its_key():
    outbox.send_mail(to="a@example.se", subject="Ämne", message="Text", key="survey:7")
    outbox.send_mail(to="a@example.se", subject="Ämne", message="Text", key="survey:8")

    assert [m.to for m in mail.outbox] == [["a@example.se"], ["a@example.se"]]
    ids = [m.extra_headers["Message-ID"] for m in mail.outbox]
    assert ids[0] != ids[1] and all(i.startswith("<") and i.endswith("@localhost>") for i in ids)


def test_a_failing_operator_is_retried_and_then_given_up(settings):
    settings.LOTSA_SMS_BACKEND = "lotsa.jobs.tests.backends.FailingSmsBackend"
    settings.LOTSA_MESSAGE_ATTEMPTS = 3

    outbox.send_sms(to="0701234567", message="Din kod är 654321", key="code:2")

    message = OutboundMessage.objects.get(key="code:2")
    assert message.status == MessageStatus.FAILED
    assert message.attempts == 3
    assert message.last_error == "ConnectionError"
    assert (message.recipient, message.body) == ("", "")


def test_a_finished_message_is_not_sent_again_by_a_repeated_task():
    outbox.send_sms(to="0701234567", message="Hej", key="code:3")
    message = OutboundMessage.objects.get(key="code:3")

    result = deliver_message.enqueue(message.pk)

    assert result.return_value == "already done"
    assert len(sms.outbox) == 1


def test_a_message_needs_a_key_and_a_recipient():
    with pytest.raises(ValueError):
        outbox.send_sms(to="0701234567", message="Hej", key="")
    with pytest.raises(ValueError):
        outbox.send_mail(to="", subject="Hej", message="Hej", key="k")
    assert not OutboundMessage.objects.exists()
    assert not DBTaskResult.objects.exists()
