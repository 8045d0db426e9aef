from django.db import models
from django.utils.translation import gettext_lazy as _

from lotsa.organisations.constants import Role


class Scope(models.TextChoices):
    """What a service account's token may be used for; checked on every call."""

    PARTICIPANTS_READ = "participants:read", _("Läsa deltagare")
    PARTICIPANTS_WRITE = "participants:write", _("Registrera och ändra deltagare")
    REFERRALS_READ = "referrals:read", _("Läsa remisser och bedömningar")
    REFERRALS_WRITE = "referrals:write", _("Skicka remisser")
    CASES_READ = "cases:read", _("Läsa ärendestatus, plan och utfall")
    STATISTICS_READ = "statistics:read", _("Läsa sammanställd statistik")
    REPORT_ROWS_READ = "reports:rows", _("Hämta rapportfiler på personnivå (månadsfilen)")


# A service account acts as a user with one of these roles, so the pages' policy applies.
SERVICE_ACCOUNT_ROLES = (Role.REFERRER, Role.MANAGER)

TOKEN_PREFIX = "lotsa"
# Seconds between two writes of `last_used_at`, so a busy client does not write on every call.
LAST_USED_RESOLUTION_SECONDS = 60
