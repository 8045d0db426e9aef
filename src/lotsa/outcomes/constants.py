from django.db import models
from django.utils.translation import gettext_lazy as _


class OutcomeStatus(models.TextChoices):
    """Where the person is when the coach follows up after closure."""

    IN_WORK = "in_work", _("I arbete")
    STUDIES = "studies", _("Studerar")
    SEEKING_WORK = "seeking_work", _("Söker arbete")
    OTHER_SUPPORT = "other_support", _("Annat stöd")
    NO_SUPPORT = "no_support", _("Inget stöd, ingen sysselsättning")
    UNKNOWN = "unknown", _("Okänt")


# Months after closure at which the coach follows up, unless the organisation chose others.
DEFAULT_MONTHS = (6, 12)
# Months the national reports need whatever the organisation chose: one month confirms that a
# closure to work lasted a continuous month (Kolada) and, with six, gives the ESF-style status
# after leaving (docs/statistics.md).
REPORTING_MONTHS = (1, 6)
MAX_MONTHS = 60
# How far ahead the coaches' list shows follow-ups that are coming up.
DUE_WINDOW_DAYS = 30
