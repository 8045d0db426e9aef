from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lotsa.organisations.models import Organisation, Unit
from lotsa.work.constants import (
    ActivityKind,
    AgreementKind,
    AttendanceReportStatus,
    AttendanceStatus,
    ContactKind,
    DayReview,
    PlacementKind,
    PlacementStatus,
    Sector,
    SubsidyType,
)


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


class Placement(models.Model):
    """A participant's praktik, arbetsträning, arbetsprövning or employment.

    It is an activity in the participant's plan: `activity` is the plan item the services keep
    in step (dates, extent, status and the SKR category derived from kind and subsidy).
    Exactly one of employer and arena is set.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="placements"
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="placements", verbose_name=_("ärende")
    )
    activity = models.OneToOneField(
        "cases.Activity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="placement",
        verbose_name=_("aktivitet i planen"),
    )
    kind = models.CharField(_("typ av placering"), max_length=20, choices=PlacementKind.choices)
    subsidy_type = models.CharField(
        _("typ av stöd"), max_length=20, choices=SubsidyType.choices, blank=True
    )
    employer = models.ForeignKey(
        Employer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="placements",
        verbose_name=_("arbetsgivare"),
    )
    arena = models.ForeignKey(
        TrainingArena,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="placements",
        verbose_name=_("träningsarena"),
    )
    supervisor = models.CharField(_("handledare"), max_length=200, blank=True)
    starts_on = models.DateField(_("startdatum"))
    ends_on = models.DateField(_("slutdatum"), null=True, blank=True)
    hours_per_week = models.DecimalField(_("timmar i veckan"), max_digits=4, decimal_places=1)
    tasks = models.TextField(_("arbetsuppgifter"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=PlacementStatus.choices, default=PlacementStatus.PLANNED
    )
    monthly_salary_cost = models.DecimalField(
        _("lönekostnad per månad"), max_digits=9, decimal_places=0, null=True, blank=True
    )
    grant_rate = models.DecimalField(
        _("bidragsnivå (procent)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    # A booking past the arena's places: the manager who allowed it and why (audited too).
    capacity_override_reason = models.TextField(_("skäl att boka över platserna"), blank=True)
    capacity_override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bokat över platserna av"),
    )
    version = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("placering")
        verbose_name_plural = _("placeringar")
        indexes = [
            models.Index(fields=["organisation", "kind", "starts_on"], name="placement_org_kind"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(employer__isnull=True) & models.Q(arena__isnull=False))
                | (models.Q(employer__isnull=False) & models.Q(arena__isnull=True)),
                name="placement_employer_xor_arena",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="placement_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(grant_rate__isnull=True)
                | models.Q(grant_rate__gte=0, grant_rate__lte=100),
                name="placement_grant_rate_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} – {self.workplace}"

    def get_absolute_url(self) -> str:
        return reverse("work:placement_detail", args=[self.pk])

    @property
    def title(self) -> str:
        if self.kind == PlacementKind.EMPLOYMENT and self.subsidy_type not in ("", "none"):
            return f"{self.get_kind_display()} ({self.get_subsidy_type_display()})"
        return str(self.get_kind_display())

    @property
    def workplace(self) -> "Employer | TrainingArena | None":
        return self.employer or self.arena


class Attendance(models.Model):
    """One day's attendance at a placement."""

    placement = models.ForeignKey(
        Placement, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("placering")
    )
    day = models.DateField(_("dag"))
    status = models.CharField(_("närvaro"), max_length=12, choices=AttendanceStatus.choices)
    note = models.CharField(_("kommentar"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["day"]
        verbose_name = _("närvaro")
        verbose_name_plural = _("närvaro")
        constraints = [
            models.UniqueConstraint(fields=["placement", "day"], name="attendance_one_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.get_status_display()}"


class JobProfile(models.Model):
    """What work a participant wants and on what conditions, for matching."""

    participant = models.OneToOneField(
        "people.Participant", on_delete=models.CASCADE, related_name="job_profile"
    )
    interests = models.TextField(
        _("yrkesintressen"),
        blank=True,
        help_text=_("Branscher eller arbetsuppgifter, en per rad, till exempel Bygg eller Café."),
    )
    hours_per_week = models.PositiveSmallIntegerField(
        _("önskade timmar i veckan"), null=True, blank=True
    )
    travel_areas = models.TextField(
        _("orter deltagaren kan ta sig till"), blank=True, help_text=_("En ort per rad.")
    )
    adaptations = models.TextField(_("anpassningar som behövs"), blank=True)
    version = models.PositiveIntegerField(default=0, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("yrkesintressen och förutsättningar")
        verbose_name_plural = _("yrkesintressen och förutsättningar")

    def __str__(self) -> str:
        return str(self.participant)

    @staticmethod
    def lines(text: str) -> list[str]:
        return [line.strip() for line in text.splitlines() if line.strip()]

    @property
    def interest_list(self) -> list[str]:
        return self.lines(self.interests)

    @property
    def travel_list(self) -> list[str]:
        return self.lines(self.travel_areas)


class AttendanceReport(models.Model):
    """A participant's attendance in one calendar month: drafted by the coach, confirmed by the
    participant, signed by the coach, optionally shared with the referring officer."""

    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.CASCADE,
        related_name="attendance_reports",
        verbose_name=_("ärende"),
    )
    month = models.DateField(_("månad"), help_text=_("Månadens första dag."))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=AttendanceReportStatus.choices,
        default=AttendanceReportStatus.DRAFT,
    )
    confirmed_at = models.DateTimeField(_("bekräftad av deltagaren"), null=True, blank=True)
    participant_comment = models.TextField(_("deltagarens kommentar"), blank=True)
    commented_at = models.DateTimeField(_("kommentar skriven"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signerad av"),
    )
    signed_at = models.DateTimeField(_("signerad"), null=True, blank=True)
    shared_at = models.DateTimeField(_("skickad till handläggaren"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("skapad av"),
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["case", "-month"]
        verbose_name = _("närvarorapport")
        verbose_name_plural = _("närvarorapporter")
        constraints = [
            models.UniqueConstraint(fields=["case", "month"], name="attendance_report_one_a_month"),
            models.CheckConstraint(
                condition=models.Q(month__day=1), name="attendance_report_month_first_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.get_status_display()}"

    def get_absolute_url(self) -> str:
        return reverse("work:attendance_report", args=[self.pk])


class AttendanceReportDay(models.Model):
    """One activity on one day of a report: hours attended, or the coach's review of why there
    are none ("ej registrerat" until reviewed)."""

    report = models.ForeignKey(
        AttendanceReport,
        on_delete=models.CASCADE,
        related_name="days",
        verbose_name=_("närvarorapport"),
    )
    # A plan activity removed later leaves the month as it was reported (the name stays).
    activity = models.ForeignKey(
        "cases.Activity",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("aktivitet"),
    )
    activity_name = models.CharField(_("aktivitetens namn"), max_length=200)
    day = models.DateField(_("dag"))
    kind = models.CharField(_("slag av aktivitet"), max_length=12, choices=ActivityKind.choices)
    hours = models.DecimalField(_("timmar"), max_digits=3, decimal_places=1, null=True, blank=True)
    review = models.CharField(_("granskning"), max_length=10, choices=DayReview.choices, blank=True)
    note = models.CharField(_("kommentar"), max_length=300, blank=True)
    from_registration = models.BooleanField(_("från registrerad närvaro"), default=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("granskad av"),
    )

    class Meta:
        ordering = ["day", "activity_id"]
        verbose_name = _("dag i närvarorapport")
        verbose_name_plural = _("dagar i närvarorapport")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "activity", "day"], name="attendance_report_day_once"
            ),
            models.CheckConstraint(
                condition=models.Q(hours__isnull=True) | models.Q(hours__gte=0, hours__lte=24),
                name="attendance_report_day_hours_in_a_day",
            ),
            models.CheckConstraint(
                condition=models.Q(hours__isnull=True) | models.Q(review=""),
                name="attendance_report_day_hours_or_review",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.get_kind_display()}"

    @property
    def is_unreviewed(self) -> bool:
        """No hours and no review yet: shown as "ej registrerat"."""
        return self.hours is None and not self.review
