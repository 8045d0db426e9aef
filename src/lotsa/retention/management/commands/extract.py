"""`lotsa extract <personnummer>`: a data-subject extract (registerutdrag) as JSON or HTML."""

import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from lotsa.people.personnummer import PersonnummerError, parse_personnummer
from lotsa.retention import services
from lotsa.retention.constants import PRIVATE_FILE_MODE, ExtractFormat
from lotsa.retention.extract import extract_as_html, extract_as_json
from lotsa.retention.queries import participants_with_number


class Command(BaseCommand):
    help = "Tar fram ett registerutdrag (GDPR art. 15) för en person, som JSON eller HTML."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "personnummer", help="Personnummer eller samordningsnummer, valfri form."
        )
        parser.add_argument(
            "--organisation", default="", help="Organisationens namn, om personen finns i flera."
        )
        parser.add_argument(
            "--format",
            choices=ExtractFormat.values,
            default=ExtractFormat.JSON,
            help="json eller html",
        )
        parser.add_argument("--output", type=Path, help="Fil att skriva till (annars skärmen).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            number = parse_personnummer(options["personnummer"])
        except PersonnummerError as error:
            raise CommandError(str(error)) from error
        organisation = options["organisation"]
        people = list(participants_with_number(number, organisation_name=organisation))
        if not people:
            raise CommandError(
                _("Det finns ingen deltagare med personnumret %(number)s%(where)s.")
                % {
                    "number": number.formatted,
                    "where": f" i {organisation}" if organisation else "",
                }
            )
        if len(people) > 1:
            names = ", ".join(person.organisation.name for person in people)
            raise CommandError(
                _("Personen finns i flera organisationer: %(names)s. Ange en med --organisation.")
                % {"names": names}
            )
        form = ExtractFormat(options["format"])
        extract = services.extract_export(actor=None, participant=people[0], form=form)
        text = extract_as_html(extract) if form == ExtractFormat.HTML else extract_as_json(extract)
        output: Path | None = options["output"]
        if output is None:
            self.stdout.write(text)
            return
        descriptor = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE_MODE)
        with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
            stream.write(text)
        self.stdout.write(_("Registerutdraget är sparat i %(path)s.") % {"path": output})
