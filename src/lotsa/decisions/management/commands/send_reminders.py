"""`lotsa send_reminders`: remind officers of decisions ending within 90, 60 and 30 days.

Run daily from cron or a systemd timer; running it again the same day sends nothing new.
"""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from lotsa.decisions.services import send_reminders


class Command(BaseCommand):
    help = "E-mail the responsible officer once per threshold before a decision ends."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_reminders(today=timezone.localdate())
        self.stdout.write(f"Sent {sent} reminder(s).")
