"""Messages between the participant and the staff on their case (and, with consent, a named
partner contact), the person's choice of notification channel, the notifications sent, and the
participant's answers to meetings."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotsa.messaging.constants import (
    Channel,
    MeetingAnswerKind,
    NotificationKind,
    Side,
    Waiting,
)


class Thread(models.Model):
    """A conversation on one case, optionally about one step of the plan."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="threads", verbose_name=_("ärende")
    )
    subject = models.CharField(_("ämne"), max_length=120)
    activity = models.ForeignKey(
        "cases.Activity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="threads",
        verbose_name=_("aktivitet"),
    )
    own_activity = models.ForeignKey(
        "cases.OwnActivity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="threads",
        verbose_name=_("egen aktivitet"),
    )
    partner_contact = models.ForeignKey(
        "collaboration.PartnerContact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="threads",
        verbose_name=_("kontaktperson hos samverkanspart"),
    )
    waiting_on = models.CharField(_("väntar på"), max_length=12, choices=Waiting.choices)
    last_message_at = models.DateTimeField(_("senaste meddelande"))
    last_side = models.CharField(_("senast skrev"), max_length=12, choices=Side.choices)
    created_at = models.DateTimeField(_("startad"), auto_now_add=True)

    class Meta:
        ordering = ["case", "-last_message_at", "-id"]
        verbose_name = _("meddelandetråd")
        verbose_name_plural = _("meddelandetrådar")
        indexes = [models.Index(fields=["case", "waiting_on"], name="thread_case_waiting")]

    def __str__(self) -> str:
        return self.subject


class Message(models.Model):
    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, related_name="messages", verbose_name=_("tråd")
    )
    side = models.CharField(_("skrivet av (part)"), max_length=12, choices=Side.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("skrivet av"),
    )
    body = models.TextField(_("meddelande"))
    sent_at = models.DateTimeField(_("skickat"), default=timezone.now)

    class Meta:
        ordering = ["thread", "sent_at", "id"]
        verbose_name = _("meddelande")
        verbose_name_plural = _("meddelanden")

    def __str__(self) -> str:
        return f"{timezone.localtime(self.sent_at):%Y-%m-%d %H:%M} {self.get_side_display()}"


class ThreadReading(models.Model):
    """When one side last read a thread: the read receipt the others see."""

    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, related_name="readings", verbose_name=_("tråd")
    )
    side = models.CharField(_("part"), max_length=12, choices=Side.choices)
    read_at = models.DateTimeField(_("läst"))

    class Meta:
        verbose_name = _("läskvitto för meddelanden")
        verbose_name_plural = _("läskvitton för meddelanden")
        constraints = [
            models.UniqueConstraint(fields=["thread", "side"], name="thread_reading_one_per_side")
        ]

    def __str__(self) -> str:
        return f"{self.get_side_display()} {timezone.localtime(self.read_at):%Y-%m-%d %H:%M}"


class ContactChoice(models.Model):
    """The person's chosen channel for notifications that something waits on Mina sidor."""

    participant = models.OneToOneField(
        "people.Participant",
        on_delete=models.CASCADE,
        related_name="contact_choice",
        verbose_name=_("deltagare"),
    )
    channel = models.CharField(_("avisering"), max_length=10, choices=Channel.choices)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    class Meta:
        verbose_name = _("val av avisering")
        verbose_name_plural = _("val av avisering")

    def __str__(self) -> str:
        return self.get_channel_display()


class Notification(models.Model):
    """One notification sent to the person (it carries no content), for the rate limit and so
    a meeting's reminder goes once."""

    participant = models.ForeignKey(
        "people.Participant",
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("deltagare"),
    )
    kind = models.CharField(_("typ"), max_length=20, choices=NotificationKind.choices)
    channel = models.CharField(_("kanal"), max_length=10, choices=Channel.choices)
    meeting = models.ForeignKey(
        "collaboration.CoordinationMeeting",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("möte"),
    )
    sent_at = models.DateTimeField(_("skickad"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["participant", "-sent_at"]
        verbose_name = _("avisering")
        verbose_name_plural = _("aviseringar")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "kind"],
                condition=models.Q(meeting__isnull=False),
                name="notification_once_per_meeting",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {timezone.localtime(self.sent_at):%Y-%m-%d %H:%M}"


class MeetingAnswer(models.Model):
    """The participant's answer to a meeting: they come, or they ask to move it."""

    meeting = models.ForeignKey(
        "collaboration.CoordinationMeeting",
        on_delete=models.CASCADE,
        related_name="answers",
        verbose_name=_("möte"),
    )
    kind = models.CharField(_("svar"), max_length=10, choices=MeetingAnswerKind.choices)
    proposed_times = models.JSONField(_("föreslagna tider"), default=list, blank=True)
    note = models.TextField(_("meddelande"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("svarat av"),
    )
    answered_at = models.DateTimeField(_("svarat"), auto_now_add=True)

    class Meta:
        ordering = ["meeting", "-answered_at", "-id"]
        verbose_name = _("svar på möte")
        verbose_name_plural = _("svar på möten")

    def __str__(self) -> str:
        return self.get_kind_display()
