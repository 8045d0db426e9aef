"""Settings of the participant sign-in, with their defaults (override in settings)."""

from django.conf import settings


def code_minutes() -> int:
    """How long a sign-in code works."""
    return int(getattr(settings, "LOTSA_PORTAL_CODE_MINUTES", 10))


def code_attempts() -> int:
    """Wrong guesses a code survives before it stops working."""
    return int(getattr(settings, "LOTSA_PORTAL_CODE_ATTEMPTS", 5))


def rate_window_minutes() -> int:
    return int(getattr(settings, "LOTSA_PORTAL_RATE_WINDOW_MINUTES", 15))


def codes_per_person() -> int:
    """Codes sent to one person within the window."""
    return int(getattr(settings, "LOTSA_PORTAL_CODES_PER_PERSON", 3))


def requests_per_ip() -> int:
    """Code requests from one address within the window, whoever they were for."""
    return int(getattr(settings, "LOTSA_PORTAL_REQUESTS_PER_IP", 10))


def self_referrals_per_ip() -> int:
    """Applications on the public form from one address within the hour."""
    return int(getattr(settings, "LOTSA_SELF_REFERRALS_PER_IP", 5))
