from django.db import models
from django.utils.translation import gettext_lazy as _


class ReferralStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Väntar på besked")
    RETURNED = "returned", _("Återskickad")
    ACCEPTED = "accepted", _("Ärende öppnat")
    WITHDRAWN = "withdrawn", _("Återkallad")


class ReferralSource(models.TextChoices):
    """Who asked for the support: a referring officer, the person themselves on the public
    form, or a partner's contact person through their partner account (issue 15)."""

    STAFF = "staff", _("Remiss från handläggare")
    SELF = "self", _("Egen ansökan")
    PARTNER = "partner", _("Samverkanspart")


class ConsentParty(models.TextChoices):
    ARBETSFORMEDLINGEN = "arbetsformedlingen", _("Arbetsförmedlingen")
    FORSAKRINGSKASSAN = "forsakringskassan", _("Försäkringskassan")
    REGION = "region", _("Regionen (psykiatri)")
    PRIMARY_CARE = "primary_care", _("Primärvården")
    ADULT_EDUCATION = "adult_education", _("Vuxenutbildningen")
    EMPLOYER = "employer", _("Arbetsgivare")
    OTHER = "other", _("Annan")


class ConsentForm(models.TextChoices):
    WRITTEN = "written", _("Skriftligt")
    VERBAL = "verbal", _("Muntligt")
    DIGITAL = "digital", _("Digitalt (e-tjänst med e-legitimation)")


class ConsentScope(models.TextChoices):
    """What a consent lets Lotsa share with the partners it names.

    Defined here, the lowest app that captures consent (the referral form), so the referral,
    the case, coordination meetings and the API all speak of the same scopes.
    """

    PLAN = "plan", _("Planen (mål, nästa steg, överenskomna åtgärder)")
    NOTES = "notes", _("Journalanteckningar")
    ASSESSMENTS = "assessments", _("Kartläggningar och stegförflyttning")
    PLACEMENTS = "placements", _("Praktik och anställningar")
    MEETINGS = "meetings", _("Samverkansmöten")
