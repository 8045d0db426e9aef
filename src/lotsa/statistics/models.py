from django.db import models
from django.utils.translation import gettext_lazy as _

from lotsa.statistics.defaults import HORIZON_YEARS


class EvaluationAssumptions(models.Model):
    """An organisation's own figures for the socio-economic evaluation (NyttoSam).

    `costs` maps an IncomeSource value to {yearly_cost, payer, disposable_income, source}; a
    source that is missing uses Lotsa's default (statistics.defaults), which the page marks.
    """

    organisation = models.OneToOneField(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="evaluation_assumptions",
    )
    costs = models.JSONField(_("kostnad per försörjningsform"), default=dict, blank=True)
    # Unit prices (statistics.defaults.UNIT_PRICES key -> {price, source}); missing = default.
    prices = models.JSONField(
        _("priser för vård, sjukskrivning och arbete"), default=dict, blank=True
    )
    programme_cost_per_year = models.PositiveIntegerField(
        _("insatsens kostnad per deltagare och år (kr)"), null=True, blank=True
    )
    programme_cost_source = models.TextField(_("källa för insatsens kostnad"), blank=True)
    horizon_years = models.PositiveSmallIntegerField(_("tidshorisont i år"), default=HORIZON_YEARS)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("antaganden för samhällsekonomisk utvärdering")
        verbose_name_plural = _("antaganden för samhällsekonomisk utvärdering")

    def __str__(self) -> str:
        return str(self.organisation_id)


class DistrictPopulation(models.Model):
    """A district's population of working age (16–64) in one year, as imported or entered,
    with where the figure comes from: the denominator of equal access per 1 000."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    district = models.ForeignKey(
        "organisations.District",
        on_delete=models.CASCADE,
        related_name="populations",
        verbose_name=_("stadsdel"),
    )
    year = models.PositiveSmallIntegerField(_("år"))
    population = models.PositiveIntegerField(_("befolkning 16–64 år"))
    source = models.CharField(_("källa"), max_length=300)
    recorded_by = models.ForeignKey(
        "organisations.User", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("befolkning i arbetsför ålder")
        verbose_name_plural = _("befolkning i arbetsför ålder")
        constraints = [
            models.UniqueConstraint(fields=["district", "year"], name="district_population_year")
        ]

    def __str__(self) -> str:
        return f"{self.district_id} {self.year}"


class KoladaValue(models.Model):
    """A comparison municipality's value of a Kolada KPI in one year, imported from a Kolada
    export file (never fetched at run time), shown beside the organisation's own key figure."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    figure = models.CharField(_("nyckeltal"), max_length=40)  # a summary.key_figures key
    kpi = models.CharField(_("Koladas KPI-id"), max_length=12)
    municipality = models.CharField(_("kommunkod"), max_length=8)
    municipality_name = models.CharField(_("kommun"), max_length=120, blank=True)
    year = models.PositiveSmallIntegerField(_("år"))
    value = models.DecimalField(_("värde"), max_digits=14, decimal_places=2)
    recorded_by = models.ForeignKey(
        "organisations.User", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("jämförelsevärde från Kolada")
        verbose_name_plural = _("jämförelsevärden från Kolada")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kpi", "municipality", "year"],
                name="kolada_value_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kpi} {self.municipality} {self.year}"
