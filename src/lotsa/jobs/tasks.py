"""The tasks workers run (django-tasks, database backend; decision 0024).

`deliver_message` sends one outbox message with retries; `run_scheduled_job` runs one job of
the scheduler's table. Both are safe to run again: a worker killed mid-task leaves its task
RUNNING, and `lotsa worker` (on start) or the scheduler (after the lease) puts it back.
"""

import hashlib
import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django_tasks import task, task_backends

from lotsa.core.sms import deliver_sms
from lotsa.jobs.models import MessageChannel, MessageStatus, OutboundMessage, ScheduledRun
from lotsa.jobs.schedule import scheduled_jobs

logger = logging.getLogger("lotsa.jobs")


class MessageNotDeliveredError(RuntimeError):
    """Every attempt failed; the task ends FAILED (counted by the metrics)."""


def retry_delay(attempt: int) -> timedelta:
    """Exponential back-off: 30 s, 1 min, 2 min, 4 min … after attempt 1, 2, 3 …"""
    return timedelta(seconds=settings.LOTSA_MESSAGE_RETRY_SECONDS * 2 ** (attempt - 1))


@task()
def deliver_message(message_id: int) -> str:
    """Send one message unless it was sent already; on failure try again later, up to
    LOTSA_MESSAGE_ATTEMPTS times. The row is locked while sending, so two workers never send
    the same message at once."""
    with transaction.atomic():
        message = OutboundMessage.objects.select_for_update().filter(pk=message_id).first()
        if message is None or message.status != MessageStatus.PENDING:
            return "already done"
        message.attempts += 1
        try:
            _send(message)
        except Exception as error:  # any backend failure is retried
            message.last_error = type(error).__name__[:200]
            gave_up = message.attempts >= settings.LOTSA_MESSAGE_ATTEMPTS
            if gave_up:
                _finish(message, MessageStatus.FAILED)
            else:
                message.save(update_fields=["attempts", "last_error"])
                _enqueue_retry(message)
            logger.warning(
                "message %s attempt %d failed (%s)%s",
                message.pk,
                message.attempts,
                message.last_error,
                ", giving up" if gave_up else "",
            )
        else:
            _finish(message, MessageStatus.SENT)
            return "sent"
    if gave_up:
        raise MessageNotDeliveredError(f"message {message_id}: {message.attempts} attempts failed")
    return "retry"


def _send(message: OutboundMessage) -> None:
    if message.channel == MessageChannel.SMS:
        deliver_sms(message.recipient, message.body, idempotency_key=message.key)
        return
    digest = hashlib.sha256(message.key.encode("utf-8")).hexdigest()[:32]
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "lotsa.invalid"
    EmailMessage(
        subject=message.subject,
        body=message.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.recipient],
        # The same message id on a repeated send lets the receiving servers drop the copy.
        headers={"Message-ID": f"<{digest}@{domain}>"},
    ).send()


def _finish(message: OutboundMessage, status: str) -> None:
    """Sent or given up: the address and the text are personal data and are not kept."""
    message.status = status
    message.finished_at = timezone.now()
    message.recipient = ""
    message.subject = ""
    message.body = ""
    message.save()


def _enqueue_retry(message: OutboundMessage) -> None:
    backend = task_backends[deliver_message.backend]
    if backend.supports_defer:
        run_after = timezone.now() + retry_delay(message.attempts)
        deliver_message.using(run_after=run_after).enqueue(message.pk)
    else:  # the immediate backend of the tests runs the retry at once
        deliver_message.enqueue(message.pk)


@task()
def run_scheduled_job(name: str, due_at: str) -> str:
    """Run one scheduled job for one due time, once (its ScheduledRun says when it finished)."""
    run = ScheduledRun.objects.filter(job=name, due_at=datetime.fromisoformat(due_at)).first()
    if run is not None and run.finished_at is not None and run.succeeded:
        return "already done"
    job = next((job for job in scheduled_jobs if job.name == name), None)
    if job is None:
        raise LookupError(f"no scheduled job named {name!r}")
    try:
        job.run()
    except Exception:
        _record(run, succeeded=False)
        raise
    _record(run, succeeded=True)
    return "done"


def _record(run: ScheduledRun | None, *, succeeded: bool) -> None:
    if run is not None:
        run.finished_at = timezone.now()
        run.succeeded = succeeded
        run.save(update_fields=["finished_at", "succeeded"])
