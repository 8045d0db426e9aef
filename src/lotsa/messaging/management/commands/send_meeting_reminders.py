"""`lotsa send_meeting_reminders`: remind participants the day before a meeting, by their chosen
channel. Run daily (decision 0014); running it again the same day sends nothing new.
`--date ÅÅÅÅ-MM-DD` runs it as of another day."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from lotsa.core.dates import parse_plausible_date
from lotsa.messaging.services import meeting_reminders_send


class Command(BaseCommand):
    help = "Remind participants of tomorrow's meetings (SMS or e-mail, as each has chosen)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--date", help="Run as of this day (YYYY-MM-DD).")

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        if options.get("date"):
            parsed = parse_plausible_date(options["date"])
            if parsed is None:
                raise CommandError("Ange datumet som ÅÅÅÅ-MM-DD.")
            today = parsed
        sent = meeting_reminders_send(today=today)
        self.stdout.write(f"Sent {sent} meeting reminder(s).")
