from django.db import models
from django.utils.translation import gettext_lazy as _

# Results are shown per question only for groups of at least this many answers.
MINIMUM_GROUP = 5
# Answers of an open survey are published together once at least this many have arrived
# since the last publication (decision 0016), so the results never change by one answer.
PUBLICATION_BATCH = 5
# How long a survey link works.
INVITATION_DAYS = 30
# The event "after three months in support".
THREE_MONTHS_DAYS = 91


class QuestionKind(models.TextChoices):
    SCALE = "scale", _("Skala 1–5")
    YES_NO = "yes_no", _("Ja eller nej")
    SINGLE_CHOICE = "single_choice", _("Ett svarsalternativ")
    FREE_TEXT = "free_text", _("Fritext")


class SurveyTrigger(models.TextChoices):
    MANUAL = "manual", _("Skickas för hand")
    CLOSURE = "closure", _("När ärendet avslutas")
    THREE_MONTHS = "three_months", _("Efter tre månader i stödet")


class InvitationReason(models.TextChoices):
    MANUAL = "manual", _("Skickad för hand")
    CLOSURE = "closure", _("Ärendet avslutades")
    THREE_MONTHS = "three_months", _("Tre månader i stödet")
