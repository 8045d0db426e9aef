"""Mappings (kartläggning), step-scale instruments and assessments, and phases of a method."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lotsa.assessments.constants import (
    Answer,
    Education,
    Health,
    Housing,
    IncomeSource,
    MappingOccasion,
    SickCertificate,
    TimeWithoutWork,
    WorkHistory,
)

SCALE_MIN = 1
SCALE_MAX = 10


class Mapping(models.Model):
    """A dated description of the person's situation; a case keeps every one it had."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="mappings")
    mapped_on = models.DateField(_("datum för kartläggningen"))
    occasion = models.CharField(_("tillfälle"), max_length=12, choices=MappingOccasion.choices)
    work_history = models.CharField(
        _("arbetslivserfarenhet"), max_length=20, choices=WorkHistory.choices
    )
    time_without_work = models.CharField(
        _("tid utan arbete före start"),
        max_length=12,
        choices=TimeWithoutWork.choices,
        blank=True,  # "": not asked (mappings from before the question)
        default="",
    )
    registered_at_employment_service = models.CharField(
        _("inskriven hos Arbetsförmedlingen"), max_length=8, choices=Answer.choices
    )
    has_unemployment_insurance = models.CharField(
        _("ersättning från a-kassa"), max_length=8, choices=Answer.choices
    )
    obstacles = models.JSONField(_("arbetshinder"), default=list)
    education = models.CharField(_("utbildning"), max_length=24, choices=Education.choices)
    health = models.CharField(_("hälsa"), max_length=20, choices=Health.choices)
    sick_certificate = models.CharField(
        _("sjukintyg"), max_length=10, choices=SickCertificate.choices
    )
    main_income_source = models.CharField(
        _("huvudsaklig försörjning"), max_length=24, choices=IncomeSource.choices
    )
    # Care use over the 12 months before the mapping, as the person tells it; empty = "Okänt".
    # The socio-economic evaluation prices them for Regionen (statistics.evaluation).
    psychiatric_contacts = models.PositiveSmallIntegerField(
        _("kontakter med psykiatrisk öppenvård senaste 12 månaderna"), null=True, blank=True
    )
    inpatient_days = models.PositiveSmallIntegerField(
        _("vårddygn i slutenvård senaste 12 månaderna"), null=True, blank=True
    )
    housing = models.CharField(_("boende"), max_length=20, choices=Housing.choices)
    children_at_home = models.CharField(
        _("hemmavarande barn"), max_length=8, choices=Answer.choices
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "mapped_on", "id"]
        verbose_name = _("kartläggning")
        verbose_name_plural = _("kartläggningar")
        indexes = [models.Index(fields=["case", "mapped_on"], name="mapping_case_date")]

    def __str__(self) -> str:
        return f"Kartläggning {self.mapped_on:%Y-%m-%d}"


class Instrument(models.Model):
    """A step scale of one organisation: areas with modules scored 1–10.

    Once an assessment uses it, it is frozen; changes go into a new version (a copy), so old
    assessments keep the step texts they were scored against.
    """

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="instruments"
    )
    name = models.CharField(_("namn"), max_length=200)
    version_number = models.PositiveSmallIntegerField(_("version"), default=1)
    description = models.TextField(_("beskrivning"), blank=True)
    is_active = models.BooleanField(
        _("används för nya skattningar"),
        default=True,
        help_text=_("Äldre versioner finns kvar för de skattningar som gjorts med dem."),
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "-version_number"]
        verbose_name = _("skattningsinstrument")
        verbose_name_plural = _("skattningsinstrument")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name", "version_number"], name="instrument_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} (version {self.version_number})"

    def get_absolute_url(self) -> str:
        return reverse("assessments:instrument_detail", args=[self.pk])


class Area(models.Model):
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="areas")
    name = models.CharField(_("område"), max_length=120)
    description = models.CharField(_("beskrivning"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["instrument", "position", "id"]
        verbose_name = _("område")
        verbose_name_plural = _("områden")
        constraints = [
            models.UniqueConstraint(fields=["instrument", "name"], name="area_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Module(models.Model):
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="modules")
    name = models.CharField(_("modul"), max_length=120)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["area", "position", "id"]
        verbose_name = _("modul")
        verbose_name_plural = _("moduler")
        constraints = [models.UniqueConstraint(fields=["area", "name"], name="module_unique_name")]

    def __str__(self) -> str:
        return self.name


class Step(models.Model):
    """What one step of a module means, in words the participant recognises."""

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="steps")
    number = models.PositiveSmallIntegerField(_("steg"))
    description = models.CharField(_("beskrivning"), max_length=300)

    class Meta:
        ordering = ["module", "number"]
        verbose_name = _("steg")
        verbose_name_plural = _("steg")
        constraints = [
            models.UniqueConstraint(fields=["module", "number"], name="step_unique_number"),
            models.CheckConstraint(
                condition=models.Q(number__gte=SCALE_MIN, number__lte=SCALE_MAX),
                name="step_number_on_scale",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}: {self.description}"


class Assessment(models.Model):
    """One occasion when the participant and coach scored modules of an instrument."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="assessments")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="assessments")
    assessed_on = models.DateField(_("datum för skattningen"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "assessed_on", "id"]
        verbose_name = _("skattning")
        verbose_name_plural = _("skattningar")
        indexes = [models.Index(fields=["case", "assessed_on"], name="assessment_case_date")]

    def __str__(self) -> str:
        return f"Skattning {self.assessed_on:%Y-%m-%d}"


class Score(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    module = models.ForeignKey(Module, on_delete=models.PROTECT, related_name="scores")
    value = models.PositiveSmallIntegerField(_("steg"))

    class Meta:
        ordering = ["assessment", "module"]
        verbose_name = _("poäng")
        verbose_name_plural = _("poäng")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "module"], name="score_unique_module"),
            models.CheckConstraint(
                condition=models.Q(value__gte=SCALE_MIN, value__lte=SCALE_MAX),
                name="score_on_scale",
            ),
        ]

    def __str__(self) -> str:
        return str(self.value)


class Method(models.Model):
    """A working method whose phases a case moves through (Supported Employment, IPS …)."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="methods"
    )
    name = models.CharField(_("namn"), max_length=120)
    description = models.TextField(_("beskrivning"), blank=True)
    is_active = models.BooleanField(_("används"), default=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("arbetsmetod")
        verbose_name_plural = _("arbetsmetoder")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="method_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Phase(models.Model):
    method = models.ForeignKey(Method, on_delete=models.CASCADE, related_name="phases")
    name = models.CharField(_("fas"), max_length=120)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["method", "position", "id"]
        verbose_name = _("fas")
        verbose_name_plural = _("faser")
        constraints = [models.UniqueConstraint(fields=["method", "name"], name="phase_unique_name")]

    def __str__(self) -> str:
        return self.name


class CasePhase(models.Model):
    """A period a case spent in one phase; the open one (no end) is the current phase."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="phases")
    phase = models.ForeignKey(Phase, on_delete=models.PROTECT, related_name="case_phases")
    started_on = models.DateField(_("från"))
    ended_on = models.DateField(_("till"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["case", "started_on", "id"]
        verbose_name = _("fas i ärendet")
        verbose_name_plural = _("faser i ärendet")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="case_phase_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(ended_on__isnull=True),
                name="case_phase_one_current",
            ),
        ]

    def __str__(self) -> str:
        return str(self.phase)


class FidelityScale(models.Model):
    """A fidelity scale: how closely a unit works to a method (the 25-item IPS scale …).

    Shipped as data (`data/*_fidelity.json`, installed by a migration) and never edited: a
    revised scale is a new row, so every review keeps the items it was scored on.
    """

    key = models.SlugField(_("kod"), max_length=60, unique=True)
    name = models.CharField(_("namn"), max_length=200)
    method = models.CharField(_("metod"), max_length=120)
    edition = models.CharField(_("utgåva"), max_length=120)
    source = models.CharField(_("källa"), max_length=300)
    description = models.TextField(_("beskrivning"), blank=True)
    item_min = models.PositiveSmallIntegerField(_("lägsta poäng per punkt"))
    item_max = models.PositiveSmallIntegerField(_("högsta poäng per punkt"))
    is_active = models.BooleanField(_("används för nya granskningar"), default=True)

    class Meta:
        ordering = ["name", "edition"]
        verbose_name = _("skala för metodtrohet")
        verbose_name_plural = _("skalor för metodtrohet")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(item_min__lt=models.F("item_max")),
                name="fidelity_scale_item_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.edition})"


class FidelityItem(models.Model):
    scale = models.ForeignKey(FidelityScale, on_delete=models.PROTECT, related_name="items")
    number = models.PositiveSmallIntegerField(_("nummer"))
    section = models.CharField(_("del"), max_length=120)
    name = models.CharField(_("punkt"), max_length=200)
    original_name = models.CharField(_("namn i originalet"), max_length=200)
    description = models.TextField(_("vad som granskas"))

    class Meta:
        ordering = ["scale", "number"]
        verbose_name = _("punkt i skalan")
        verbose_name_plural = _("punkter i skalan")
        constraints = [
            models.UniqueConstraint(fields=["scale", "number"], name="fidelity_item_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class FidelityBand(models.Model):
    """A range of totals and what it is called (115–125: exemplary fidelity …)."""

    scale = models.ForeignKey(FidelityScale, on_delete=models.PROTECT, related_name="bands")
    lowest = models.PositiveSmallIntegerField(_("från"))
    highest = models.PositiveSmallIntegerField(_("till"))
    name = models.CharField(_("nivå"), max_length=120)

    class Meta:
        ordering = ["scale", "-lowest"]
        verbose_name = _("nivå av metodtrohet")
        verbose_name_plural = _("nivåer av metodtrohet")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(lowest__lte=models.F("highest")), name="fidelity_band_range"
            )
        ]

    def __str__(self) -> str:
        return f"{self.lowest}–{self.highest}: {self.name}"


class FidelityReview(models.Model):
    """One fidelity review of a unit on one scale: every item scored, on one date."""

    unit = models.ForeignKey(
        "organisations.Unit", on_delete=models.PROTECT, related_name="fidelity_reviews"
    )
    scale = models.ForeignKey(FidelityScale, on_delete=models.PROTECT, related_name="reviews")
    reviewed_on = models.DateField(_("datum för granskningen"))
    reviewers = models.CharField(_("granskare"), max_length=300, blank=True)
    note = models.TextField(_("kommentar"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["unit", "-reviewed_on", "-id"]
        verbose_name = _("granskning av metodtrohet")
        verbose_name_plural = _("granskningar av metodtrohet")
        indexes = [models.Index(fields=["unit", "reviewed_on"], name="fidelity_review_unit_date")]

    def __str__(self) -> str:
        return f"{self.scale.name} {self.reviewed_on:%Y-%m-%d}"


class FidelityScore(models.Model):
    review = models.ForeignKey(FidelityReview, on_delete=models.CASCADE, related_name="scores")
    item = models.ForeignKey(FidelityItem, on_delete=models.PROTECT, related_name="scores")
    score = models.PositiveSmallIntegerField(_("poäng"))

    class Meta:
        ordering = ["review", "item__number"]
        verbose_name = _("poäng för punkt")
        verbose_name_plural = _("poäng för punkter")
        constraints = [
            models.UniqueConstraint(fields=["review", "item"], name="fidelity_score_unique_item")
        ]

    def __str__(self) -> str:
        return str(self.score)
