"""`lotsa backup FILE`: copy the whole database to FILE, with its checksum in FILE.sha256."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from lotsa.retention import services
from lotsa.retention.backup import BackupError, checksum_path


class Command(BaseCommand):
    help = "Säkerhetskopierar hela databasen till en fil, med kontrollsumma i FIL.sha256."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="Filen att skapa (får inte finnas).")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            digest = services.database_backup(path=path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            _("Säkerhetskopian är sparad i %(path)s (%(size)s byte).")
            % {"path": path, "size": path.stat().st_size}
        )
        self.stdout.write(
            _("Kontrollsumma SHA-256 %(digest)s i %(sums)s.")
            % {"digest": digest, "sums": checksum_path(path)}
        )
