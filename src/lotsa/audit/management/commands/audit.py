"""`lotsa audit verify|checkpoint|restrict-role|partitions|detach`: the audit log's integrity.

verify          check every chain (keyed hashes) month by month, in parallel, closed months
                once (`--full`: every month again), and compare it with every checkpoint
checkpoint      write a signed checkpoint of every chain head (daily, docs/deployment.md)
restrict-role   on PostgreSQL: let the application's database role only read and insert
                audit records (docs/security.md, docs/deployment.md)
partitions      on PostgreSQL, as the schema owner: create the monthly partitions ahead
detach          on PostgreSQL, as the schema owner: detach (and `--drop`) the partitions of
                months before `--before`, once every chain in them has been verified
"""

import os
import re
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils import timezone

from lotsa.audit import partitions as audit_partitions
from lotsa.audit.checkpoint import checkpoint_dir, checkpoint_write, checkpoints_verify
from lotsa.audit.grants import restrict_role_sql
from lotsa.audit.services import audit_months_detach
from lotsa.audit.verification import verify_all

PROBLEMS = {
    "altered": "posten har ändrats efter att den skrevs",
    "relinked": "posten pekar inte på föregående post",
    "missing": "en post saknas före den här",
    "truncated": "poster saknas i slutet av kedjan",
    "duplicate": "numret finns två gånger i kedjan",
    "rewritten": "månaden har skrivits om sedan den granskades",
}
CHECKPOINT_PROBLEMS = {
    "unreadable": "kontrollpunkten går inte att läsa",
    "forged": "kontrollpunktens signatur stämmer inte (ändrad eller skriven utan nyckeln)",
    "missing": "posten som kontrollpunkten pekar på finns inte längre",
    "rewritten": "kedjan har skrivits om efter kontrollpunkten",
}


class Command(BaseCommand):
    help = "Granskar loggens hashkedjor (verify), skriver en kontrollpunkt (checkpoint) eller "
    "begränsar programmets databasroll (restrict-role)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "action", choices=["verify", "checkpoint", "restrict-role", "partitions", "detach"]
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=min(4, os.cpu_count() or 1),
            help="verify: processes hashing months side by side (PostgreSQL)",
        )
        parser.add_argument(
            "--full", action="store_true", help="verify: hash already verified months again"
        )
        parser.add_argument(
            "--months-ahead", type=int, default=12, help="partitions: months to create ahead"
        )
        parser.add_argument("--before", help="detach: the first month to keep, YYYY-MM")
        parser.add_argument("--drop", action="store_true", help="detach: drop the partitions too")
        parser.add_argument(
            "--role", help="restrict-role: the application's PostgreSQL role (it must exist)"
        )
        parser.add_argument(
            "--print-only",
            action="store_true",
            help="restrict-role: print the SQL instead of running it",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "checkpoint":
            path = checkpoint_write()
            self.stdout.write(f"Kontrollpunkt skriven: {path}")
        elif action == "restrict-role":
            self._restrict_role(options["role"], print_only=options["print_only"])
        elif action == "partitions":
            self._partitions(options["months_ahead"])
        elif action == "detach":
            self._detach(options["before"], drop=options["drop"])
        else:
            self._verify(workers=options["workers"], full=options["full"])

    def _verify(self, *, workers: int, full: bool) -> None:
        outcome = verify_all(workers=workers, full=full)
        broken = outcome.broken
        if broken is not None:
            where = f"post {broken.record_id}" if broken.record_id else "kedjans slut"
            raise CommandError(
                f"Kedja {broken.chain} är bruten vid nummer {broken.seq} ({where}): "
                f"{PROBLEMS[broken.problem]}."
            )
        read, problems = checkpoints_verify()
        if problems:
            lines = [
                f"{problem.path.name}"
                + (f", kedja {problem.chain}" if problem.chain is not None else "")
                + f": {CHECKPOINT_PROBLEMS[problem.problem]}."
                for problem in problems
            ]
            raise CommandError("Loggen stämmer inte med kontrollpunkterna:\n" + "\n".join(lines))
        self.stdout.write(
            f"OK: {outcome.chains} kedjor, {outcome.records} poster, inga brutna länkar "
            f"({outcome.months_hashed} månader hashade, {outcome.months_reused} redan granskade)."
        )
        if read:
            self.stdout.write(f"OK: {read} kontrollpunkter i {checkpoint_dir()} stämmer.")
        else:
            self.stdout.write(
                self.style.WARNING(
                    f"Varning: inga kontrollpunkter i {checkpoint_dir()}; "
                    "kör `lotsa audit checkpoint` dagligen."
                )
            )

    def _partitions(self, months_ahead: int) -> None:
        if not audit_partitions.is_partitioned():
            raise CommandError("Loggen är inte uppdelad per månad här (det görs på PostgreSQL).")
        this_month = audit_partitions.month_of(timezone.now())
        created = audit_partitions.ensure_partitions(
            this_month, audit_partitions.add_months(this_month, months_ahead)
        )
        self.stdout.write(f"{len(created)} nya månadsdelar: {', '.join(created) or 'inga'}.")
        caught = audit_partitions.default_partition_rows()
        if caught:
            self.stdout.write(
                self.style.WARNING(f"Varning: {caught} poster ligger i standarddelen.")
            )

    def _detach(self, before: str | None, *, drop: bool) -> None:
        match = re.fullmatch(r"(\d{4})-(\d{2})", before or "")
        if match is None or not 1 <= int(match[2]) <= 12:
            raise CommandError("Ange den första månaden som ska finnas kvar: --before ÅÅÅÅ-MM.")
        first_kept = date(int(match[1]), int(match[2]), 1)
        try:
            names = audit_months_detach(before=first_kept, drop=drop)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        verb = "borttagna" if drop else "bortkopplade"
        self.stdout.write(f"{len(names)} månadsdelar {verb}: {', '.join(names) or 'inga'}.")

    def _restrict_role(self, role: str | None, *, print_only: bool) -> None:
        if not role:
            raise CommandError("Ange programmets databasroll med --role.")
        statements = restrict_role_sql(
            role, partitions=[partition.name for partition in audit_partitions.partitions()]
        )
        if print_only:
            self.stdout.write(";\n".join(statements) + ";")
            return
        if connection.vendor != "postgresql":
            raise CommandError("restrict-role gäller PostgreSQL; SQLite har inga roller.")
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
        self.stdout.write(
            f"Rollen {role} får nu bara läsa och lägga till loggposter (inte ändra eller ta bort)."
        )
