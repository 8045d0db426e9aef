from django.db import models
from django.utils.translation import gettext_lazy as _


class NoteKind(models.TextChoices):
    CONVERSATION = "conversation", _("Samtal")
    MEETING = "meeting", _("Möte")
    THREE_PARTY = "three_party", _("Trepartssamtal")
    SIP = "sip", _("SIP")
    EMPLOYER_CONTACT = "employer_contact", _("Arbetsgivarkontakt")
    PHONE = "phone", _("Telefon")
    FOLLOW_UP = "follow_up", _("Uppföljning")
    OTHER = "other", _("Övrigt")


class NoteStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    SIGNED = "signed", _("Signerad")


# Notes of these kinds record a contact with the participant and move "senaste kontakt".
CONTACT_KINDS = (
    NoteKind.CONVERSATION,
    NoteKind.MEETING,
    NoteKind.THREE_PARTY,
    NoteKind.SIP,
    NoteKind.PHONE,
    NoteKind.FOLLOW_UP,
)
