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
    # Not staff: a partner organisation's contact person (sees only what participants consented
    # to share with that partner) and a participant signed in to their own pages.
    PARTNER = "partner", _("Samverkanspart")
    PARTICIPANT = "participant", _("Deltagare")
    # Not in any organisation: the instance's operator (a county's hosting provider, the
    # municipality's IT) who onboards organisations. Sees no participant, case or referral.
    INSTANCE_ADMINISTRATOR = "instance_admin", _("Instansadministratör")


STAFF_ROLES = (Role.COACH, Role.REFERRER, Role.MANAGER)

# Roles an administrator gives on the user pages; partner users are created from the partner
# register (collaboration) and participants' accounts when they first sign in (portal).
STAFF_ACCOUNT_ROLES = (Role.COACH, Role.REFERRER, Role.MANAGER, Role.ADMINISTRATOR)

# The first two digits of SCB's municipality code are the county (län) code.
COUNTY_CODES = frozenset(
    {"01", "03", "04", "05", "06", "07", "08", "09", "10", "12", "13", "14", "17", "18", "19"}
    | {"20", "21", "22", "23", "24", "25"}
)
