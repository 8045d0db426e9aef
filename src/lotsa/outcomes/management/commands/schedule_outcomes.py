"""`lotsa schedule_outcomes`: follow-ups after closure for cases closed before they existed."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lotsa.organisations.models import Organisation
from lotsa.outcomes.services import outcomes_schedule_closed


class Command(BaseCommand):
    help = "Schedule follow-ups after closure for closed cases that have none (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", help="Only this organisation (its name).")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = None
        if options.get("org"):
            organisation = Organisation.objects.filter(name=options["org"]).first()
            if organisation is None:
                raise CommandError(f"No organisation named {options['org']!r}.")
        created = outcomes_schedule_closed(organisation=organisation)
        self.stdout.write(f"Scheduled {created} follow-ups after closure.")
