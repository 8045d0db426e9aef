from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotsa.cases.constants import (
    ActivityArea,
    ActivityStatus,
    Agreement,
    ApplicationStatus,
    CaseStatus,
    ClosureReason,
    ExtentUnit,
    GoalKind,
    OwnActivityKind,
    PlanSide,
    ResponsibleParty,
    SkrCategory,
    StudyForm,
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
    # What the national reports need to know about a closure to work or studies
    # (cases/closure_details.py): asked on the closing form, empty for other reasons.
    closure_employment_start = models.DateField(_("anställningen började"), null=True, blank=True)
    closure_municipal_employment = models.BooleanField(
        _("kommunal arbetsmarknadsanställning"), null=True, blank=True
    )
    closure_study_form = models.CharField(
        _("studieform"), max_length=20, choices=StudyForm.choices, blank=True
    )
    closure_csn_eligible = models.BooleanField(
        _("ger rätt till studiemedel"), null=True, blank=True
    )
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
    author_side = models.CharField(
        _("ändrad av (part)"),
        max_length=12,
        choices=PlanSide.choices,
        default=PlanSide.COACH,
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

    @property
    def author_label(self) -> str:
        """Who made the change as the plan's readers name them: the participant's sign-in user
        has no name of its own (a protected person's name is kept on the participant alone)."""
        if self.author_side == PlanSide.PARTICIPANT:
            return str(PlanSide.PARTICIPANT.label)
        return str(self.author)


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


class OwnActivity(models.Model):
    """An activity the participant added to their plan on Mina sidor: a job they apply for or
    something they do themselves. It is a proposal until the coach agrees to it or declines it
    with a reason; it is not a municipal measure, so it carries no SKR category."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="own_activities")
    kind = models.CharField(_("typ"), max_length=20, choices=OwnActivityKind.choices)
    title = models.CharField(_("vad"), max_length=200)
    employer = models.CharField(_("arbetsgivare"), max_length=200, blank=True)
    applied_on = models.DateField(_("ansökt"), null=True, blank=True)
    application_status = models.CharField(
        _("hur det går"), max_length=15, choices=ApplicationStatus.choices, blank=True
    )
    description = models.TextField(_("beskrivning"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    agreement = models.CharField(
        _("överenskommelse"),
        max_length=10,
        choices=Agreement.choices,
        default=Agreement.PROPOSED,
    )
    decision_reason = models.TextField(_("skäl"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bedömt av"),
    )
    decided_at = models.DateTimeField(_("bedömt"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("tillagd av"),
    )
    created_at = models.DateTimeField(_("tillagd"), auto_now_add=True)

    class Meta:
        ordering = ["case", "-created_at", "-id"]
        verbose_name = _("egen aktivitet")
        verbose_name_plural = _("egna aktiviteter")
        indexes = [models.Index(fields=["case", "agreement"], name="own_activity_agreement")]

    def __str__(self) -> str:
        if self.employer:
            return f"{self.title}, {self.employer}"
        return self.title


class StepComment(models.Model):
    """A comment on one step of the plan (an activity or an own activity), by either side."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="step_comments")
    activity = models.ForeignKey(
        Activity,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("aktivitet"),
    )
    own_activity = models.ForeignKey(
        OwnActivity,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("egen aktivitet"),
    )
    side = models.CharField(_("skriven av (part)"), max_length=12, choices=PlanSide.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("skriven av"),
    )
    text = models.TextField(_("kommentar"))
    created_at = models.DateTimeField(_("skriven"), auto_now_add=True)

    class Meta:
        ordering = ["case", "created_at", "id"]
        verbose_name = _("kommentar till steg")
        verbose_name_plural = _("kommentarer till steg")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(activity__isnull=False, own_activity__isnull=True)
                | models.Q(activity__isnull=True, own_activity__isnull=False),
                name="step_comment_one_step",
            )
        ]

    def __str__(self) -> str:
        return self.text[:60]


class PlanReading(models.Model):
    """The newest plan version one side has read: the read receipt the other side sees."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="plan_readings")
    side = models.CharField(_("part"), max_length=12, choices=PlanSide.choices)
    plan_version = models.PositiveIntegerField(_("läst version"))
    read_at = models.DateTimeField(_("läst"))

    class Meta:
        verbose_name = _("läskvitto för planen")
        verbose_name_plural = _("läskvitton för planen")
        constraints = [
            models.UniqueConstraint(fields=["case", "side"], name="plan_reading_one_per_side")
        ]

    def __str__(self) -> str:
        return f"{self.get_side_display()} v{self.plan_version}"


class CoachHandover(models.Model):
    """A case moved from one coach to another (a coach leaves or is ill), with the note the
    new coach reads; the participant sees on Mina sidor who their coach is now, and since when."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="handovers")
    previous_coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("tidigare arbetscoach"),
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("ny arbetscoach"),
    )
    note = models.TextField(_("överlämningsanteckning"))
    handed_over_on = models.DateField(_("överlämnat"))
    handed_over_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("överlämnat av"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "-created_at", "-id"]
        verbose_name = _("överlämning")
        verbose_name_plural = _("överlämningar")
        indexes = [models.Index(fields=["case", "-created_at"], name="handover_case_latest")]

    def __str__(self) -> str:
        return f"Överlämning {self.handed_over_on}"


class SavedCaseFilter(models.Model):
    """A person's own named view of a case list: the list's address, without the page number."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_case_filters"
    )
    list_name = models.CharField(_("lista"), max_length=20)
    name = models.CharField(_("namn"), max_length=60)
    query = models.CharField(_("urval"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user", "list_name", "name"]
        verbose_name = _("sparat urval")
        verbose_name_plural = _("sparade urval")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "list_name", "name"], name="saved_case_filter_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name
