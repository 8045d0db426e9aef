"""`lotsa install_training_arenas <organisation> <unit> [file]`: add training arenas."""

from json import JSONDecodeError
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lotsa.organisations.models import Organisation, Unit
from lotsa.work.services import EXAMPLE_ARENAS, training_arenas_install


class Command(BaseCommand):
    help = (
        "Lägger till träningsarenor som organisationen saknar (Timrås exempel om ingen fil "
        "anges). Befintliga arenor ändras inte."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("organisation", help="Organisationens namn, t.ex. 'Timrå kommun'.")
        parser.add_argument("unit", help="Enheten som driver arenorna.")
        parser.add_argument("file", nargs="?", default=str(EXAMPLE_ARENAS), help="Arenor i JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            organisation = Organisation.objects.get(name=options["organisation"])
            unit = Unit.objects.get(organisation=organisation, name=options["unit"])
        except (Organisation.DoesNotExist, Unit.DoesNotExist) as missing:
            raise CommandError(
                f"Organisationen eller enheten finns inte: {options['organisation']}, "
                f"{options['unit']}"
            ) from missing
        path = Path(options["file"])
        try:
            installed = training_arenas_install(organisation=organisation, unit=unit, path=path)
        except OSError as error:
            raise CommandError(f"Kan inte läsa {path}: {error}") from error
        except (JSONDecodeError, KeyError) as error:
            raise CommandError(f"{path} är inte en giltig arenafil: {error}") from error
        self.stdout.write(self.style.SUCCESS(f"{organisation}: {len(installed)} nya arenor."))
