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
