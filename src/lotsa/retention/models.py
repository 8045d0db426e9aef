from django.db import models
from django.utils.translation import gettext_lazy as _


class CulledCaseSummary(models.Model):
    """What statistics need from a culled case, with nothing that identifies the person.

    Written just before a case is culled so that reports already published can add culled
    cases back (docs/retention.md, docs/decisions/0005-culling-keeps-anonymous-summaries.md).
    """

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="culled_case_summaries",
        verbose_name=_("organisation"),
    )
    unit = models.ForeignKey(
        "organisations.Unit",
        on_delete=models.PROTECT,
        related_name="culled_case_summaries",
        verbose_name=_("enhet"),
    )
    start_year = models.PositiveSmallIntegerField(_("startår"))
    closure_year = models.PositiveSmallIntegerField(_("avslutsår"))
    # Plain codes, not choices: a reason added to cases later must not need a migration here.
    closure_reason = models.CharField(_("avslutsorsak"), max_length=30)
    target_group_codes = models.JSONField(_("målgrupper"), default=list, blank=True)
    skr_categories = models.JSONField(
        _("SKR-kategorier"),
        default=list,
        blank=True,
        help_text=_("SKR-kategorierna för aktiviteterna i planen."),
    )
    gender = models.CharField(_("kön"), max_length=10)
    age_band = models.CharField(_("åldersgrupp vid start"), max_length=10)
    waiting_days = models.PositiveIntegerField(_("väntetid i dagar"), null=True, blank=True)
    days_in_support = models.PositiveIntegerField(_("dagar med stöd"))
    culled_on = models.DateField(_("gallrat"))

    class Meta:
        ordering = ["organisation", "closure_year", "id"]
        verbose_name = _("sammanfattning av gallrat ärende")
        verbose_name_plural = _("sammanfattningar av gallrade ärenden")
        indexes = [
            models.Index(fields=["organisation", "closure_year"], name="culled_summary_org_year")
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closure_year__gte=models.F("start_year")),
                name="culled_summary_closed_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.start_year}–{self.closure_year}"
