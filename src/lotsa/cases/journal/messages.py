"""What a person is told when the journal services miss something; forms show the same words."""

from django.utils.translation import gettext_lazy as _

NOTE_TEXT_REQUIRED = _("Skriv anteckningen.")
AMENDMENT_TEXT_REQUIRED = _("Skriv vad som ska rättas eller läggas till.")
