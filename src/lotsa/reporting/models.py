from django.db import models
from django.utils.translation import gettext_lazy as _

from lotsa.reporting.defaults import ACTIVITY, CLOSURE


class ReportCode(models.Model):
    """An organisation's code for one SKR category or closure reason in Socialstyrelsen's
    monthly file, where it differs from Lotsa's default (`reporting.defaults`). An empty code
    means "not mapped": the file then names the cases it cannot report."""

    class Kind(models.TextChoices):
        ACTIVITY = ACTIVITY, _("Aktivitet (SKR-kategori)")
        CLOSURE = CLOSURE, _("Avslutsorsak")

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="report_codes"
    )
    kind = models.CharField(_("slag"), max_length=10, choices=Kind.choices)
    key = models.CharField(_("i Lotsa"), max_length=30)
    code = models.CharField(_("kod"), max_length=10, blank=True)
    label = models.CharField(_("kodens benämning"), max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("kod i Socialstyrelsens månadsfil")
        verbose_name_plural = _("koder i Socialstyrelsens månadsfil")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "kind", "key"], name="report_code_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key} → {self.code or '–'}"


class StaffFte(models.Model):
    """The staff working with labour-market support at one unit in one calendar year, as
    full-time equivalents (årsarbetare), entered once a year for SKR's survey."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    unit = models.ForeignKey("organisations.Unit", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("år"))
    fte = models.DecimalField(_("årsarbetare"), max_digits=6, decimal_places=2)
    recorded_by = models.ForeignKey(
        "organisations.User", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("registrerad"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("årsarbetare per enhet")
        verbose_name_plural = _("årsarbetare per enhet")
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="staff_fte_once_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.year}: {self.fte}"


class Orientation(models.TextChoices):
    INDIVIDUAL = "individual", _("Individinriktad")
    STRUCTURAL = "structural", _("Strukturövergripande")


class FinsamInsats(models.Model):
    """An insats (initiative) of a coordination association, for Uppföljning Finsam. Its
    participants are the cases of the unit that runs it; a structural insats has none."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(_("namn"), max_length=200)
    orientation = models.CharField(_("inriktning"), max_length=12, choices=Orientation.choices)
    target_group = models.CharField(_("målgrupp"), max_length=200)
    unit = models.ForeignKey(
        "organisations.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("enhet som genomför insatsen"),
    )
    follows_individuals = models.BooleanField(_("följer upp individer"), default=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["organisation", "name"]
        verbose_name = _("insats i samordningsförbund")
        verbose_name_plural = _("insatser i samordningsförbund")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="finsam_insats_name")
        ]

    def __str__(self) -> str:
        return self.name


class FinsamInsatsYear(models.Model):
    """An insats's budget and outcome (utfall) for one calendar year, in kronor."""

    insats = models.ForeignKey(FinsamInsats, on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField(_("år"))
    budget = models.DecimalField(_("budget (kr)"), max_digits=12, decimal_places=0)
    outcome = models.DecimalField(
        _("utfall (kr)"), max_digits=12, decimal_places=0, null=True, blank=True
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["insats", "year"]
        verbose_name = _("insatsens budget och utfall")
        verbose_name_plural = _("insatsernas budget och utfall")
        constraints = [
            models.UniqueConstraint(fields=["insats", "year"], name="finsam_insats_year_once")
        ]

    def __str__(self) -> str:
        return f"{self.insats_id} {self.year}"


class KeptReport(models.Model):
    """A report file produced on schedule and kept: who fetches it is in the audit log."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    report = models.CharField(_("rapport"), max_length=30)
    period_start = models.DateField(_("från"))
    period_end = models.DateField(_("till"))
    produced_at = models.DateTimeField(_("framtagen"))
    checksum = models.CharField(_("kontrollsumma (SHA-256)"), max_length=64)
    filename = models.CharField(_("filnamn"), max_length=120)
    content_type = models.CharField(max_length=100)
    content = models.BinaryField()
    rows = models.PositiveIntegerField(_("rader"), default=0)
    is_row_level = models.BooleanField(_("en rad per person"), default=False)

    class Meta:
        ordering = ["-period_start", "report"]
        verbose_name = _("sparad rapportfil")
        verbose_name_plural = _("sparade rapportfiler")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "report", "period_start", "period_end"],
                name="kept_report_once",
            )
        ]

    def __str__(self) -> str:
        return self.filename
