from django.db import models
from django.utils.translation import gettext_lazy as _

# Longest message and subject anyone writes in a thread.
MESSAGE_MAX = 4000
SUBJECT_MAX = 120


class Side(models.TextChoices):
    """Who wrote or read: the participant, their coach's side (staff on the case), a partner."""

    PARTICIPANT = "participant", _("Deltagaren")
    COACH = "coach", _("Arbetscoachen")
    PARTNER = "partner", _("Samverkanspart")


class Waiting(models.TextChoices):
    """Whose turn it is in a thread."""

    ON_PARTICIPANT = "participant", _("Väntar på dig")
    ON_COACH = "coach", _("Väntar på coachen")


class Channel(models.TextChoices):
    """How the person wants to hear that something new waits on Mina sidor."""

    SMS = "sms", _("sms")
    EMAIL = "email", _("e-post")
    NONE = "none", _("inte alls")


class NotificationKind(models.TextChoices):
    MESSAGE = "message", _("nytt meddelande")
    MEETING_REMINDER = "meeting_reminder", _("påminnelse om möte")


class MeetingAnswerKind(models.TextChoices):
    CONFIRM = "confirm", _("Kommer")
    MOVE = "move", _("Vill flytta mötet")
