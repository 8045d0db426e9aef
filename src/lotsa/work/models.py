from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lotsa.organisations.models import Organisation, Unit
from lotsa.work.constants import AgreementKind, ContactKind, Sector


class Employer(models.Model):
    """An employer the organisation works with to find placements and jobs."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="employers",
        verbose_name=_("organisation"),
    )
    organisation_number = models.CharField(
        _("organisationsnummer"),
        max_length=13,
        help_text=_("NNNNNN-NNNN, eller personnummer för enskild firma."),
    )
    name = models.CharField(_("namn"), max_length=200)
    sector = models.CharField(_("sektor"), max_length=20, choices=Sector.choices)
    industry = models.CharField(_("bransch"), max_length=200, blank=True)
    visiting_address = models.TextField(_("besöksadress"), blank=True)
    postal_address = models.TextField(_("postadress"), blank=True)
    placement_capacity = models.PositiveIntegerField(
        _("platser för praktik"),
        default=0,
        help_text=_("Hur många deltagare arbetsgivaren kan ta emot samtidigt."),
    )
    version = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("arbetsgivare")
        verbose_name_plural = _("arbetsgivare")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "organisation_number"],
                name="employer_unique_organisation_number",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("work:employer_detail", args=[self.pk])


class EmployerContact(models.Model):
    """A contact person at an employer."""

    employer = models.ForeignKey(
        Employer, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("arbetsgivare")
    )
    name = models.CharField(_("namn"), max_length=200)
    role = models.CharField(_("roll"), max_length=200, blank=True)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    email = models.EmailField(_("e-post"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("kontaktperson")
        verbose_name_plural = _("kontaktpersoner")

    def __str__(self) -> str:
        return self.name


class EmployerAgreement(models.Model):
    """An agreement with an employer, such as a samverkansavtal."""

    employer = models.ForeignKey(
        Employer,
        on_delete=models.CASCADE,
        related_name="agreements",
        verbose_name=_("arbetsgivare"),
    )
    kind = models.CharField(_("typ av avtal"), max_length=20, choices=AgreementKind.choices)
    valid_from = models.DateField(_("gäller från"))
    valid_to = models.DateField(_("gäller till"), null=True, blank=True)
    note = models.TextField(_("anteckning"), blank=True)

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("avtal")
        verbose_name_plural = _("avtal")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="employer_agreement_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.valid_from}"


class EmployerContactLog(models.Model):
    """One contact with an employer: who, when, how and what came of it."""

    employer = models.ForeignKey(
        Employer,
        on_delete=models.CASCADE,
        related_name="contact_log",
        verbose_name=_("arbetsgivare"),
    )
    occurred_on = models.DateField(_("datum"))
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("medarbetare"),
    )
    contact = models.ForeignKey(
        EmployerContact,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kontaktperson"),
    )
    kind = models.CharField(_("typ av kontakt"), max_length=20, choices=ContactKind.choices)
    outcome = models.TextField(_("vad kontakten ledde till"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_on", "-created_at"]
        verbose_name = _("kontakt med arbetsgivare")
        verbose_name_plural = _("kontakter med arbetsgivare")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_on}"


class TrainingArena(models.Model):
    """A municipal training arena (e.g. hemservice, möbelprojekt) with places for participants.

    Supervisors are a text list, one per line: they are often staff without a Lotsa account.
    """

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="training_arenas",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("namn"), max_length=200)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="training_arenas", verbose_name=_("enhet")
    )
    supervisors = models.TextField(
        _("handledare"), blank=True, help_text=_("En handledare per rad.")
    )
    places = models.PositiveIntegerField(_("platser"), default=0)
    description = models.TextField(_("beskrivning"), blank=True)
    version = models.PositiveIntegerField(default=0, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("träningsarena")
        verbose_name_plural = _("träningsarenor")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="training_arena_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def supervisor_list(self) -> list[str]:
        return [line.strip() for line in self.supervisors.splitlines() if line.strip()]
