from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lotsa.audit.constants import AuditAction

GENESIS_HASH = "0" * 64


class AuditRecordQuerySet(models.QuerySet["AuditRecord"]):
    def update(self, **kwargs: object) -> int:
        raise PermissionError("Audit records cannot be changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("Audit records cannot be deleted.")


class AuditChainHead(models.Model):
    """The last link of one organisation's audit chain; locked while a record is appended."""

    chain = models.BigIntegerField(unique=True)
    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = _("loggkedja")
        verbose_name_plural = _("loggkedjor")

    def __str__(self) -> str:
        return f"Kedja {self.chain} #{self.last_seq}"


class AuditRecord(models.Model):
    """Who did what to which object, when and from where. Written once, never changed.

    Records form one hash chain per organisation: each carries the hash of its own content and
    of the record before it, so an edit or deletion in the database breaks the chain
    (`lotsa audit verify`).
    """

    at = models.DateTimeField(_("tidpunkt"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("användare"),
        db_index=False,  # the composite index in Meta starts with this column
    )
    actor_name = models.CharField(_("användarnamn"), max_length=150, blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("händelse"), max_length=20, choices=AuditAction.choices)
    object_type = models.CharField(_("objekttyp"), max_length=60)
    object_id = models.CharField(_("objekt-id"), max_length=64, blank=True)
    participant = models.ForeignKey(
        "people.Participant",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
        verbose_name=_("deltagare"),
        db_index=False,  # the composite index in Meta starts with this column
    )
    summary = models.CharField(_("sammanfattning"), max_length=300, blank=True)
    changes = models.JSONField(_("ändringar"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("IP-adress"), null=True, blank=True)
    path = models.CharField(_("adress"), max_length=300, blank=True)
    chain = models.BigIntegerField(_("kedja"), default=0)
    seq = models.BigIntegerField(_("nummer i kedjan"), default=0)
    prev_hash = models.CharField(max_length=64, default=GENESIS_HASH)
    record_hash = models.CharField(max_length=64, default="")

    objects = AuditRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("loggpost")
        verbose_name_plural = _("loggposter")
        indexes = [
            models.Index(fields=["participant", "-at"], name="audit_participant_at"),
            models.Index(fields=["actor", "-at"], name="audit_actor_at"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["chain", "seq"], name="audit_chain_seq_unique")
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_type}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise PermissionError("Audit records cannot be changed.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise PermissionError("Audit records cannot be deleted.")


class VerifiedMonth(models.Model):
    """One chain's records of one closed month (UTC), verified once by `lotsa audit verify`.

    Later runs compare the month's first and last record and its count with this row instead of
    re-hashing it (`--full` re-hashes everything); a detached month keeps its row, so the chain
    still joins up across the gap.
    """

    chain = models.BigIntegerField(_("kedja"))
    month = models.DateField(_("månad"))
    first_seq = models.BigIntegerField()
    first_prev_hash = models.CharField(max_length=64)
    last_seq = models.BigIntegerField()
    last_hash = models.CharField(max_length=64)
    records = models.BigIntegerField(_("poster"))
    verified_at = models.DateTimeField(_("granskad"))
    detached_at = models.DateTimeField(_("kopplad bort"), null=True, blank=True)

    class Meta:
        verbose_name = _("granskad loggmånad")
        verbose_name_plural = _("granskade loggmånader")
        constraints = [
            models.UniqueConstraint(fields=["chain", "month"], name="audit_verified_month_once")
        ]

    def __str__(self) -> str:
        return f"Kedja {self.chain} {self.month:%Y-%m}"


class VerificationRun(models.Model):
    """The outcome of one `lotsa audit verify` (the metrics' audit-chain gauge reads the last)."""

    finished_at = models.DateTimeField(_("klar"))
    ok = models.BooleanField(_("hel"))
    chains = models.PositiveIntegerField(_("kedjor"))
    months_hashed = models.PositiveIntegerField(_("månader hashade"))
    months_reused = models.PositiveIntegerField(_("månader redan granskade"))
    seconds = models.FloatField(_("sekunder"))

    class Meta:
        verbose_name = _("granskning av loggen")
        verbose_name_plural = _("granskningar av loggen")

    def __str__(self) -> str:
        return f"{self.finished_at:%Y-%m-%d %H:%M} {'OK' if self.ok else 'bruten'}"
