"""Reads of a user's second-factor devices."""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from lotsa.organisations.models import User
from lotsa.signin import policy


@dataclass(frozen=True)
class TwoFactorStatus:
    is_enrolled: bool
    enrolled_at: datetime | None
    last_used_at: datetime | None
    recovery_codes_left: int


def authenticator_of(user: User) -> TOTPDevice | None:
    """The user's confirmed authenticator app, if they have enrolled one."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def has_authenticator(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def recovery_codes_of(user: User) -> StaticDevice | None:
    """The user's set of single-use recovery codes, if any."""
    return StaticDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def two_factor_status(actor: User, user: User) -> TwoFactorStatus:
    """Whether `user` has enrolled and how many recovery codes remain; for them or their admin."""
    if actor.pk != user.pk and not policy.can_reset_two_factor(actor, user):
        raise PermissionDenied
    device = authenticator_of(user)
    codes = recovery_codes_of(user)
    return TwoFactorStatus(
        is_enrolled=device is not None,
        enrolled_at=device.created_at if device else None,
        last_used_at=device.last_used_at if device else None,
        recovery_codes_left=codes.token_set.count() if codes else 0,
    )
