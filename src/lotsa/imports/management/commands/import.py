"""`lotsa import`: participants or cases from a CSV or XLSX file, all rows or none."""
# ruff: noqa: N999 - the command is `lotsa import`, so the module must be named import

import time
from pathlib import Path
from typing import Any, NoReturn

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from lotsa.imports import services
from lotsa.imports.constants import ImportKind
from lotsa.imports.files import ImportFileError, read_table
from lotsa.imports.rows import RowError, columns_check
from lotsa.organisations.models import Organisation, User


class Command(BaseCommand):
    help = (
        "Importerar deltagare eller ärenden från en CSV- eller Excel-fil. Alla rader kontrolleras "
        "först; har någon rad fel sparas ingenting."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("organisation", help="Organisationens namn, t.ex. ”Solvik kommun”.")
        parser.add_argument("file", type=Path, help="En .csv- eller .xlsx-fil.")
        parser.add_argument(
            "--kind",
            required=True,
            choices=ImportKind.values,
            help="participants (deltagare) eller cases (ärenden med plan).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Kontrollera alla rader och visa felen, spara ingenting.",
        )
        parser.add_argument(
            "--actor",
            default="",
            help="Användarnamnet på den som importerar (administratör eller enhetschef).",
        )
        parser.add_argument(
            "--system",
            action="store_true",
            help="Importera som systemet, utan användare (t.ex. vid driftsättning).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        kind = ImportKind(options["kind"])
        organisation = Organisation.objects.filter(name=options["organisation"]).first()
        if organisation is None:
            raise CommandError(
                _("Det finns ingen organisation som heter %(name)s.")
                % {"name": options["organisation"]}
            )
        actor = self._actor(options["actor"], system=options["system"])
        try:
            table = read_table(options["file"])
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        header_errors = columns_check(kind, table.columns)
        if header_errors:
            self._refuse(header_errors, dry_run=options["dry_run"])
        if not table.rows:
            raise CommandError(_("Filen har inga rader att importera."))

        dry_run = options["dry_run"]
        self.stdout.write(
            _("Kontrollerar %(rows)s rader (%(kind)s) för %(organisation)s …")
            % {"rows": len(table.rows), "kind": kind.label, "organisation": organisation.name}
        )
        self.stdout.flush()
        function = (
            services.import_participants
            if kind == ImportKind.PARTICIPANTS
            else services.import_cases
        )
        started = time.monotonic()
        try:
            result = function(
                actor=actor,
                organisation=organisation,
                rows=table.rows,
                dry_run=dry_run,
                before_write=self._writing,
            )
        except PermissionDenied as error:
            raise CommandError(
                _(
                    "%(user)s får inte importera till %(organisation)s. Bara organisationens "
                    "administratörer och enhetschefer får importera."
                )
                % {"user": actor, "organisation": organisation.name}
            ) from error
        except services.ImportRejectedError as error:
            self._refuse(error.row_errors, dry_run=dry_run)
        seconds = time.monotonic() - started
        counts = ", ".join(f"{name}: {count}" for name, count in result.counts.items())
        if dry_run:
            self.stdout.write(
                _("Provkörning: alla %(rows)s rader är rätt. Skulle sparas: %(counts)s.")
                % {"rows": result.rows, "counts": counts}
            )
            self.stdout.write(_("Ingenting sparades."))
            return
        self.stdout.write(
            _("Klart: %(rows)s rader importerade på %(seconds).1f s. Sparat: %(counts)s.")
            % {"rows": result.rows, "seconds": seconds, "counts": counts}
        )

    def _writing(self, count: int) -> None:
        self.stdout.write(_("Alla rader är rätt. Sparar %(count)s …") % {"count": count})
        self.stdout.flush()

    def _actor(self, username: str, *, system: bool) -> User | None:
        if username and system:
            raise CommandError(_("Ange antingen --actor eller --system, inte båda."))
        if system:
            return None
        if not username:
            raise CommandError(
                _("Ange vem som importerar med --actor ANVÄNDARNAMN, eller --system.")
            )
        actor = User.objects.filter(username=username).first()
        if actor is None:
            raise CommandError(
                _("Det finns ingen användare som heter %(name)s.") % {"name": username}
            )
        return actor

    def _refuse(self, errors: list[RowError], *, dry_run: bool) -> NoReturn:
        for error in errors:
            self.stderr.write(str(error))
        lines = len({error.line for error in errors})
        if dry_run:
            raise CommandError(
                _("Provkörning: %(lines)s rader har fel (%(errors)s fel). Ingenting sparades.")
                % {"lines": lines, "errors": len(errors)}
            )
        raise CommandError(
            _(
                "Importen avbröts: %(lines)s rader har fel (%(errors)s fel). Ingenting sparades. "
                "Rätta filen och kör igen; provkör gärna med --dry-run."
            )
            % {"lines": lines, "errors": len(errors)}
        )
