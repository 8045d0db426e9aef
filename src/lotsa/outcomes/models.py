from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lotsa.outcomes.constants import DEFAULT_MONTHS, OutcomeStatus


def default_months() -> list[int]:
    return list(DEFAULT_MONTHS)


class OutcomeSettings(models.Model):
    """An organisation's choice of when to follow up after closure (months)."""

    organisation = models.OneToOneField(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="outcome_settings"
    )
    months = models.JSONField(_("månader efter avslut"), default=default_months)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("inställning för uppföljning efter avslut")
        verbose_name_plural = _("inställningar för uppföljning efter avslut")

    def __str__(self) -> str:
        return ", ".join(str(month) for month in self.months)


class OutcomeFollowUp(models.Model):
    """A contact some months after closure: is the person in work, studies, other support?"""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="outcome_follow_ups"
    )
    months_after = models.PositiveSmallIntegerField(_("månader efter avslut"))
    due_on = models.DateField(_("planerad"))
    status = models.CharField(_("läge"), max_length=20, choices=OutcomeStatus.choices, blank=True)
    recorded_on = models.DateField(_("genomförd"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registrerad av"),
    )
    # Asked at the follow-up one month after a closure to work when the person is in work:
    # has the employment lasted one continuous month? (Kolada's "resultat vid avslut".)
    work_lasted_month = models.BooleanField(
        _("arbetet har varat minst en månad i följd"), null=True, blank=True
    )
    comment = models.TextField(_("kommentar"), blank=True)
    # When the entry was last written: retention counts culling from it.
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("uppföljning efter avslut")
        verbose_name_plural = _("uppföljningar efter avslut")
        indexes = [models.Index(fields=["due_on", "status"], name="outcome_due")]
        constraints = [
            models.UniqueConstraint(fields=["case", "months_after"], name="outcome_once_per_month"),
            models.CheckConstraint(
                condition=models.Q(status="") | models.Q(recorded_on__isnull=False),
                name="outcome_recorded_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"Uppföljning {self.months_after} mån"

    @property
    def is_recorded(self) -> bool:
        return bool(self.status)
