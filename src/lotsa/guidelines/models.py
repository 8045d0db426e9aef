from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from lotsa.guidelines.constants import Combine, CriterionKind, Fact, VersionStatus


class Guideline(models.Model):
    """A municipality's board-decided rules for a support (e.g. 'Arbetscoach')."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="guidelines"
    )
    name = models.CharField(_("namn"), max_length=200)
    reference = models.CharField(_("diarienummer"), max_length=60, blank=True)
    uses_formal_decisions = models.BooleanField(
        _("beviljas genom beslut"),
        default=False,
        help_text=_("Stödet beviljas som ett formellt beslut enligt SoL."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("riktlinje")
        verbose_name_plural = _("riktlinjer")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="guideline_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class GuidelineVersion(models.Model):
    """One version of a guideline; once published it never changes."""

    guideline = models.ForeignKey(Guideline, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=12, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    effective_from = models.DateField(_("gäller från"), null=True, blank=True)
    decided_by = models.CharField(_("beslutad av"), max_length=200, blank=True)
    follow_up_interval_months = models.PositiveSmallIntegerField(
        _("uppföljning var … månad"), default=3
    )
    priority_age_below = models.PositiveSmallIntegerField(
        _("prioritera yngre än"), null=True, blank=True
    )
    time_limit_months = models.PositiveSmallIntegerField(
        _("tidsgräns i månader"), null=True, blank=True
    )
    combine = models.CharField(
        _("hur kriterierna vägs samman"), max_length=3, choices=Combine.choices, default=Combine.ALL
    )
    standard_motivation = models.TextField(
        _("standardmotivering"),
        blank=True,
        help_text=_("Text som beslutet använder som motivering."),
    )
    rejection_information = models.TextField(
        _("information vid avslag"),
        blank=True,
        help_text=_("Det handläggaren ska informera om när ansökan avslås."),
    )
    max_months_without_special_reasons = models.PositiveSmallIntegerField(
        _("längsta tid utan särskilda skäl (månader)"),
        null=True,
        blank=True,
        help_text=_("Längre beslut kräver särskilda skäl. Tomt: samma som tidsgränsen."),
    )
    support_type = models.CharField(_("insatsens namn i beslutet"), max_length=300, blank=True)
    requires_consultation = models.BooleanField(
        _("kräver samråd med arbetscoach eller arbetsspecialist"), default=False
    )
    consultation_with = models.CharField(
        _("samråd med"),
        max_length=200,
        blank=True,
        help_text=_("Till exempel ”arbetsspecialist på Jobbtorg”."),
    )
    continuation_requires_consultation = models.BooleanField(
        _("fortsatt insats kräver ny bedömning efter samråd"), default=False
    )
    inform_right_to_reapply = models.BooleanField(
        _("informera om rätten att ansöka på nytt vid avslag"), default=False
    )
    inform_insteg = models.BooleanField(_("informera om Insteg vid avslag"), default=False)
    inform_daily_activity = models.BooleanField(
        _("informera om daglig verksamhet vid avslag"), default=False
    )
    grant_text = models.TextField(
        _("text vid bifall"),
        blank=True,
        help_text=_("Text som beslutsbrevet använder när insatsen beviljas."),
    )
    rejection_text = models.TextField(
        _("motivering vid avslag enligt 4 kap. 2 § SoL"),
        blank=True,
        help_text=_("Text som beslutsbrevet använder när kriterierna inte är uppfyllda."),
    )
    published_at = models.DateTimeField(_("publicerad"), null=True, blank=True)

    class Meta:
        ordering = ["guideline", "-number"]
        verbose_name = _("riktlinjeversion")
        verbose_name_plural = _("riktlinjeversioner")
        constraints = [
            models.UniqueConstraint(
                fields=["guideline", "number"], name="guideline_version_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(effective_from__isnull=False),
                name="published_version_has_effective_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.guideline} v{self.number}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None and (
            GuidelineVersion.objects.filter(pk=self.pk, status=VersionStatus.PUBLISHED).exists()
        ):
            raise ValidationError(_("En publicerad riktlinjeversion kan inte ändras."))
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def is_published(self) -> bool:
        return self.status == VersionStatus.PUBLISHED

    @property
    def longest_months(self) -> int | None:
        """The longest period a decision may run without special reasons (None: no limit)."""
        if self.max_months_without_special_reasons is not None:
            return self.max_months_without_special_reasons
        return self.time_limit_months

    @property
    def period_is_fixed(self) -> bool:
        """A period that ends in a new assessment (Insteg: "en instegsperiod om fyra månader")
        is fixed: at most `longest_months`, and no special reason stretches it; continuing is a
        new application."""
        return self.continuation_requires_consultation and self.longest_months is not None

    @property
    def required_information(self) -> list[tuple[str, str]]:
        """(code, text) of what the officer must tell a person whose application is rejected."""
        items = []
        if self.inform_right_to_reapply:
            items.append(("reapply", str(_("Rätten att ansöka på nytt vid ett senare tillfälle."))))
        if self.inform_insteg:
            items.append(
                (
                    "insteg",
                    str(
                        _(
                            "Möjligheten att ansöka om särskilt individanpassat stöd till "
                            "arbete eller studier, Insteg."
                        )
                    ),
                )
            )
        if self.inform_daily_activity:
            items.append(
                (
                    "daily_activity",
                    str(
                        _(
                            "Möjligheten att ansöka om daglig verksamhet enligt LSS, om "
                            "personen inte redan har den."
                        )
                    ),
                )
            )
        return items


class FrozenIfPublished(models.Model):
    """Rows that belong to a version may only change while the version is a draft."""

    class Meta:
        abstract = True

    def save(self, *args: object, **kwargs: object) -> None:
        self._refuse_if_published()
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        self._refuse_if_published()
        return super().delete(*args, **kwargs)  # type: ignore[arg-type]

    def _refuse_if_published(self) -> None:
        version_id = self.version_id  # type: ignore[attr-defined]
        if GuidelineVersion.objects.filter(pk=version_id, status=VersionStatus.PUBLISHED).exists():
            raise ValidationError(_("En publicerad riktlinjeversion kan inte ändras."))


class TargetGroup(FrozenIfPublished):
    version = models.ForeignKey(
        GuidelineVersion, on_delete=models.CASCADE, related_name="target_groups"
    )
    code = models.SlugField(_("kod"), max_length=60)
    name = models.CharField(_("namn"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    requires_stability = models.BooleanField(_("kräver dokumenterad stabilitet"), default=False)
    is_optional = models.BooleanField(_("valfri målgrupp"), default=False)
    # "Målgruppen kan vid utrymme och efterfrågan inkludera …" (seed 001): such a group never
    # makes a person plainly eligible; the receiving unit assesses room and demand.
    is_conditional = models.BooleanField(
        _("ingår bara vid utrymme och efterfrågan"),
        default=False,
        help_text=_(
            "Enheten bedömer om det finns utrymme och efterfrågan innan personen tas emot."
        ),
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["version", "position", "id"]
        verbose_name = _("målgrupp")
        verbose_name_plural = _("målgrupper")
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="target_group_unique_code")
        ]

    def __str__(self) -> str:
        return self.name


class Criterion(FrozenIfPublished):
    """One condition of a guideline version, evaluated by guidelines.evaluation."""

    version = models.ForeignKey(GuidelineVersion, on_delete=models.CASCADE, related_name="criteria")
    code = models.SlugField(_("kod"), max_length=60)
    label = models.CharField(_("kriterium"), max_length=300)
    kind = models.CharField(_("typ"), max_length=30, choices=CriterionKind.choices)
    fact = models.CharField(_("uppgift"), max_length=40, choices=Fact.choices, blank=True)
    params = models.JSONField(_("parametrar"), default=dict, blank=True)
    help_text = models.TextField(_("vägledning"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["version", "position", "id"]
        verbose_name = _("kriterium")
        verbose_name_plural = _("kriterier")
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="criterion_unique_code"),
            models.CheckConstraint(
                condition=~models.Q(kind="fact") | ~models.Q(fact=""),
                name="fact_criterion_names_fact",
            ),
        ]

    def __str__(self) -> str:
        return self.label
