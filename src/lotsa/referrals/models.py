from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotsa.guidelines.constants import Eligibility
from lotsa.referrals.constants import (
    ConsentForm,
    ConsentParty,
    ConsentScope,
    ReferralSource,
    ReferralStatus,
)


def referral_source_label(
    source: str, *, identity_verified: bool, source_name: str, referrer: Callable[[], str]
) -> str:
    """Where a referral came from, as the intake queue shows it; `referrer` gives "referrer,
    referring unit" for a referral a staff member sent (asked only then)."""
    if source == ReferralSource.SELF:
        if identity_verified:
            return _("%(source)s, styrkt med e-legitimation") % {
                "source": ReferralSource.SELF.label
            }
        return str(ReferralSource.SELF.label)
    if source == ReferralSource.PARTNER:
        return _("Samverkanspart: %(partner)s") % {"partner": source_name}
    return referrer()


def referral_days_waiting(submitted_at: datetime, decided_at: datetime | None) -> int:
    """Days since a referral came in, until today or until the decision."""
    end = timezone.localdate(decided_at) if decided_at else timezone.localdate()
    return (end - timezone.localdate(submitted_at)).days


class Referral(models.Model):
    """A referrer's request that the person gets the support: the one way in."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="referrals"
    )
    participant = models.ForeignKey(
        "people.Participant",
        on_delete=models.PROTECT,
        related_name="referrals",
        verbose_name=_("deltagare"),
    )
    # Empty for a person's own application; a partner's referral names its contact's user.
    referrer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals_made",
        verbose_name=_("remitterande handläggare"),
        db_index=False,  # referral_by_referrer in Meta starts with this column
    )
    referring_unit = models.ForeignKey(
        "organisations.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals_sent",
        verbose_name=_("remitterande enhet"),
    )
    source = models.CharField(
        _("källa"), max_length=10, choices=ReferralSource.choices, default=ReferralSource.STAFF
    )
    # The partner organisation's name as it was when the partner referred.
    source_name = models.CharField(_("samverkanspart"), max_length=200, blank=True)
    # An own application whose personnummer came from the person's e-ID (the portal's broker),
    # not typed by whoever filled in the form.
    identity_verified = models.BooleanField(_("identitet styrkt med e-legitimation"), default=False)
    receiving_unit = models.ForeignKey(
        "organisations.Unit",
        on_delete=models.PROTECT,
        related_name="referrals_received",
        verbose_name=_("mottagande enhet"),
        db_index=False,  # referral_intake_queue in Meta starts with this column
    )
    guideline_version = models.ForeignKey(
        "guidelines.GuidelineVersion",
        on_delete=models.PROTECT,
        related_name="referrals",
        verbose_name=_("riktlinjeversion"),
    )
    target_groups = models.ManyToManyField(
        "guidelines.TargetGroup", related_name="referrals", verbose_name=_("målgrupper")
    )
    reason = models.TextField(_("anledning till remissen"))
    goal = models.TextField(_("önskat mål"))
    work_capacity_investigated_on = models.DateField(
        _("arbetsförmåga utredd datum"), null=True, blank=True
    )
    work_capacity_investigated_by = models.CharField(
        _("arbetsförmåga utredd av"), max_length=200, blank=True
    )
    work_capacity_summary = models.TextField(_("sammanfattning av utredningen"), blank=True)
    stability_since = models.DateField(_("stabil sedan"), null=True, blank=True)
    consent_parties = models.JSONField(_("samtycke gäller"), default=list, blank=True)
    consent_scopes = models.JSONField(
        _("samtycket omfattar"),
        default=list,
        blank=True,
        help_text=_("Vad som får delas med parterna (ConsentScope)."),
    )
    consent_given_on = models.DateField(_("samtycke givet"), null=True, blank=True)
    consent_form = models.CharField(
        _("samtyckets form"), max_length=10, choices=ConsentForm.choices, blank=True
    )
    answers = models.JSONField(_("svar på kriterier"), default=dict, blank=True)
    free_text = models.TextField(_("övrigt"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ReferralStatus.choices,
        default=ReferralStatus.SUBMITTED,
    )
    submitted_at = models.DateTimeField(_("inkom"))
    is_priority = models.BooleanField(_("prioriterad"), default=False)
    eligibility = models.CharField(_("bedömning"), max_length=20, choices=Eligibility.choices)
    eligibility_results = models.JSONField(_("kriterieresultat"), default=list)
    decided_at = models.DateTimeField(_("besked"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    return_reason = models.TextField(_("skäl till återskick"), blank=True)
    # Recorded when the receiving unit accepts a referral that did not plainly meet the
    # guideline: its assessment of room and demand (conditional target groups) and the
    # individual assessment with its reasons.
    room_and_demand = models.BooleanField(_("utrymme och efterfrågan finns"), null=True, blank=True)
    individual_assessment = models.TextField(_("individuell bedömning"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("remiss")
        verbose_name_plural = _("remisser")
        indexes = [
            models.Index(
                fields=["receiving_unit", "status", "-is_priority", "submitted_at"],
                name="referral_intake_queue",
            ),
            models.Index(fields=["referrer", "-submitted_at"], name="referral_by_referrer"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="returned") | ~models.Q(return_reason=""),
                name="returned_referral_has_reason",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=["returned", "accepted"])
                | (models.Q(decided_at__isnull=False) & models.Q(decided_by__isnull=False)),
                name="decided_referral_has_decider",
            ),
            models.CheckConstraint(
                condition=~models.Q(source="staff")
                | (models.Q(referrer__isnull=False) & models.Q(referring_unit__isnull=False)),
                name="staff_referral_has_referrer",
            ),
        ]

    def __str__(self) -> str:
        return f"Remiss {self.pk}"

    @property
    def source_label(self) -> str:
        """Where the referral came from, as the intake queue shows it."""
        return referral_source_label(
            self.source,
            identity_verified=self.identity_verified,
            source_name=self.source_name,
            referrer=lambda: f"{self.referrer}, {self.referring_unit}",
        )

    @property
    def is_awaiting_decision(self) -> bool:
        return self.status == ReferralStatus.SUBMITTED

    @property
    def consent_party_labels(self) -> list[str]:
        labels = dict(ConsentParty.choices)
        return [str(labels.get(code, code)) for code in self.consent_parties]

    @property
    def consent_scope_labels(self) -> list[str]:
        labels = dict(ConsentScope.choices)
        return [str(labels.get(code, code)) for code in self.consent_scopes]

    @property
    def days_waiting(self) -> int:
        """Days since the referral came in, until today or until the decision."""
        return referral_days_waiting(self.submitted_at, self.decided_at)
