"""`lotsa audit verify`: check every audit chain and report the first broken link."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lotsa.audit.chain import verify_chain
from lotsa.audit.models import AuditChainHead, AuditRecord

PROBLEMS = {
    "altered": "posten har ändrats efter att den skrevs",
    "relinked": "posten pekar inte på föregående post",
    "missing": "en post saknas före den här",
    "truncated": "poster saknas i slutet av kedjan",
}


class Command(BaseCommand):
    help = "Granskar loggens hashkedjor (verify)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args: Any, **options: Any) -> None:
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
        total = AuditRecord.objects.count()
        self.stdout.write(f"OK: {checked} kedjor, {total} poster, inga brutna länkar.")
