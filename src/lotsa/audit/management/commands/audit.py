"""`lotsa audit verify|checkpoint|restrict-role`: the audit log's integrity.

verify          check every chain (keyed hashes) and compare it with every checkpoint
checkpoint      write a signed checkpoint of every chain head (daily, docs/deployment.md)
restrict-role   on PostgreSQL: let the application's database role only read and insert
                audit records (docs/security.md, docs/deployment.md)
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from lotsa.audit.chain import verify_chain
from lotsa.audit.checkpoint import checkpoint_dir, checkpoint_write, checkpoints_verify
from lotsa.audit.grants import restrict_role_sql
from lotsa.audit.models import AuditChainHead, AuditRecord

PROBLEMS = {
    "altered": "posten har ändrats efter att den skrevs",
    "relinked": "posten pekar inte på föregående post",
    "missing": "en post saknas före den här",
    "truncated": "poster saknas i slutet av kedjan",
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
        parser.add_argument("action", choices=["verify", "checkpoint", "restrict-role"])
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
        else:
            self._verify()

    def _verify(self) -> None:
        chains = set(AuditChainHead.objects.values_list("chain", flat=True))
        chains |= set(AuditRecord.objects.values_list("chain", flat=True).distinct())
        checked = 0
        for chain in sorted(chains):
            broken = verify_chain(chain)
            if broken is not None:
                where = f"post {broken.record_id}" if broken.record_id else "kedjans slut"
                raise CommandError(
                    f"Kedja {broken.chain} är bruten vid nummer {broken.seq} ({where}): "
                    f"{PROBLEMS[broken.problem]}."
                )
            checked += 1
        read, problems = checkpoints_verify()
        if problems:
            lines = [
                f"{problem.path.name}"
                + (f", kedja {problem.chain}" if problem.chain is not None else "")
                + f": {CHECKPOINT_PROBLEMS[problem.problem]}."
                for problem in problems
            ]
            raise CommandError("Loggen stämmer inte med kontrollpunkterna:\n" + "\n".join(lines))
        total = AuditRecord.objects.count()
        self.stdout.write(f"OK: {checked} kedjor, {total} poster, inga brutna länkar.")
        if read:
            self.stdout.write(f"OK: {read} kontrollpunkter i {checkpoint_dir()} stämmer.")
        else:
            self.stdout.write(
                self.style.WARNING(
                    f"Varning: inga kontrollpunkter i {checkpoint_dir()}; "
                    "kör `lotsa audit checkpoint` dagligen."
                )
            )

    def _restrict_role(self, role: str | None, *, print_only: bool) -> None:
        if not role:
            raise CommandError("Ange programmets databasroll med --role.")
        statements = restrict_role_sql(role)
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
