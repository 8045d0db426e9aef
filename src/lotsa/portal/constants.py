from django.db import models
from django.utils.translation import gettext_lazy as _


class CodeChannel(models.TextChoices):
    EMAIL = "email", _("e-post")
    SMS = "sms", _("sms")
