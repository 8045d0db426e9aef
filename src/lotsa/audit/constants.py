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
