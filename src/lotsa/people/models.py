from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotsa.people.constants import Gender
from lotsa.people.personnummer import Personnummer, age_on


class Participant(models.Model):
    """A person who gets (or is referred to) the support; exists once per organisation."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="participants",
        verbose_name=_("organisation"),
    )
    unit = models.ForeignKey(
        "organisations.Unit",
        on_delete=models.PROTECT,
        related_name="participants",
        verbose_name=_("ansvarig enhet"),
        help_text=_("Enheten som känner personen, oftast den remitterande."),
    )
    personal_number = models.CharField(
        _("personnummer"), max_length=12, help_text=_("Personnummer eller samordningsnummer.")
    )
    birth_date = models.DateField(_("födelsedatum"))
    first_name = models.CharField(_("förnamn"), max_length=100)
    last_name = models.CharField(_("efternamn"), max_length=100)
    gender = models.CharField(_("kön"), max_length=10, choices=Gender.choices)
    email = models.EmailField(_("e-post"), blank=True)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    street_address = models.CharField(_("adress"), max_length=200, blank=True)
    postal_code = models.CharField(_("postnummer"), max_length=10, blank=True)
    city = models.CharField(_("ort"), max_length=100, blank=True)
    district = models.ForeignKey(
        "organisations.District",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participants",
        verbose_name=_("stadsdel"),
    )
    # In a coordination association: the member municipality the person comes from.
    member_municipality = models.ForeignKey(
        "organisations.MemberMunicipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participants",
        verbose_name=_("medlemskommun"),
    )
    needs_interpreter = models.BooleanField(_("behöver tolk"), default=False)
    language = models.CharField(_("språk"), max_length=60, blank=True)
    # The interface language the person chose on Mina sidor (a code of settings.LANGUAGES);
    # their sign-in, text messages and surveys use it. Empty: Swedish, or what they last chose.
    page_language = models.CharField(
        _("språk på Mina sidor och i meddelanden"), max_length=10, blank=True
    )
    is_protected = models.BooleanField(
        _("skyddad identitet"),
        default=False,
        help_text=_("Syns bara för personens arbetscoach och enhetens chef."),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registrerad av"),
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        verbose_name = _("deltagare")
        verbose_name_plural = _("deltagare")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "personal_number"], name="participant_once_per_organisation"
            )
        ]
        indexes = [
            models.Index(
                fields=["organisation", "last_name", "first_name"], name="participant_name"
            ),
            models.Index(fields=["unit", "is_protected"], name="participant_unit"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def personnummer(self) -> Personnummer:
        return Personnummer(self.personal_number)

    def age_on(self, when: date) -> int:
        return age_on(self.birth_date, when)

    @property
    def age(self) -> int:
        return self.age_on(timezone.localdate())
