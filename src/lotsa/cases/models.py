from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotsa.cases.constants import (
    ActivityArea,
    ActivityStatus,
    CaseStatus,
    ClosureReason,
    ExtentUnit,
    GoalKind,
    ResponsibleParty,
    SkrCategory,
)


class Case(models.Model):
    """One person's support from intake to closure, owned by one coach."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="cases"
    )
    participant = models.ForeignKey(
        "people.Participant",
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("deltagare"),
    )
    referral = models.OneToOneField(
        "referrals.Referral",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="case",
        verbose_name=_("remiss"),
    )
    unit = models.ForeignKey(
        "organisations.Unit",
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("enhet"),
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("arbetscoach"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.ACTIVE
    )
    start_date = models.DateField(_("startdatum"))
    waiting_days = models.PositiveIntegerField(
        _("väntetid i dagar"),
        null=True,
        blank=True,
        help_text=_("Dagar från remiss till start."),
    )
    follow_up_interval_months = models.PositiveSmallIntegerField(
        _("uppföljning var … månad"), default=3
    )
    next_follow_up_on = models.DateField(_("nästa uppföljning"), null=True, blank=True)
    last_contact_on = models.DateField(_("senaste kontakt"), null=True, blank=True)
    plan_version = models.PositiveIntegerField(_("planversion"), default=0)
    closed_on = models.DateField(_("avslutat"), null=True, blank=True)
    closure_reason = models.CharField(
        _("avslutsorsak"), max_length=30, choices=ClosureReason.choices, blank=True
    )
    closure_note = models.TextField(_("kommentar till avslut"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = _("ärende")
        verbose_name_plural = _("ärenden")
        indexes = [
            models.Index(fields=["coach", "status", "next_follow_up_on"], name="case_my_cases"),
            models.Index(fields=["unit", "status"], name="case_unit_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="closed")
                | (models.Q(closed_on__isnull=False) & ~models.Q(closure_reason="")),
                name="closed_case_has_date_and_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True)
                | models.Q(closed_on__gte=models.F("start_date")),
                name="case_closed_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"Ärende {self.pk}"

    @property
    def is_closed(self) -> bool:
        return self.status == CaseStatus.CLOSED


class ActivityType(models.Model):
    """An organisation's catalogue of plan activities, each with its SKR category."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="activity_types"
    )
    name = models.CharField(_("namn"), max_length=200)
    skr_category = models.PositiveSmallIntegerField(_("SKR-kategori"), choices=SkrCategory.choices)
    area = models.CharField(_("område"), max_length=12, choices=ActivityArea.choices)
    default_responsible = models.CharField(
        _("ansvarig som standard"),
        max_length=30,
        choices=ResponsibleParty.choices,
        default=ResponsibleParty.COACH,
    )
    is_active = models.BooleanField(_("aktiv"), default=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("aktivitetstyp")
        verbose_name_plural = _("aktivitetstyper")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="activity_type_unique"),
            models.CheckConstraint(
                condition=models.Q(skr_category__gte=1, skr_category__lte=12),
                name="activity_type_skr_category_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Goal(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="goals")
    kind = models.CharField(_("mål"), max_length=20, choices=GoalKind.choices)
    description = models.TextField(_("beskrivning"))
    target_date = models.DateField(_("måldatum"), null=True, blank=True)
    is_achieved = models.BooleanField(_("uppnått"), default=False)

    class Meta:
        ordering = ["case", "id"]
        verbose_name = _("mål")
        verbose_name_plural = _("mål")

    def __str__(self) -> str:
        return self.description[:60]


class Activity(models.Model):
    """One item of the plan: what happens, who is responsible, when and how much."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="activities")
    activity_type = models.ForeignKey(
        ActivityType,
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("aktivitet"),
    )
    skr_category = models.PositiveSmallIntegerField(_("SKR-kategori"), choices=SkrCategory.choices)
    description = models.TextField(_("beskrivning"), blank=True)
    responsible = models.CharField(_("ansvarig"), max_length=30, choices=ResponsibleParty.choices)
    starts_on = models.DateField(_("startdatum"))
    ends_on = models.DateField(_("slutdatum"), null=True, blank=True)
    extent = models.DecimalField(
        _("omfattning"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    extent_unit = models.CharField(
        _("enhet för omfattning"),
        max_length=10,
        choices=ExtentUnit.choices,
        default=ExtentUnit.HOURS_PER_WEEK,
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    handed_over_to = models.CharField(
        _("överlämnad till"),
        max_length=30,
        choices=ResponsibleParty.choices,
        blank=True,
        help_text=_("Vem som tog över aktiviteten när ärendet avslutades."),
    )

    class Meta:
        ordering = ["case", "starts_on", "id"]
        verbose_name = _("aktivitet")
        verbose_name_plural = _("aktiviteter")
        indexes = [models.Index(fields=["case", "status"], name="activity_case_status")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="activity_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(skr_category__gte=1, skr_category__lte=12),
                name="activity_skr_category_range",
            ),
            models.CheckConstraint(
                condition=models.Q(extent__isnull=True)
                | models.Q(extent__gte=0, extent__lte=60, extent_unit="hours")
                | models.Q(extent__gte=0, extent__lte=100, extent_unit="percent"),
                name="activity_extent_in_range",
            ),
        ]

    def __str__(self) -> str:
        return str(self.activity_type)


class PlanVersion(models.Model):
    """A snapshot of the plan after each change: who changed what, and when."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="plan_versions")
    number = models.PositiveIntegerField(_("version"))
    created_at = models.DateTimeField(_("tidpunkt"), auto_now_add=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("ändrad av"),
    )
    summary = models.CharField(_("ändring"), max_length=300)
    comment = models.TextField(
        _("kommentar"), blank=True, help_text=_("Varför planen ändrades, t.ex. vid uppföljning.")
    )
    snapshot = models.JSONField(_("planen"), default=dict)

    class Meta:
        ordering = ["case", "-number"]
        verbose_name = _("planversion")
        verbose_name_plural = _("planversioner")
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="plan_version_unique")
        ]

    def __str__(self) -> str:
        return f"Plan v{self.number}"


class FollowUp(models.Model):
    """A scheduled review of the plan; done when recorded with a note."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="follow_ups")
    due_on = models.DateField(_("planerad"))
    done_on = models.DateField(_("genomförd"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.OneToOneField(
        "journal.Note", on_delete=models.PROTECT, null=True, blank=True, related_name="follow_up"
    )

    class Meta:
        ordering = ["case", "due_on"]
        verbose_name = _("uppföljning")
        verbose_name_plural = _("uppföljningar")

    def __str__(self) -> str:
        return f"Uppföljning {self.due_on}"


class CaseReopening(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reopenings")
    reopened_at = models.DateTimeField(auto_now_add=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("skäl"))
    previous_closed_on = models.DateField()
    previous_closure_reason = models.CharField(max_length=30, choices=ClosureReason.choices)

    class Meta:
        ordering = ["case", "-reopened_at"]
        verbose_name = _("återöppning")
        verbose_name_plural = _("återöppningar")

    def __str__(self) -> str:
        return f"Återöppnat {timezone.localtime(self.reopened_at):%Y-%m-%d}"
