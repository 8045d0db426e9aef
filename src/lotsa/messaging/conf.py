"""Settings of messaging, with their defaults (override in settings)."""

from django.conf import settings


def notify_minutes() -> int:
    """At most one message notification to a person within this many minutes."""
    return int(getattr(settings, "LOTSA_MESSAGING_NOTIFY_MINUTES", 30))
