"""The outbox of e-mail and text messages, and the scheduler's record of what it has enqueued.

A message row is written in the same transaction as the change that causes it, together with
the task that delivers it (django-tasks' database backend stores the task in this database
too), so a rolled-back change sends nothing and a committed one is sent by a worker. The row's
unique `key` is the idempotency key: asking twice for the same message sends it once.
Recipient and text are personal data; they are cleared as soon as the message is sent or
given up (decision 0024).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MessageChannel(models.TextChoices):
    EMAIL = "email", _("e-post")
    SMS = "sms", _("sms")


class MessageStatus(models.TextChoices):
    PENDING = "pending", _("väntar")
    SENT = "sent", _("skickat")
    FAILED = "failed", _("gick inte att skicka")


class OutboundMessage(models.Model):
    key = models.CharField(_("idempotensnyckel"), max_length=200, unique=True)
    channel = models.CharField(_("kanal"), max_length=10, choices=MessageChannel.choices)
    recipient = models.CharField(_("mottagare"), max_length=254, blank=True)
    subject = models.CharField(_("ämne"), max_length=200, blank=True)
    body = models.TextField(_("text"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MessageStatus.choices, default=MessageStatus.PENDING
    )
    attempts = models.PositiveIntegerField(_("försök"), default=0)
    # The exception's class name only: an error text may quote the address or the message.
    last_error = models.CharField(_("senaste fel"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("skapat"), auto_now_add=True)
    finished_at = models.DateTimeField(_("klart"), null=True, blank=True)

    class Meta:
        verbose_name = _("utgående meddelande")
        verbose_name_plural = _("utgående meddelanden")
        indexes = [models.Index(fields=["status", "created_at"], name="jobs_message_status")]

    def __str__(self) -> str:
        return f"{self.channel} {self.key} ({self.status})"


class ScheduledRun(models.Model):
    """One run of a scheduled job at one due time; unique, so two schedulers enqueue it once."""

    job = models.CharField(_("jobb"), max_length=80)
    due_at = models.DateTimeField(_("planerad tid"))
    enqueued_at = models.DateTimeField(_("köad"), auto_now_add=True)
    finished_at = models.DateTimeField(_("klar"), null=True, blank=True)
    succeeded = models.BooleanField(_("lyckades"), null=True)

    class Meta:
        verbose_name = _("schemalagd körning")
        verbose_name_plural = _("schemalagda körningar")
        constraints = [
            models.UniqueConstraint(fields=["job", "due_at"], name="jobs_scheduled_run_once")
        ]

    def __str__(self) -> str:
        return f"{self.job} {self.due_at:%Y-%m-%d %H:%M}"
