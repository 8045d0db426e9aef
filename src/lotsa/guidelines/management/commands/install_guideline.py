"""Install a guideline document for an organisation and publish its first version.

lotsa install_guideline "Danderyds kommun" src/lotsa/guidelines/data/danderyd_arbetscoach.json
"""

import json
from datetime import date
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from lotsa.guidelines.services import guideline_install
from lotsa.organisations.models import Organisation


class Command(BaseCommand):
    help = "Installerar en riktlinje (JSON) för en organisation och publicerar version 1."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("organisation", help="Organisationens namn, t.ex. 'Danderyds kommun'.")
        parser.add_argument("file", type=Path, help="Riktlinjen som JSON (se guidelines/data/).")
        parser.add_argument(
            "--publish-on",
            type=date.fromisoformat,
            default=None,
            help="Datum då versionen börjar gälla, ÅÅÅÅ-MM-DD (standard: i dag).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            organisation = Organisation.objects.get(name=options["organisation"])
        except Organisation.DoesNotExist as missing:
            raise CommandError(
                f"Det finns ingen organisation som heter {options['organisation']!r}."
            ) from missing
        path: Path = options["file"]
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as unreadable:
            raise CommandError(f"Kan inte läsa {path}: {unreadable}") from unreadable
        publish_on = options["publish_on"] or timezone.localdate()
        try:
            version = guideline_install(organisation=organisation, data=data, publish_on=publish_on)
        except ValidationError as invalid:
            raise CommandError("; ".join(invalid.messages)) from invalid
        self.stdout.write(
            self.style.SUCCESS(
                f"Installerade {version} för {organisation} "
                f"({version.target_groups.count()} målgrupper, "
                f"{version.criteria.count()} kriterier), gäller från {publish_on}."
            )
        )
