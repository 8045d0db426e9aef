"""`lotsa install_catalogue <organisation> [file]`: add a catalogue of plan activities."""

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lotsa.cases.services import activity_catalogue_install
from lotsa.organisations.models import Organisation

DEFAULT_CATALOGUE = Path(__file__).resolve().parents[2] / "data" / "activity_catalogue.json"


class Command(BaseCommand):
    help = (
        "Lägger till aktivitetskatalogens aktiviteter som organisationen saknar "
        "(grundkatalogen om ingen fil anges). Befintliga aktiviteter ändras inte."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("organisation", help="Organisationens namn, t.ex. 'Solvik kommun'.")
        parser.add_argument(
            "file", nargs="?", default=str(DEFAULT_CATALOGUE), help="En katalog i JSON."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            organisation = Organisation.objects.get(name=options["organisation"])
        except Organisation.DoesNotExist as missing:
            raise CommandError(f"Organisationen finns inte: {options['organisation']}") from missing
        path = Path(options["file"])
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except OSError as error:
            raise CommandError(f"Kan inte läsa {path}: {error}") from error
        except json.JSONDecodeError as error:
            raise CommandError(f"{path} är inte giltig JSON: {error}") from error
        try:
            result = activity_catalogue_install(organisation=organisation, data=data)
        except ValidationError as error:
            raise CommandError("\n".join(error.messages)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"{organisation}: {result['created']} nya aktiviteter, "
                f"{result['existing']} fanns redan."
            )
        )
