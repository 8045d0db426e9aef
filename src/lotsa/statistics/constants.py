from django.db import models
from django.utils.translation import gettext_lazy as _


class Payer(models.TextChoices):
    """Who bears the cost of a support form (NyttoSam's public payers)."""

    MUNICIPALITY = "municipality", _("Kommunen")
    ARBETSFORMEDLINGEN = "arbetsformedlingen", _("Arbetsförmedlingen")
    FORSAKRINGSKASSAN = "forsakringskassan", _("Försäkringskassan")
    REGION = "region", _("Regionen")
    CSN = "csn", _("CSN")
    NONE = "none", _("Ingen offentlig betalare")
