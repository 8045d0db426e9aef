"""Import vs. COPY: `lotsa import` of N participants against PostgreSQL COPY of the same rows.

The import reads the CSV, checks every row (personnummer, units, districts, duplicates), writes
the participants in one transaction and audits the import; COPY only streams the finished
column values into the table. The ratio says what the checks and the ORM cost per row.

    python bench/import_vs_copy.py --database-url postgres://…/lotsa_bench [--rows 20000]

`--profile N` runs the import under cProfile and prints the N most expensive functions
(cumulative time), to see where an import's time goes; the timings then include the profiler.

Besides wall-clock time it prints the CPU time spent on each side: this process plus its
PostgreSQL backend process (read from /proc when the server runs on this machine). On a machine
shared with other work the wall clock mostly measures waiting for a core; CPU time moves much
less with the load, so compare CPU ratios between runs made at different loads.
"""

import argparse
import cProfile
import csv
import os
import pstats
import random
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import common

HEADER = [
    "personnummer",
    "förnamn",
    "efternamn",
    "ansvarig_enhet",
    "e-post",
    "telefon",
    "adress",
    "postnummer",
    "ort",
    "stadsdel",
    "tolk",
    "språk",
    "skyddad_identitet",
]
UNITS = ("Försörjningsstöd", "Socialpsykiatri", "Missbruk och beroende")


def _people(rows: int, seed: int) -> list[dict[str, str]]:
    from lotsa.people.demo_names import FIRST_NAMES_MEN, FIRST_NAMES_WOMEN, LAST_NAMES, STREETS
    from lotsa.people.personnummer import make_personnummer

    rng = random.Random(seed)
    people, used = [], set()
    while len(people) < rows:
        born = date(rng.randint(1960, 2008), rng.randint(1, 12), rng.randint(1, 28))
        birth_number = rng.randint(0, 999)
        woman = birth_number % 2 == 0
        number = make_personnummer(born, birth_number).formatted
        if number in used:
            continue
        used.add(number)
        first = rng.choice(FIRST_NAMES_WOMEN if woman else FIRST_NAMES_MEN)
        people.append(
            {
                "personnummer": number,
                "förnamn": first,
                "efternamn": rng.choice(LAST_NAMES),
                "ansvarig_enhet": rng.choice(UNITS),
                "e-post": "",
                "telefon": f"070-000 {len(people) % 100:02d} {len(people) % 97:02d}",
                "adress": f"{rng.choice(STREETS)} {rng.randint(1, 80)}",
                "postnummer": "123 45",
                "ort": "Importby",
                "stadsdel": "",
                "tolk": "nej",
                "språk": "",
                "skyddad_identitet": "ja" if rng.random() < 0.01 else "nej",
            }
        )
    return people


def _organisation(name: str):  # type: ignore[no-untyped-def]
    from lotsa.organisations.constants import OrganisationKind
    from lotsa.organisations.models import Unit
    from lotsa.organisations.services import organisation_create

    organisation = organisation_create(name=name, kind=OrganisationKind.MUNICIPALITY)
    for unit in UNITS:
        Unit.objects.create(organisation=organisation, name=unit)
    return organisation


def _copy_rows(organisation, people: list[dict[str, str]]) -> int:  # type: ignore[no-untyped-def]
    """The same participants as finished column values, streamed with COPY."""
    from django.db import transaction
    from django.utils import timezone

    from lotsa.organisations.models import Unit
    from lotsa.people.constants import Gender
    from lotsa.people.models import Participant
    from lotsa.people.personnummer import parse_personnummer
    from lotsa.scale.writers import TableWriter

    units = dict(Unit.objects.filter(organisation=organisation).values_list("name", "id"))
    now = timezone.now()
    columns = [
        "organisation_id",
        "unit_id",
        "personal_number",
        "birth_date",
        "first_name",
        "last_name",
        "gender",
        "email",
        "phone",
        "street_address",
        "postal_code",
        "city",
        "district_id",
        "needs_interpreter",
        "language",
        "is_protected",
        "registered_by_id",
        "created_at",
        "updated_at",
        "version",
    ]
    rows = []
    for person in people:
        number = parse_personnummer(person["personnummer"])
        rows.append(
            (
                organisation.pk,
                units[person["ansvarig_enhet"]],
                number.canonical,
                number.birth_date,
                person["förnamn"],
                person["efternamn"],
                Gender.MAN if number.is_male else Gender.WOMAN,
                "",
                person["telefon"],
                person["adress"],
                "12345",
                person["ort"],
                None,
                False,
                "",
                person["skyddad_identitet"] == "ja",
                None,
                now,
                now,
                1,
            )
        )
    writer = TableWriter(Participant, columns, use_copy=True)
    with transaction.atomic():
        return writer.write(rows)


def _cpu_seconds() -> float | None:
    """CPU time of this process and of the database backend serving it, or None if unknown."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{backend}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:  # the server runs elsewhere (or /proc is not ours to read)
        return None
    ticks = os.sysconf("SC_CLK_TCK")
    backend_seconds = (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    return time.process_time() + backend_seconds


def _cpu_delta(started: float | None) -> float | None:
    now = _cpu_seconds()
    return None if started is None or now is None else now - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--json", default=None)
    parser.add_argument("--profile", type=int, default=0, metavar="N")
    args = parser.parse_args()
    common.setup_django(common.database_url_from(args.database_url))
    if common.vendor() != "postgresql":
        print("Hoppar över: COPY finns bara i PostgreSQL.")
        common.write_json(args.json, {"benchmark": "import_vs_copy", "skipped": True})
        return 0
    common.migrate()
    from django.core.management import call_command

    people = _people(args.rows, common.SEED)
    stamp = int(time.time())
    imported_into = _organisation(f"Importby {stamp}")
    copied_into = _organisation(f"Kopieby {stamp}")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "deltagare.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=HEADER, delimiter=";")
            writer.writeheader()
            writer.writerows(people)
        profiler = cProfile.Profile() if args.profile else None
        cpu_started = _cpu_seconds()
        started = time.perf_counter()
        if profiler is not None:
            profiler.enable()
        call_command(
            "import", imported_into.name, str(path), kind="participants", system=True, verbosity=0
        )
        if profiler is not None:
            profiler.disable()
        import_seconds = time.perf_counter() - started
        import_cpu = _cpu_delta(cpu_started)
    if profiler is not None:
        stats = pstats.Stats(profiler, stream=sys.stdout)
        stats.sort_stats("cumulative").print_stats(args.profile)
        stats.sort_stats("tottime").print_stats(args.profile)
    cpu_started = _cpu_seconds()
    started = time.perf_counter()
    copied = _copy_rows(copied_into, people)
    copy_seconds = time.perf_counter() - started
    copy_cpu = _cpu_delta(cpu_started)
    assert copied == len(people)

    from lotsa.people.models import Participant

    assert Participant.objects.filter(organisation=imported_into).count() == len(people)
    import_rate = len(people) / import_seconds
    copy_rate = len(people) / copy_seconds
    print(f"{len(people)} deltagare:")
    print(f"  lotsa import: {import_seconds:6.2f} s  ({import_rate:8.0f} rader/s)")
    print(f"  COPY:         {copy_seconds:6.2f} s  ({copy_rate:8.0f} rader/s)")
    print(f"  import/COPY:  {import_seconds / copy_seconds:.1f}× tiden")
    if import_cpu is not None and copy_cpu is not None:
        print(
            f"  CPU (process + databasens process): import {import_cpu:.2f} s, "
            f"COPY {copy_cpu:.2f} s, import/COPY {import_cpu / copy_cpu:.1f}×"
        )
    common.write_json(
        args.json,
        {
            "benchmark": "import_vs_copy",
            "rows": len(people),
            "import_seconds": import_seconds,
            "copy_seconds": copy_seconds,
            "ratio": import_seconds / copy_seconds,
            "import_cpu_seconds": import_cpu,
            "copy_cpu_seconds": copy_cpu,
        },
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
