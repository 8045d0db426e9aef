"""Load: Locust coaches, referrers and managers against gunicorn on PostgreSQL, on loopback.

Grows the synthetic world to --participants, gives the first organisation's staff a password,
starts gunicorn, runs Locust headless for --seconds with --users simulated people (the
working day in bench/locustfile.py), and prints throughput, p50/p95/p99 and the error count,
which must be 0. Locust is in the `bench` extra: `.venv/bin/pip install -e '.[bench]'`.

    python bench/load.py --database-url postgres://…/lotsa_bench [--participants 5000]
        [--users 60] [--seconds 60] [--workers 3]

The people think between actions (bench/load_mix.py), so --users bounds the throughput:
60 (the default) can ask for at most 48 requests/s, enough to test the target of 40; the
ceiling is printed with the result.
"""

import argparse
import csv
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import common
from load_mix import MEAN_THINK_SECONDS, offered_ceiling

PASSWORD = "lasttest-syntetiskt-losenord"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _staff() -> dict[str, list[str]]:
    """The first synthetic organisation's coaches with open cases, referrers and the support
    manager, each given the load-test password (the bench database is thrown away)."""
    from django.db.models import Count, Q

    from lotsa.cases.constants import OPEN_CASE_STATUSES
    from lotsa.organisations.constants import Role
    from lotsa.organisations.models import Organisation, User

    organisation = Organisation.objects.filter(users__username__startswith="syn").order_by("pk")[0]
    coaches = (
        User.objects.filter(organisation=organisation, role=Role.COACH)
        .annotate(open_cases=Count("cases", filter=Q(cases__status__in=OPEN_CASE_STATUSES)))
        .filter(open_cases__gt=0)
    )
    chosen = {
        "coach": list(coaches),
        "referrer": list(User.objects.filter(organisation=organisation, role=Role.REFERRER)),
        "manager": list(
            User.objects.filter(
                organisation=organisation, role=Role.MANAGER, unit__runs_support=True
            )
        ),
    }
    for users in chosen.values():
        for user in users:
            user.set_password(PASSWORD)
            user.save(update_fields=["password"])
    return {role: [user.username for user in users] for role, users in chosen.items()}


def _wait_until_up(url: str, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped with code {server.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/healthz/", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("gunicorn did not answer within a minute")


def _read_stats(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--participants", type=int, default=5000)
    parser.add_argument("--users", type=int, default=60)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) + 1)
    parser.add_argument("--json", default=None)
    args = parser.parse_args()
    database_url = common.database_url_from(args.database_url)
    common.setup_django(database_url)
    if common.vendor() != "postgresql":
        print("Hoppar över: lasttestet körs mot PostgreSQL.")
        common.write_json(args.json, {"benchmark": "load", "skipped": True})
        return 0
    # Locust from this environment (the `bench` extra), or BENCH_LOCUST: the path of a locust
    # installed elsewhere, so its dependencies need not enter the application's environment.
    locust = os.environ.get("BENCH_LOCUST") or shutil.which(
        "locust", path=str(Path(sys.executable).parent)
    )
    if locust is None:
        print("Hoppar över: Locust saknas (pip install -e '.[bench]').")
        common.write_json(args.json, {"benchmark": "load", "skipped": True})
        return 0
    common.migrate()
    common.grow_world(to=args.participants, seed=common.SEED, audit_per_participant=5)
    staff = _staff()
    participants = common.participant_count()
    from django.db import connections

    connections.close_all()

    port = _free_port()
    host = f"http://127.0.0.1:{port}"
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DATABASE_CONN_MAX_AGE": "600",
        "DJANGO_SETTINGS_MODULE": "lotsa.config.settings_test",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_COOKIES": "false",
        "AXES_ENABLED": "false",
        "LOTSA_LOAD_PASSWORD": PASSWORD,
        "LOTSA_LOAD_USERS": ",".join(
            f"{role}:{username}" for role, names in staff.items() for username in names
        ),
    }
    bin_dir = Path(sys.executable).parent
    server = subprocess.Popen(
        [
            str(bin_dir / "gunicorn"),
            "lotsa.config.wsgi:application",
            "--workers",
            str(args.workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        env=environment,
        cwd=common.ROOT,
    )
    try:
        _wait_until_up(host, server)
        with tempfile.TemporaryDirectory() as folder:
            prefix = Path(folder) / "load"
            subprocess.run(
                [
                    locust,
                    "-f",
                    str(Path(__file__).with_name("locustfile.py")),
                    "--headless",
                    "--users",
                    str(args.users),
                    "--spawn-rate",
                    str(max(1, args.users // 5)),
                    "--run-time",
                    f"{args.seconds}s",
                    "--host",
                    host,
                    "--csv",
                    str(prefix),
                    "--only-summary",
                    "--loglevel",
                    "WARNING",
                ],
                env=environment,
                check=False,
                stdout=subprocess.DEVNULL,
                stderr=(Path(folder) / "locust.log").open("w"),
            )
            if not Path(f"{prefix}_stats.csv").exists():
                raise SystemExit((Path(folder) / "locust.log").read_text()[-3000:])
            rows = _read_stats(Path(f"{prefix}_stats.csv"))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    total = next(row for row in rows if row["Name"] == "Aggregated")
    table_rows = [
        [
            row["Name"],
            row["Request Count"],
            row["Failure Count"],
            f"{float(row['Requests/s']):.1f}",
            row["50%"],
            row["95%"],
            row["99%"],
        ]
        for row in rows
    ]
    print(
        f"\nLast: {args.users} användare i {args.seconds} s mot gunicorn ({args.workers} "
        f"arbetare) och PostgreSQL, {participants} deltagare, {os.cpu_count()} kärnor:"
    )
    print(
        common.table(table_rows, ["anrop", "antal", "fel", "per s", "p50 ms", "p95 ms", "p99 ms"])
    )
    failures = int(total["Failure Count"])
    print(f"fel: {failures} (ska vara 0)")
    ceiling = offered_ceiling(args.users)
    think = f"{MEAN_THINK_SECONDS:.2f}".replace(".", ",")
    print(
        f"tak: {args.users} användare som tänker i snitt {think} s mellan anropen kan be om "
        f"högst {ceiling:.0f} anrop/s; uppmätt {float(total['Requests/s']):.1f} anrop/s"
    )
    common.write_json(
        args.json,
        {
            "benchmark": "load",
            "participants": participants,
            "users": args.users,
            "seconds": args.seconds,
            "workers": args.workers,
            "requests": int(total["Request Count"]),
            "failures": failures,
            "requests_per_second": float(total["Requests/s"]),
            "offered_ceiling_per_second": ceiling,
            "p50_ms": float(total["50%"]),
            "p95_ms": float(total["95%"]),
            "p99_ms": float(total["99%"]),
        },
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
