"""`lotsa send_surveys`: send the event surveys that are due (run daily from cron or a timer).

Idempotent: a survey goes once per case and event, however often the command runs.
"""

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from lotsa.surveys.services import send_due_surveys


class Command(BaseCommand):
    help = "Skicka enkäter som ska gå ut vid avslut och efter tre månader i stödet."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--date", help="Kör som om dagens datum vore ÅÅÅÅ-MM-DD.")

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options.get("date"):
            try:
                today = date.fromisoformat(options["date"])
            except ValueError as error:
                raise CommandError("Datumet ska skrivas ÅÅÅÅ-MM-DD.") from error
        counts = send_due_surveys(today=today)
        self.stdout.write(
            f"Skickade {counts['sent']} enkäter ({counts['skipped']} redan skickade)."
        )
