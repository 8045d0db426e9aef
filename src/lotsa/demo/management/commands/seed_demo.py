"""Load synthetic demo data: organisations, units, users and participants (deterministic)."""

import random
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from lotsa.demo import builders
from lotsa.organisations.models import Organisation


class Command(BaseCommand):
    help = "Skapar syntetiska demodata (bara när DEBUG är på)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--participants", type=int, default=300)

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.LOTSA_ALLOW_DEMO_DATA:
            raise CommandError("Demodata skapas bara när DEBUG är på (aldrig i produktion).")
        if Organisation.objects.filter(name=builders.DEMO_MUNICIPALITY).exists():
            self.stdout.write("Demodata finns redan; inget ändrat.")
            return
        rng = random.Random(options["seed"])
        today = timezone.localdate()
        with transaction.atomic():
            summary = builders.build_demo(
                rng=rng, today=today, participants=options["participants"]
            )
        for line in summary:
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Demodata skapade."))
