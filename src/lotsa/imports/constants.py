from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportKind(models.TextChoices):
    PARTICIPANTS = "participants", _("deltagare")
    CASES = "cases", _("ärenden")


# The columns of each kind, in the order the documentation and example files use.
PARTICIPANT_COLUMNS = (
    "personnummer",
    "förnamn",
    "efternamn",
    "ansvarig_enhet",
    "e-post",
    "telefon",
    "adress",
    "postnummer",
    "ort",
    "stadsdel",
    "tolk",
    "språk",
    "skyddad_identitet",
)
PARTICIPANT_REQUIRED_COLUMNS = ("personnummer", "förnamn", "efternamn", "ansvarig_enhet")

CASE_COLUMNS = (
    "personnummer",
    "enhet",
    "arbetscoach",
    "startdatum",
    "status",
    "avslutsdatum",
    "avslutsorsak",
    "mål",
    "målsort",
    "aktiviteter",
    "anteckning",
)
CASE_REQUIRED_COLUMNS = ("personnummer", "enhet", "arbetscoach", "startdatum", "status")

COLUMNS = {ImportKind.PARTICIPANTS: PARTICIPANT_COLUMNS, ImportKind.CASES: CASE_COLUMNS}
REQUIRED_COLUMNS = {
    ImportKind.PARTICIPANTS: PARTICIPANT_REQUIRED_COLUMNS,
    ImportKind.CASES: CASE_REQUIRED_COLUMNS,
}

# In the aktiviteter column: activities are separated by `|`, an activity's parts by `;`.
ACTIVITY_SEPARATOR = "|"
ACTIVITY_PART_SEPARATOR = ";"
