from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    VIEW = "view", _("Visade")
    SEARCH = "search", _("Sökte")
    CREATE = "create", _("Skapade")
    UPDATE = "update", _("Ändrade")
    DELETE = "delete", _("Tog bort")
    EXPORT = "export", _("Exporterade")
    SIGN_IN = "sign_in", _("Loggade in")
    SIGN_OUT = "sign_out", _("Loggade ut")
    # Something that widens who can reach personal data (a new API service account): shown to
    # the manager of the unit concerned in their log review.
    SECURITY = "security", _("Säkerhetshändelse")
