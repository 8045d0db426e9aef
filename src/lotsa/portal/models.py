from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotsa.portal.constants import CodeChannel


class ParticipantAccount(models.Model):
    """Links a participant's sign-in user (role participant) to the participant, one to one.

    Created by `services.participant_account_for` on the person's first sign-in.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="participant_account",
        verbose_name=_("användare"),
    )
    participant = models.OneToOneField(
        "people.Participant",
        on_delete=models.CASCADE,
        related_name="portal_account",
        verbose_name=_("deltagare"),
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    class Meta:
        verbose_name = _("konto för Mina sidor")
        verbose_name_plural = _("konton för Mina sidor")

    def __str__(self) -> str:
        return str(self.participant)


class SignInCode(models.Model):
    """One request for a sign-in code. The code itself is never stored, only its keyed hash.

    Every request leaves a row, also when the contact matched nobody (then `participant` is
    empty and no code was sent), so the rate limits count all requests and the answer never
    tells whether an address or number is registered.
    """

    participant = models.ForeignKey(
        "people.Participant",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sign_in_codes",
        verbose_name=_("deltagare"),
    )
    channel = models.CharField(_("kanal"), max_length=10, choices=CodeChannel.choices)
    code_hash = models.CharField(max_length=128)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(_("skapad"), db_index=True)
    expires_at = models.DateTimeField(_("giltig till"))
    attempts = models.PositiveSmallIntegerField(_("försök"), default=0)
    used_at = models.DateTimeField(_("använd"), null=True, blank=True)

    class Meta:
        verbose_name = _("inloggningskod")
        verbose_name_plural = _("inloggningskoder")
        indexes = [
            models.Index(fields=["participant", "created_at"], name="signin_code_person"),
            models.Index(fields=["ip_address", "created_at"], name="signin_code_ip"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {timezone.localtime(self.created_at):%Y-%m-%d %H:%M}"


class SelfReferralRequest(models.Model):
    """One sending of the public form "Ansök om stöd", whatever came of it.

    Only the address and the time are kept — never what was written — so the limit per address
    (`conf.self_referrals_per_ip()`) holds across server processes without a shared cache.
    """

    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(_("skickad"))

    class Meta:
        verbose_name = _("ansökan via webben")
        verbose_name_plural = _("ansökningar via webben")
        indexes = [
            models.Index(fields=["ip_address", "created_at"], name="self_referral_ip"),
        ]

    def __str__(self) -> str:
        return f"{timezone.localtime(self.created_at):%Y-%m-%d %H:%M}"
