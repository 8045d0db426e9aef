"""Shared by the benchmarks: Django set-up, the synthetic world, the pages, timing and EXPLAIN.

The benchmarks are plain scripts (`make bench` runs bench/run_all.py), not tests. They time
pages in-process through Django's test Client, so what they measure is server time: URL
routing, middleware, sessions, queries and template rendering, without a network or a browser.
"""

import json
import os
import statistics
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE_URL = f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}"
SMALL = 1000
BIG_POSTGRES = 100_000
BIG_SQLITE = 10_000
SEED = 2026
WARMUP = 5
REPEATS = 25
LARGE_TABLE_ROWS = 10_000  # a sequential scan of a table this big is reported


def setup_django(database_url: str) -> None:
    """Production settings with the test suite's secret key; persistent connections, as behind
    a real server (otherwise every request would pay for a new database connection)."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DATABASE_CONN_MAX_AGE", "600")
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotsa.config.settings_test")
    os.environ.setdefault("AXES_ENABLED", "false")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    # As lotsa.config.wsgi does in the server: the loaded project out of the collector's way.
    from lotsa.core.startup import freeze_loaded_objects

    freeze_loaded_objects()


def database_url_from(argv_value: str | None) -> str:
    return argv_value or os.environ.get("BENCH_DATABASE_URL") or DEFAULT_SQLITE_URL


def vendor() -> str:
    from django.db import connection

    return connection.vendor


def migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def participant_count() -> int:
    from lotsa.people.models import Participant

    return Participant.objects.count()


def grow_world(*, to: int, seed: int, audit_per_participant: int) -> float:
    """Add organisations of 1 000 participants until there are `to` participants; seconds."""
    from lotsa.scale import shapes
    from lotsa.scale.generator import GenerateOptions, generate
    from lotsa.scale.progress import Progress

    missing = to - participant_count()
    if missing <= 0:
        return 0.0
    organisations = max(1, missing // shapes.PARTICIPANTS_PER_ORGANISATION)
    result = generate(
        GenerateOptions(
            participants=missing,
            seed=seed,
            organisations=organisations,
            audit_per_participant=audit_per_participant,
        ),
        progress=Progress(missing, label=f"Genererar {missing} deltagare"),
    )
    rows = ", ".join(f"{table} {count}" for table, count in result.rows.items())
    print(f"  genererat på {result.seconds:.0f} s: {rows}", flush=True)
    return result.seconds


@dataclass
class Page:
    name: str
    url: str
    username: str


def benchmark_pages() -> list[Page]:
    """The four pages whose big/small ratio is the result (see more_pages for the rest)."""
    return _pages()[:4]


def more_pages() -> list[Page]:
    """Further per-user pages, timed and EXPLAINed the same way; the audit log ones read the
    largest table."""
    return _pages()[4:]


def _pages() -> list[Page]:
    """Pages for actors of the first synthetic organisation.

    A coach with a typical caseload opens "Mina ärenden", one of their open cases with a
    typical journal, and searches for that participant's last name; the support unit's manager
    opens the intake queue. Then: the manager's list of the unit's cases, a referrer's own
    referrals, the participant page, who has looked at the participant, and the unit's log
    review.
    """
    from django.db.models import Count
    from django.urls import reverse

    from lotsa.cases.constants import OPEN_CASE_STATUSES
    from lotsa.cases.models import Case
    from lotsa.organisations.constants import Role
    from lotsa.organisations.models import Organisation, User

    organisation = Organisation.objects.filter(users__username__startswith="syn").order_by("pk")[0]
    coaches = list(
        User.objects.filter(organisation=organisation, role=Role.COACH)
        .annotate(case_count=Count("cases"))
        .order_by("case_count", "username")
    )
    coach = coaches[len(coaches) // 2]
    cases = list(
        Case.objects.filter(
            coach=coach, status__in=OPEN_CASE_STATUSES, participant__is_protected=False
        )
        .annotate(note_count=Count("notes"))
        .order_by("note_count", "pk")
        .select_related("participant")
    )
    case = cases[len(cases) // 2]
    manager = User.objects.get(
        organisation=organisation, role=Role.MANAGER, unit__runs_support=True
    )
    referrers = list(
        User.objects.filter(organisation=organisation, role=Role.REFERRER)
        .annotate(referral_count=Count("referrals_made"))
        .order_by("referral_count", "username")
    )
    referrer = referrers[len(referrers) // 2]
    participant = case.participant
    search = reverse("people:list") + "?q=" + participant.last_name
    return [
        Page("Mina ärenden", reverse("cases:my_cases"), coach.username),
        Page("Ärendesidan", reverse("cases:detail", args=[case.pk]), coach.username),
        Page("Remisskön", reverse("referrals:queue"), manager.username),
        Page("Deltagarsök", search, coach.username),
        Page("Enhetens ärenden", reverse("cases:unit_cases"), manager.username),
        Page("Mina remisser", reverse("referrals:mine"), referrer.username),
        Page("Deltagarsidan", reverse("people:detail", args=[participant.pk]), coach.username),
        Page(
            "Vem har tittat",
            reverse("oversight:participant_log", args=[participant.pk]),
            manager.username,
        ),
        Page("Logggranskning", reverse("oversight:review"), manager.username),
    ]


@dataclass
class Timing:
    median_ms: float
    p90_ms: float
    queries: int
    status: int
    sql: list[str] = field(default_factory=list, repr=False)


def time_page(url: str, username: str, *, repeats: int = REPEATS, warmup: int = WARMUP) -> Timing:
    """Median server time of `repeats` warm requests, and the SQL of one request."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from lotsa.organisations.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    for _ in range(warmup):
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} svarade {response.status_code} för {username}")
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    # Read now: the next request clears the connection's query log.
    sql = [query["sql"] for query in captured.captured_queries]
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return Timing(
        median_ms=statistics.median(samples),
        p90_ms=samples[int(len(samples) * 0.9) - 1],
        queries=len(sql),
        status=response.status_code,
        sql=sql,
    )


@dataclass
class Finding:
    page: str
    relation: str
    table_rows: int
    rows_removed: int
    filter: str
    query_ms: float
    query: str


def explain_page(page: str, sql: list[str]) -> tuple[list[Finding], list[tuple[float, str]]]:
    """EXPLAIN ANALYZE every SELECT of a page (PostgreSQL): sequential scans of large tables,
    and each query's execution time. Runs in a transaction that is rolled back."""
    from django.db import connection, transaction

    findings: list[Finding] = []
    timings: list[tuple[float, str]] = []
    with transaction.atomic(), connection.cursor() as cursor:
        for statement in sql:
            text = statement.strip()
            if not text.upper().startswith("SELECT") or "FOR UPDATE" in text.upper():
                continue
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + text)
            raw = cursor.fetchone()[0]
            plan = (json.loads(raw) if isinstance(raw, str) else raw)[0]
            total = float(plan.get("Execution Time", 0.0))
            timings.append((total, text))
            for node in _nodes(plan["Plan"]):
                if node.get("Node Type") != "Seq Scan":
                    continue
                relation = node.get("Relation Name", "")
                rows = _table_rows(cursor, relation)
                if rows >= LARGE_TABLE_ROWS:
                    findings.append(
                        Finding(
                            page=page,
                            relation=relation,
                            table_rows=rows,
                            rows_removed=int(node.get("Rows Removed by Filter", 0))
                            * int(node.get("Actual Loops", 1)),
                            filter=str(node.get("Filter", "")),
                            query_ms=total,
                            query=text,
                        )
                    )
        transaction.set_rollback(True)
    return findings, timings


def _nodes(node: dict[str, Any]) -> list[dict[str, Any]]:
    found = [node]
    for child in node.get("Plans", []):
        found.extend(_nodes(child))
    return found


def _table_rows(cursor: Any, relation: str) -> int:
    cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE relname = %s", [relation])
    row = cursor.fetchone()
    return int(row[0]) if row else 0


def write_json(path: str | None, data: Any) -> None:
    if path:
        Path(path).write_text(json.dumps(data, indent=2, default=_plain), encoding="utf-8")


def _plain(value: Any) -> Any:
    if hasattr(value, "__dataclass_fields__"):
        return asdict(value)
    return str(value)


def table(rows: list[list[str]], headers: list[str]) -> str:
    widths = [
        max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=False)
    ]
    lines = ["  ".join(str(cell).ljust(width) for cell, width in zip(headers, widths, strict=True))]
    lines.append("  ".join("-" * width for width in widths))
    for row in rows:
        lines.append(
            "  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True))
        )
    return "\n".join(lines)
