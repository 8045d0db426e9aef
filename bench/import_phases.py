"""Where an import's time goes, phase by phase, without a profiler.

Runs the same service calls `lotsa import --kind participants` makes (read the file, check the
rows, write the participants, write their audit records, commit), then the COPY of
bench/import_vs_copy.py, and prints for each phase the wall-clock time, this process's CPU
time and the PostgreSQL backend's CPU time (from /proc, so the server must run on this
machine). CPU times move far less than wall-clock times when the machine is shared.

    python bench/import_phases.py --database-url postgres://…/lotsa_bench [--rows 20000]
"""

import argparse
import csv
import os
import sys
import tempfile
import time
from pathlib import Path

import common


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--rows", type=int, default=20_000)
    args = parser.parse_args()
    common.setup_django(common.database_url_from(args.database_url))
    if common.vendor() != "postgresql":
        print("Hoppar över: COPY finns bara i PostgreSQL.")
        return 0
    common.migrate()
    import import_vs_copy as bench
    from django.db import connection, transaction
    from django.utils import timezone

    from lotsa.audit.constants import AuditAction
    from lotsa.audit.services import audit_rows
    from lotsa.imports import services
    from lotsa.imports.files import read_table
    from lotsa.imports.rows import participants_check
    from lotsa.people.models import Participant

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        stat = Path(f"/proc/{cursor.fetchone()[0]}/stat")
    ticks = os.sysconf("SC_CLK_TCK")

    def backend_cpu() -> float:
        fields = stat.read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / ticks

    phases: list[tuple[str, float, float, float]] = []
    started = [0.0, 0.0, 0.0]

    def start() -> None:
        started[:] = [time.perf_counter(), time.process_time(), backend_cpu()]

    def done(name: str) -> None:
        wall, cpu, backend = started
        phases.append(
            (name, time.perf_counter() - wall, time.process_time() - cpu, backend_cpu() - backend)
        )

    people = bench._people(args.rows, common.SEED)
    stamp = int(time.time())
    imported_into = bench._organisation(f"Fasby {stamp}")
    copied_into = bench._organisation(f"Fasby COPY {stamp}")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "deltagare.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=bench.HEADER, delimiter=";")
            writer.writeheader()
            writer.writerows(people)
        start()
        table = read_table(path)
        done("läsa filen")
    start()
    lookup = services.participant_lookup(imported_into, today=timezone.localdate())
    drafts, errors = participants_check(table.rows, lookup)
    assert not errors, errors[:3]
    done("kontrollera raderna")
    with transaction.atomic():
        start()
        ids = services._participants_write(actor=None, organisation=imported_into, drafts=drafts)
        done("skriva deltagarna")
        start()
        audit_rows(
            actor=None,
            action=AuditAction.CREATE,
            object_type=Participant._meta.label_lower,
            items=[(pk, pk, imported_into.pk) for pk in ids],
            summary="Registrerade deltagare (import)",
        )
        done("skriva loggposterna")
        start()
    done("commit")
    start()
    bench._copy_rows(copied_into, people)
    done("COPY (jämförelse)")
    print(f"{args.rows} deltagare, load average {os.getloadavg()[0]:.1f}:")
    print(
        common.table(
            [
                [name, f"{wall:.3f}", f"{cpu:.3f}", f"{backend:.3f}"]
                for name, wall, cpu, backend in phases
            ],
            ["fas", "tid s", "CPU s", "databasens CPU s"],
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
