"""`make bench`: every benchmark in order, against a database of its own, then a summary.

PostgreSQL when it answers (a fresh database `lotsa_bench`, dropped afterwards), else SQLite
(var/bench.sqlite3). Set BENCH_POSTGRES_URL to use another server; pass --big N for the big
size (default 100 000 participants on PostgreSQL, 10 000 on SQLite).

    python bench/run_all.py [--big N] [--sqlite] [--keep] [--json results.json]
        [--import-rows N] [--load-users N] [--load-seconds S]

The summary ends with every target of issue 17, item 6, the measured value and PASS or MISS.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BENCHMARKS = ("flatness.py", "floor.py", "report_vs_sql.py", "import_vs_copy.py", "load.py")
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/lotsa_bench"
SQLITE_FILE = ROOT / "var" / "bench.sqlite3"


def postgres_maintenance_url(url: str) -> tuple[str, str]:
    """The server's `postgres` database (to create and drop the bench one), and its name."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    return urlunsplit(parts._replace(path="/postgres")), name


def postgres_reachable(url: str) -> bool:
    try:
        import psycopg
    except ImportError:
        return False
    maintenance, _name = postgres_maintenance_url(url)
    try:
        with psycopg.connect(maintenance, connect_timeout=3):
            return True
    except psycopg.Error:
        return False


def recreate_postgres(url: str, *, drop_only: bool = False) -> None:
    import psycopg
    from psycopg import sql

    maintenance, name = postgres_maintenance_url(url)
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        if not drop_only:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def remove_sqlite() -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{SQLITE_FILE}{suffix}").unlink(missing_ok=True)


def run(script: str, database_url: str, extra: list[str], results: Path) -> dict:
    command = [
        sys.executable,
        str(HERE / script),
        "--database-url",
        database_url,
        "--json",
        str(results),
        *extra,
    ]
    print(f"\n=== {script} ===", flush=True)
    started = time.monotonic()
    subprocess.run(command, check=True, cwd=ROOT)
    print(f"({script}: {time.monotonic() - started:.0f} s)", flush=True)
    return json.loads(results.read_text(encoding="utf-8"))


def _options(**values: int | None) -> list[str]:
    return [part for name, value in values.items() if value for part in (f"--{name}", str(value))]


def summary(flatness: dict, floor: dict) -> str:
    sys.path.insert(0, str(HERE))
    import common

    floors = {page["page"]: page for page in floor["pages"]}
    rows = []
    for page in flatness["pages"]:
        if not page.get("main", True):
            continue
        times_floor = floors.get(page["page"], {}).get("times_floor")
        rows.append(
            [
                page["page"],
                f"{page['small_ms']:.1f}",
                f"{page['big_ms']:.1f}",
                f"{page['ratio']:.2f}",
                f"{page['small_queries']}/{page['big_queries']}",
                f"{times_floor:.1f}" if times_floor else "–",
            ]
        )
    headers = [
        "sida",
        f"ms vid {flatness['small']}",
        f"ms vid {flatness['big']}",
        "stor/liten",
        "frågor",
        "× golvet",
    ]
    lines = [
        f"Sammanfattning ({flatness['database']}, {os.cpu_count()} kärnor; golvet "
        f"{floor['floor_ms']:.2f} ms vid {floor['participants']} deltagare):",
        common.table(rows, headers),
    ]
    for finding in flatness.get("seq_scans", []):
        lines.append(
            f"Seq Scan: {finding['relation']} ({finding['table_rows']} rader) "
            f"i {finding['page']}, {finding['query_ms']:.1f} ms"
        )
    return "\n".join(lines)


# Issue 17, item 6: (what, target as text, test on the measured value).
TARGETS = {
    "case_times_floor": ("Ärendesidan × golvet", "≤ 10×", lambda value: value <= 10),
    "case_queries": ("Ärendesidan, frågor", "≤ 15", lambda value: value <= 15),
    "my_cases_times_floor": ("Mina ärenden × golvet", "≤ 5×", lambda value: value <= 5),
    "queue_times_floor": ("Remisskön × golvet", "≤ 5×", lambda value: value <= 5),
    "report_ratio": ("Hela nämndrapporten / SQL", "≤ 20×", lambda value: value <= 20),
    "import_share_of_copy": (
        "lotsa import / COPY, genomströmning",
        "≥ 0.5",
        lambda value: value >= 0.5,
    ),
    "load_requests_per_second": ("Last, anrop/s", "≥ 40", lambda value: value >= 40),
    "load_p95_ms": ("Last, p95 ms", "≤ 300", lambda value: value <= 300),
    "load_failures": ("Last, fel", "0", lambda value: value == 0),
}


def measured(flatness: dict, floor: dict, report: dict, imports: dict, load: dict) -> dict:
    """The figures item 6 sets a target for, by TARGETS key (absent when not measured)."""
    by_page = {page["page"]: page for page in floor["pages"]}
    big_queries = {page["page"]: page["big_queries"] for page in flatness["pages"]}
    figures: dict[str, float] = {
        "case_times_floor": by_page["Ärendesidan"]["times_floor"],
        "case_queries": max(by_page["Ärendesidan"]["queries"], big_queries["Ärendesidan"]),
        "my_cases_times_floor": by_page["Mina ärenden"]["times_floor"],
        "queue_times_floor": by_page["Remisskön"]["times_floor"],
        "report_ratio": report["report_ratio"],
    }
    if not imports.get("skipped"):
        figures["import_share_of_copy"] = imports["copy_seconds"] / imports["import_seconds"]
    if not load.get("skipped"):
        figures["load_requests_per_second"] = load["requests_per_second"]
        figures["load_p95_ms"] = load["p95_ms"]
        figures["load_failures"] = load["failures"]
    return figures


def targets_table(figures: dict) -> str:
    """Every target of item 6 with the measured value and PASS, MISS or – (not measured)."""
    sys.path.insert(0, str(HERE))
    import common

    rows = []
    for key, (label, target, passes) in TARGETS.items():
        if key in figures:
            value = figures[key]
            shown = f"{value:.0f}" if value >= 100 or float(value).is_integer() else f"{value:.2f}"
            rows.append([label, target, shown, "PASS" if passes(value) else "MISS"])
        else:
            rows.append([label, target, "–", "– (inte mätt)"])
    return "Mål (issue 17, punkt 6):\n" + common.table(rows, ["mått", "mål", "mätt", "utfall"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--big", type=int, default=None)
    parser.add_argument(
        "--sqlite", action="store_true", help="use SQLite even if PostgreSQL answers"
    )
    parser.add_argument("--keep", action="store_true", help="keep the bench database afterwards")
    parser.add_argument("--json", default=None, help="write all results to this file")
    parser.add_argument("--import-rows", type=int, default=None, help="import_vs_copy.py --rows")
    parser.add_argument("--load-users", type=int, default=None, help="load.py --users")
    parser.add_argument("--load-seconds", type=int, default=None, help="load.py --seconds")
    args = parser.parse_args()

    postgres_url = os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES_URL)
    use_postgres = not args.sqlite and postgres_reachable(postgres_url)
    if use_postgres:
        database_url = postgres_url
        recreate_postgres(database_url)
        print(f"PostgreSQL: {postgres_maintenance_url(database_url)[1]} (ny databas)")
    else:
        SQLITE_FILE.parent.mkdir(parents=True, exist_ok=True)
        remove_sqlite()
        database_url = f"sqlite:///{SQLITE_FILE}"
        print(f"SQLite: {SQLITE_FILE} (PostgreSQL svarar inte eller --sqlite)")
    extra = ["--big", str(args.big)] if args.big else []
    try:
        with tempfile.TemporaryDirectory() as folder:
            flatness = run("flatness.py", database_url, extra, Path(folder) / "flatness.json")
            floor = run("floor.py", database_url, [], Path(folder) / "floor.json")
            report = run("report_vs_sql.py", database_url, [], Path(folder) / "report.json")
            imports = run(
                "import_vs_copy.py",
                database_url,
                _options(rows=args.import_rows),
                Path(folder) / "import.json",
            )
            load = run(
                "load.py",
                database_url,
                _options(users=args.load_users, seconds=args.load_seconds),
                Path(folder) / "load.json",
            )
    finally:
        if not args.keep:
            if use_postgres:
                recreate_postgres(database_url, drop_only=True)
            else:
                remove_sqlite()
    print()
    print(summary(flatness, floor))
    print(
        f"Nämndrapporten/SQL: samma tre tal {report['flow_ratio']:.1f}×, hela rapporten "
        f"{report['report_ratio']:.0f}× "
        f"({report['report_ms']:.0f} ms mot {report['sql_ms']:.1f} ms)"
    )
    if not imports.get("skipped"):
        print(
            f"Import/COPY: {imports['ratio']:.1f}× tiden för {imports['rows']} deltagare "
            f"({imports['import_seconds']:.1f} s mot {imports['copy_seconds']:.1f} s)"
        )
        if imports.get("import_cpu_seconds") and imports.get("copy_cpu_seconds"):
            print(
                f"Import/COPY, CPU (process + databas): "
                f"{imports['import_cpu_seconds'] / imports['copy_cpu_seconds']:.1f}×"
            )
    if not load.get("skipped"):
        print(
            f"Last: {load['requests_per_second']:.1f} anrop/s, p50 {load['p50_ms']:.0f} ms, "
            f"p95 {load['p95_ms']:.0f} ms, p99 {load['p99_ms']:.0f} ms, fel {load['failures']} "
            f"({load['users']} användare: högst {load['offered_ceiling_per_second']:.0f} anrop/s)"
        )
    figures = measured(flatness, floor, report, imports, load)
    print()
    print(targets_table(figures))
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "flatness": flatness,
                    "floor": floor,
                    "report": report,
                    "import": imports,
                    "load": load,
                    "targets": figures,
                },
                indent=2,
            ),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
