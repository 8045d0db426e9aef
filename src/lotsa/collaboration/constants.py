from django.db import models
from django.utils.translation import gettext_lazy as _

from lotsa.cases.constants import ResponsibleParty
from lotsa.referrals.constants import ConsentForm, ConsentParty, ConsentScope

# The kinds of partner are the parties a referral's consent already names, so a consent noted
# on the referral form maps onto the partner organisations of the same kind.
PartnerKind = ConsentParty

__all__ = [
    "ConsentForm",
    "ConsentScope",
    "ConsentSource",
    "MeetingKind",
    "PartnerKind",
    "PARTY_OF_KIND",
]


class ConsentSource(models.TextChoices):
    """Where the consent was captured; every source becomes the same kind of record."""

    STAFF = "staff", _("Registrerat av personal")
    REFERRAL = "referral", _("Från remissen")
    MEETING = "meeting", _("Vid samverkansmöte")


class MeetingKind(models.TextChoices):
    SIP = "sip", _("SIP (samordnad individuell plan)")
    THREE_PARTY = "three_party", _("Trepartssamtal")
    INTAKE = "intake", _("Inskrivningsmöte")
    OTHER = "other", _("Annat samverkansmöte")


# Who answers for an agreed action when a partner of a kind takes it on. Primary care is run by
# the region in Sweden, so it answers as the region in the plan.
PARTY_OF_KIND = {
    PartnerKind.ARBETSFORMEDLINGEN: ResponsibleParty.ARBETSFORMEDLINGEN,
    PartnerKind.FORSAKRINGSKASSAN: ResponsibleParty.FORSAKRINGSKASSAN,
    PartnerKind.REGION: ResponsibleParty.REGION,
    PartnerKind.PRIMARY_CARE: ResponsibleParty.REGION,
    PartnerKind.ADULT_EDUCATION: ResponsibleParty.ADULT_EDUCATION,
    PartnerKind.EMPLOYER: ResponsibleParty.EMPLOYER,
    PartnerKind.OTHER: ResponsibleParty.OTHER,
}
