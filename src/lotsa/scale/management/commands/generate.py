"""`lotsa generate --participants N`: synthetic data at scale, for benchmarks and load tests."""

from datetime import date
from typing import Any, TextIO, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lotsa.scale.generator import (
    GenerateOptions,
    GenerationError,
    generate,
    generation_allowed,
)
from lotsa.scale.progress import NoProgress, Progress


class Command(BaseCommand):
    help = (
        "Skapar en syntetisk värld i stor skala: organisationer, personal, deltagare, remisser, "
        "ärenden, planer, journal och logg (bara när DEBUG är på, eller med "
        "--i-know-this-is-not-production)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--participants", type=int, required=True)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--organisations",
            type=int,
            default=None,
            help="Antal organisationer (standard: en per 1 000 deltagare).",
        )
        parser.add_argument(
            "--audit-per-participant",
            type=int,
            default=10,
            help="Loggposter per deltagare (standard 10).",
        )
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            default=None,
            help="Dagens datum i den syntetiska världen (ÅÅÅÅ-MM-DD), för jämförbara körningar.",
        )
        parser.add_argument(
            "--no-copy",
            action="store_true",
            help="Skriv med bulk_create även på PostgreSQL.",
        )
        parser.add_argument("--no-progress", action="store_true")
        parser.add_argument(
            "--i-know-this-is-not-production",
            action="store_true",
            dest="confirmed",
            help="Tillåt körning när DEBUG är av (t.ex. en egen databas för prestandamätning).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not generation_allowed(explicitly_confirmed=options["confirmed"]):
            raise CommandError(
                "Syntetiska data skapas bara när DEBUG är på, eller med "
                "--i-know-this-is-not-production på en databas som inte är produktion."
            )
        if options["audit_per_participant"] < 0:
            raise CommandError("--audit-per-participant kan inte vara negativt.")
        total = options["participants"]
        progress = (
            NoProgress()
            if options["no_progress"]
            else Progress(total, label="Deltagare", stream=cast(TextIO, self.stderr._out))
        )
        try:
            result = generate(
                GenerateOptions(
                    participants=total,
                    seed=options["seed"],
                    organisations=options["organisations"],
                    audit_per_participant=options["audit_per_participant"],
                    today=options["today"],
                    use_copy=False if options["no_copy"] else None,
                ),
                progress=progress,
            )
        except GenerationError as error:
            raise CommandError(str(error)) from error
        method = "COPY" if result.used_copy else "bulk_create"
        self.stdout.write(
            f"{len(result.organisation_ids)} organisationer på {result.seconds:.1f} s ({method}):"
        )
        for table, count in result.rows.items():
            self.stdout.write(f"  {table}: {count}")
        self.stdout.write(self.style.SUCCESS("Syntetiska data skapade."))
