"""`lotsa restore FILE`: replace the whole database with a backup, once its checksum matches."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from lotsa.retention import services
from lotsa.retention.backup import BackupError, database_label, verify_checksum

YES_WORDS = {"ja", "j"}


class Command(BaseCommand):
    help = (
        "Återställer hela databasen från en säkerhetskopia. Kontrollsumman i FIL.sha256 "
        "kontrolleras först."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="Säkerhetskopian (från lotsa backup).")
        parser.add_argument("--yes", action="store_true", help="Fråga inte först.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            verify_checksum(path)  # refuse a damaged file before asking anyone anything
            if not options["yes"] and not self._confirmed(path):
                raise CommandError(_("Avbrutet. Ingenting har återställts."))
            digest = services.database_restore(path=path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            _("Databasen %(database)s är återställd från %(path)s (SHA-256 %(digest)s).")
            % {"database": database_label(), "path": path, "digest": digest}
        )
        self.stdout.write(
            _(
                "Kör lotsa migrate om kopian är från en äldre version, och lotsa cull: kopian "
                "kan innehålla handlingar som har gallrats sedan den togs."
            )
        )

    def _confirmed(self, path: Path) -> bool:
        question = _(
            "Allt som nu finns i databasen %(database)s ersätts med innehållet i %(path)s. "
            "Skriv ja för att fortsätta: "
        ) % {"database": database_label(), "path": path}
        try:
            answer = input(question)
        except EOFError:
            return False
        return answer.strip().lower() in YES_WORDS
