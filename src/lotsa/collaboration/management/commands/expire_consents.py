"""`lotsa expire_consents` (daily): announce consent_expired for consents whose last day passed.

Sharing never waits for this: whether a consent is in force is computed at every partner read.
The command only tells the apps that react to the event, once per consent (idempotent).
"""

from typing import Any

from django.core.management.base import BaseCommand

from lotsa.collaboration.services import consents_mark_expired


class Command(BaseCommand):
    help = "Announce consent_expired once for each consent whose last day has passed."

    def handle(self, *args: Any, **options: Any) -> None:
        marked = consents_mark_expired()
        self.stdout.write(f"Marked {marked} consents as expired.")
