"""Who must pass the second factor, and who may reset it."""

import time
from typing import TYPE_CHECKING

from django.conf import settings

from lotsa.organisations import policy as organisations_policy

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from lotsa.organisations.models import User


def is_two_factor_required(user: "User | AnonymousUser") -> bool:
    """Every signed-in staff member, whatever the role, when LOTSA_REQUIRE_TWO_FACTOR is on.

    Participants sign in to their own pages with a one-time code instead (lotsa.portal)."""
    return bool(
        settings.LOTSA_REQUIRE_TWO_FACTOR
        and user.is_authenticated
        and not getattr(user, "is_participant", False)
    )


def can_manage_own_two_factor(actor: "User") -> bool:
    return bool(actor.is_authenticated and actor.is_active)


def can_reset_two_factor(actor: "User", user: "User") -> bool:
    """Administrators reset the second factor of users in their own organisation (lost phone)."""
    return organisations_policy.can_manage_user(actor, user)


def has_passed_second_factor(user: "User | AnonymousUser") -> bool:
    """Whether this session has passed the second factor (django-otp's OTPMiddleware tells)."""
    return getattr(user, "otp_device", None) is not None


def is_second_factor_fresh(user: "User | AnonymousUser", verified_at: float | None) -> bool:
    """Whether the second factor was passed within LOTSA_FRESH_SECOND_FACTOR_MINUTES.

    Without two-factor sign-in (LOTSA_REQUIRE_TWO_FACTOR off, development only) there is
    nothing to ask for, and the check passes."""
    if not is_two_factor_required(user):
        return True
    if verified_at is None or not has_passed_second_factor(user):
        return False
    age = time.time() - verified_at
    return 0 <= age <= settings.LOTSA_FRESH_SECOND_FACTOR_MINUTES * 60
