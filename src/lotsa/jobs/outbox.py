"""Sending e-mail and text messages: the one way every part of Lotsa sends them (decision 0024).

`send_mail(...)` and `send_sms(...)` record the message and enqueue the task that delivers it,
in the caller's transaction; nothing talks to a mail server or an SMS operator inside a
request. `key` names the message (e.g. ``f"portal-code:{row.pk}"``): a second call with the
same key sends nothing more, and the key goes with the message to the backend, so a send
repeated after a worker died mid-send is still delivered once where the operator honours it.
"""

from django.db import IntegrityError, transaction

from lotsa.jobs.models import MessageChannel, OutboundMessage
from lotsa.jobs.tasks import deliver_message


def send_mail(*, to: str, subject: str, message: str, key: str) -> bool:
    """Queue an e-mail to one address; False when a message with `key` is already queued."""
    return _queue(MessageChannel.EMAIL, to=to, subject=subject, body=message, key=key)


def send_sms(*, to: str, message: str, key: str) -> bool:
    """Queue a text message to one number; False when a message with `key` is already queued."""
    return _queue(MessageChannel.SMS, to=to, subject="", body=message, key=key)


def _queue(channel: str, *, to: str, subject: str, body: str, key: str) -> bool:
    if not key:
        raise ValueError("Every message needs an idempotency key.")
    if not to:
        raise ValueError("A message needs a recipient.")
    try:
        with transaction.atomic():
            message = OutboundMessage.objects.create(
                key=key[:200], channel=channel, recipient=to, subject=str(subject)[:200], body=body
            )
            deliver_message.enqueue(message.pk)
    except IntegrityError:
        return False  # queued before (the unique key): sent once
    return True
