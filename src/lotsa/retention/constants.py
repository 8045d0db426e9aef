from django.db import models
from django.utils.translation import gettext_lazy as _


class ExtractFormat(models.TextChoices):
    HTML = "html", _("HTML")
    JSON = "json", _("JSON")


class CullingReason(models.TextChoices):
    """Why a case is or is not culled; the first that applies wins (culling.culling_decision)."""

    KEPT_FOR_RESEARCH = "research", _("Född den 5, 15 eller 25 – bevaras för forskning")
    CASE_OPEN = "open", _("Ärendet är inte avslutat")
    OTHER_RECORDS_OPEN = "other_open", _("Personen har andra handlingar som pågår")
    TOO_RECENT = "recent", _("För kort tid sedan senaste anteckningen i ärendet")
    OTHER_RECORDS_RECENT = "other_recent", _("Personen har nyare anteckningar i andra handlingar")
    LINKED_TO_KEPT_RECORDS = "linked", _("Hänger ihop med handlingar som ska bevaras")
    DUE = "due", _("Gallringsfristen har gått ut")


# Days of the month whose people's records are kept for research (socialtjänstförordningen).
RESEARCH_BIRTH_DAYS = frozenset({5, 15, 25})

DEFAULT_CULLING_YEARS = 5

# Age at the start of support, for the anonymous summaries; younger than the first band
# gets its own label so no case is left without one.
UNDER_FIRST_AGE_BAND = "under 16"

# Files that hold personal data (extracts, backups) are readable by their owner only.
PRIVATE_FILE_MODE = 0o600
