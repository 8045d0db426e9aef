from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Kommun")
    COORDINATION_ASSOCIATION = "coordination_association", _("Samordningsförbund")


class Role(models.TextChoices):
    COACH = "coach", _("Arbetscoach")
    REFERRER = "referrer", _("Remitterande handläggare")
    MANAGER = "manager", _("Enhetschef")
    ADMINISTRATOR = "administrator", _("Administratör")


STAFF_ROLES = (Role.COACH, Role.REFERRER, Role.MANAGER)
