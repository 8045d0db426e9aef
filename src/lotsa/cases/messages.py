"""What a person is told when something the services require is missing.

Services raise these; forms show the same words for an empty required field, so a field says
the same thing whichever of the two notices first.
"""

from django.utils.translation import gettext_lazy as _

DATE_REQUIRED = _("Ange ett datum.")
GOAL_KIND_REQUIRED = _("Välj vilken sorts mål det är.")
GOAL_DESCRIPTION_REQUIRED = _("Beskriv målet.")
ACTIVITY_TYPE_REQUIRED = _("Välj en aktivitet ur katalogen.")
START_DATE_REQUIRED = _("Ange startdatum.")
FOLLOW_UP_TEXT_REQUIRED = _("Skriv vad ni kom fram till vid uppföljningen.")
CLOSURE_REASON_REQUIRED = _("Välj en avslutsorsak.")
REOPEN_REASON_REQUIRED = _("Skriv varför ärendet öppnas igen.")
CATALOGUE_NAME_REQUIRED = _("Ange aktivitetens namn.")
SKR_CATEGORY_REQUIRED = _("Välj en av SKR:s kategorier 1–12.")
AREA_REQUIRED = _("Välj område: arbete, socialt, hälsa eller utbildning.")
