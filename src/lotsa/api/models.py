from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ServiceAccount(models.Model):
    """Another system (e.g. the social services' case system) calling the API.

    It acts as `user`, a user of its organisation with role referrer or manager and no usable
    password, so every call goes through the same queries, services and policy as the pages.
    The token is shown once; only its SHA-256 digest is stored.
    """

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="service_accounts",
        verbose_name=_("organisation"),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="service_account",
        verbose_name=_("agerar som"),
    )
    name = models.CharField(_("namn"), max_length=100)
    scopes = models.JSONField(_("behörigheter"), default=list)
    key_id = models.CharField(_("nyckel-id"), max_length=16, unique=True)
    token_digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("skapad av"),
    )
    revoked_at = models.DateTimeField(_("spärrad"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("spärrad av"),
    )
    last_used_at = models.DateTimeField(_("senast använd"), null=True, blank=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("tjänstekonto")
        verbose_name_plural = _("tjänstekonton")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="service_account_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class ExternalReferral(models.Model):
    """The sending system's own id of a referral, so a retried call does not refer twice."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    external_id = models.CharField(max_length=100)
    referral = models.OneToOneField(
        "referrals.Referral", on_delete=models.CASCADE, related_name="external_reference"
    )
    service_account = models.ForeignKey(
        ServiceAccount, on_delete=models.PROTECT, related_name="referrals"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "external_id"], name="external_referral_once"
            )
        ]

    def __str__(self) -> str:
        return self.external_id
