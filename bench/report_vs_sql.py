"""How much dearer is the board report than one hand-written SQL aggregate over the same rows?

The board report for one organisation and one calendar year (every table, both periods,
suppression and all) against a single SQL statement that counts the same year's new, active and
closed participants — the floor any report over those rows has to pay. Prints both medians and
the ratio. Not part of `make test`.

    python bench/report_vs_sql.py [--database-url URL] [--participants N] [--repeats R]

An empty database first gets N synthetic participants (`lotsa generate`, default 20 000).
"""

import argparse
import statistics
import time

import common

SQL = """
SELECT
  COUNT(DISTINCT CASE WHEN c.start_date BETWEEN %(start)s AND %(end)s
        THEN c.participant_id END) AS new,
  COUNT(DISTINCT CASE WHEN c.start_date <= %(end)s
        AND (c.closed_on IS NULL OR c.closed_on >= %(start)s) THEN c.participant_id END) AS active,
  COUNT(DISTINCT CASE WHEN c.closed_on BETWEEN %(start)s AND %(end)s
        THEN c.participant_id END) AS closed
FROM cases_case c
WHERE c.organisation_id = %(organisation)s
"""


def _median_seconds(action, repeats: int) -> float:  # type: ignore[no-untyped-def]
    action()  # warm caches and connections
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--participants", type=int, default=20_000)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--json", default=None)
    args = parser.parse_args()

    common.setup_django(common.database_url_from(args.database_url))
    common.migrate()
    if not common.participant_count():
        common.grow_world(to=args.participants, seed=common.SEED, audit_per_participant=2)

    from django.db import connection
    from django.db.models import Count

    from lotsa.cases.models import Case
    from lotsa.organisations.models import Organisation
    from lotsa.statistics.periods import year
    from lotsa.statistics.report import (
        ReportFilter,
        _flow_annotations,
        base_cases,
        board_report,
    )
    from lotsa.statistics.tables import publish

    organisation = Organisation.objects.annotate(n=Count("cases")).order_by("-n", "pk")[0]
    last_start = Case.objects.filter(organisation=organisation).order_by("-start_date")[0]
    period = year(last_start.start_date.year - 1)
    cases = Case.objects.filter(organisation=organisation).count()
    params = {"start": period.start, "end": period.end, "organisation": organisation.pk}

    def report() -> None:
        built = board_report(ReportFilter(organisation=organisation, period=period))
        for table in built.tables():
            publish(table)

    def report_flow() -> None:
        # The report's own query for the same three figures (the first table's current period).
        base_cases(ReportFilter(organisation=organisation, period=period)).aggregate(
            **_flow_annotations(period)
        )

    def hand_sql() -> None:
        with connection.cursor() as cursor:
            cursor.execute(SQL, params)
            cursor.fetchall()

    with connection.cursor() as cursor:
        cursor.execute(SQL, params)
        new, active, closed = cursor.fetchone()
    flow = board_report(ReportFilter(organisation=organisation, period=period)).tables()[0]
    assert [row[0] for row in flow.current] == [new, active, closed], "the report disagrees"

    report_seconds = _median_seconds(report, args.repeats)
    flow_seconds = _median_seconds(report_flow, args.repeats)
    sql_seconds = _median_seconds(hand_sql, args.repeats)
    print(
        f"{common.vendor()}: {organisation.name}, {cases} cases, year {period.start.year} "
        f"({active} active participants), {common.participant_count()} participants in the database"
    )
    print(
        f"  board report (every table, both periods, suppression): {report_seconds * 1000:.0f} ms"
    )
    print(f"  one hand-written SQL aggregate (new/active/closed):    {sql_seconds * 1000:.1f} ms")
    print(f"  the report's query for the same three figures:          {flow_seconds * 1000:.1f} ms")
    print(f"  same figures, report/SQL: {flow_seconds / sql_seconds:.1f}× (target ≤ 2×)")
    print(f"  whole report/SQL:         {report_seconds / sql_seconds:.1f}×")
    common.write_json(
        args.json,
        {
            "benchmark": "report_vs_sql",
            "cases": cases,
            "report_ms": report_seconds * 1000,
            "flow_ms": flow_seconds * 1000,
            "sql_ms": sql_seconds * 1000,
            "flow_ratio": flow_seconds / sql_seconds,
            "report_ratio": report_seconds / sql_seconds,
        },
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
