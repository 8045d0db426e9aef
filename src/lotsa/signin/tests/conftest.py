import pytest


@pytest.fixture
def two_factor_on(settings):
    """Two-factor sign-in as in production (the test settings switch it off)."""
    settings.LOTSA_REQUIRE_TWO_FACTOR = True
    return settings


@pytest.fixture
def no_throttle(two_factor_on):
    """Without django-otp's growing delay, so that codes can be tried back to back."""
    two_factor_on.OTP_TOTP_THROTTLE_FACTOR = 0
    two_factor_on.OTP_STATIC_THROTTLE_FACTOR = 0
    return two_factor_on
