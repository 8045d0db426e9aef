"""Applications, their investigation, formal decisions, parallel supports and sent reminders.

A decision copies what it used (criteria outcomes, texts) and names the guideline version, so a
letter can be printed again years later exactly as it was decided.
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lotsa.decisions.constants import (
    ApplicationStatus,
    DecisionKind,
    DecisionOutcome,
    Delegate,
    LegalBasis,
    SpecialReason,
    SupportKind,
)


class Application(models.Model):
    """A person's application for a support granted by formal decision, and its investigation."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="applications"
    )
    participant = models.ForeignKey(
        "people.Participant",
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("person"),
    )
    # The referrer who handles the application (a referrer-role user; "handläggare").
    referrer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="applications_handled",
        verbose_name=_("handläggare"),
    )
    unit = models.ForeignKey(
        "organisations.Unit",
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("handläggarens enhet"),
    )
    guideline_version = models.ForeignKey(
        "guidelines.GuidelineVersion",
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("riktlinje"),
    )
    target_groups = models.ManyToManyField(
        "guidelines.TargetGroup", related_name="applications", verbose_name=_("målgrupper")
    )
    received_on = models.DateField(_("ansökan inkom"))
    continues = models.ForeignKey(
        "decisions.Decision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="continuations",
        verbose_name=_("fortsättning på beslut"),
    )
    # {criterion code: {"answer": yes|no|unclear, "comment": str}} for question criteria.
    answers = models.JSONField(_("svar på kriterier"), default=dict, blank=True)
    consultation_on = models.DateField(_("samråd den"), null=True, blank=True)
    consultation_with = models.CharField(_("samråd med"), max_length=200, blank=True)
    consultation_summary = models.TextField(_("vad samrådet gav"), blank=True)
    life_situation = models.TextField(_("livssituation"), blank=True)
    support_needs = models.TextField(_("stödbehov"), blank=True)
    goals = models.TextField(_("målsättning"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ApplicationStatus.choices, default="open"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("ansökan")
        verbose_name_plural = _("ansökningar")
        indexes = [
            models.Index(fields=["referrer", "status"], name="application_by_officer"),
            models.Index(fields=["organisation", "received_on"], name="application_by_date"),
        ]

    def __str__(self) -> str:
        return f"Ansökan {self.pk}"

    @property
    def has_consultation(self) -> bool:
        return self.consultation_on is not None and bool(self.consultation_with.strip())


class Decision(models.Model):
    """A formal decision: the 4 kap. 1 § SoL rejection, then the 4 kap. 2 § SoL trial."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="decisions"
    )
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="decisions")
    participant = models.ForeignKey(
        "people.Participant", on_delete=models.PROTECT, related_name="decisions"
    )
    guideline_version = models.ForeignKey(
        "guidelines.GuidelineVersion", on_delete=models.PROTECT, related_name="decisions"
    )
    kind = models.CharField(
        _("typ"), max_length=10, choices=DecisionKind.choices, default=DecisionKind.INITIAL
    )
    extends = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="extension",
        verbose_name=_("förlänger"),
    )
    outcome = models.CharField(_("beslut"), max_length=10, choices=DecisionOutcome.choices)
    legal_basis = models.CharField(
        _("lagrum"), max_length=10, choices=LegalBasis.choices, default=LegalBasis.SOL_4_2
    )
    first_step_motivation = models.TextField(
        _("motivering för avslag enligt 4 kap. 1 § SoL"), blank=True
    )
    support_type = models.CharField(_("insats"), max_length=300)
    motivation = models.TextField(_("motivering"))
    criteria_results = models.JSONField(_("kriterieresultat"), default=list)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="decisions_made",
        verbose_name=_("beslutsfattare"),
    )
    delegation = models.CharField(_("delegation"), max_length=200)
    decided_on = models.DateField(_("beslutsdatum"))
    valid_from = models.DateField(_("gäller från"), null=True, blank=True)
    valid_to = models.DateField(_("gäller till"), null=True, blank=True)
    special_reason = models.CharField(
        _("särskilda skäl"), max_length=20, choices=SpecialReason.choices, blank=True
    )
    special_reason_text = models.TextField(_("motivering av särskilda skäl"), blank=True)
    informed_on = models.DateField(_("informerad den"), null=True, blank=True)
    informed_about = models.JSONField(_("informerad om"), default=list, blank=True)
    referral = models.OneToOneField(
        "referrals.Referral",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decision",
        verbose_name=_("remiss"),
    )
    # The case the decision is about: the one opened from its referral, or (continuing after
    # Insteg) the open case the person already had at the unit, which it attaches to.
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("ärende"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = _("beslut")
        verbose_name_plural = _("beslut")
        indexes = [
            models.Index(fields=["organisation", "outcome", "valid_to"], name="decision_expiry"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(outcome="granted")
                | (models.Q(valid_from__isnull=False) & models.Q(valid_to__isnull=False)),
                name="granted_decision_has_period",
            ),
            models.CheckConstraint(
                condition=models.Q(special_reason="") | ~models.Q(special_reason_text=""),
                name="special_reason_is_motivated",
            ),
        ]

    def __str__(self) -> str:
        return f"Beslut {self.pk}"

    @property
    def is_granted(self) -> bool:
        return self.outcome == DecisionOutcome.GRANTED


class ParallelSupport(models.Model):
    """Another support the person has alongside; recorded for the picture, never blocking."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    participant = models.ForeignKey(
        "people.Participant", on_delete=models.PROTECT, related_name="parallel_supports"
    )
    kind = models.CharField(_("stöd"), max_length=20, choices=SupportKind.choices)
    starts_on = models.DateField(_("från"))
    ends_on = models.DateField(_("till"), null=True, blank=True)
    note = models.CharField(_("anteckning"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("parallellt stöd")
        verbose_name_plural = _("parallella stöd")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="parallel_support_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class ReminderSent(models.Model):
    """That the responsible officer was reminded `threshold_days` before a decision ends."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="reminders")
    threshold_days = models.PositiveSmallIntegerField()
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "threshold_days"], name="reminder_once_per_threshold"
            )
        ]

    def __str__(self) -> str:
        return f"{self.decision} {self.threshold_days}"


class Delegation(models.Model):
    """One row of the delegation register: who may take which decisions, and when.

    A row names a role relative to the application (its handling officer, an officer or the
    manager of the officer's unit) or a named person, optionally only for one unit's
    applications. An organisation without rows keeps the standing rule: the handling officer
    decides everything (decisions.policy.STANDING_DELEGATION).
    """

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="delegations"
    )
    delegate = models.CharField(_("vem"), max_length=20, choices=Delegate.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="delegations",
        verbose_name=_("person"),
    )
    unit = models.ForeignKey(
        "organisations.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gäller ansökningar på enheten"),
        help_text=_("Tomt: alla enheter."),
    )
    may_grant = models.BooleanField(_("bevilja insats"), default=False)
    may_reject = models.BooleanField(_("avslå ansökan"), default=False)
    may_extend = models.BooleanField(_("förlänga beslut"), default=False)
    valid_from = models.DateField(_("gäller från"))
    valid_to = models.DateField(_("gäller till"), null=True, blank=True)
    reference = models.CharField(
        _("punkt i delegationsordningen"),
        max_length=200,
        blank=True,
        help_text=_("Skrivs i beslutet, t.ex. ”Delegationsordning 4.2”."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["valid_from", "id"]
        verbose_name = _("delegationspunkt")
        verbose_name_plural = _("delegationspunkter")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(delegate="person") & models.Q(user__isnull=False))
                | (~models.Q(delegate="person") & models.Q(user__isnull=True)),
                name="delegation_person_is_named",
            ),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="delegation_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(may_grant=True)
                | models.Q(may_reject=True)
                | models.Q(may_extend=True),
                name="delegation_gives_a_power",
            ),
        ]

    def __str__(self) -> str:
        who = str(self.user) if self.user_id else self.get_delegate_display()
        return f"{who} ({self.valid_from.isoformat()}–)"

    def allows(self, act: str) -> bool:
        return bool(
            {"grant": self.may_grant, "reject": self.may_reject, "extend": self.may_extend}.get(act)
        )

    def in_force_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or self.valid_to >= day)
