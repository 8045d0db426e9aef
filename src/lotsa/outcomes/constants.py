from django.db import models
from django.utils.translation import gettext_lazy as _


class OutcomeStatus(models.TextChoices):
    """Where the person is when the coach follows up after closure."""

    IN_WORK = "in_work", _("I arbete")
    STUDIES = "studies", _("Studerar")
    OTHER_SUPPORT = "other_support", _("Annat stöd")
    NO_SUPPORT = "no_support", _("Inget stöd, ingen sysselsättning")
    UNKNOWN = "unknown", _("Okänt")


# Months after closure at which the coach follows up, unless the organisation chose others.
DEFAULT_MONTHS = (6, 12)
MAX_MONTHS = 60
# How far ahead the coaches' list shows follow-ups that are coming up.
DUE_WINDOW_DAYS = 30
