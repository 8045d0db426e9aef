from django.db import models
from django.utils.translation import gettext_lazy as _


class Sector(models.TextChoices):
    MUNICIPAL = "municipal", _("Kommunal")
    PRIVATE = "private", _("Privat")
    NON_PROFIT = "non_profit", _("Idéburen")
    STATE = "state", _("Statlig")
    REGION = "region", _("Region")


class AgreementKind(models.TextChoices):
    COOPERATION = "cooperation", _("Samverkansavtal")
    PLACEMENT = "placement", _("Praktikavtal")
    FRAMEWORK = "framework", _("Ramavtal")
    OTHER = "other", _("Annat avtal")


class ContactKind(models.TextChoices):
    VISIT = "visit", _("Besök")
    PHONE = "phone", _("Telefon")
    EMAIL = "email", _("E-post")
    MEETING = "meeting", _("Möte")
