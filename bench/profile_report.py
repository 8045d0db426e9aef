"""Where the board report's time goes: queries, SQL time and a cProfile of the whole report.

The same organisation and year as bench/report_vs_sql.py (the organisation with the most cases,
the last full year), on an existing bench database (run report_vs_sql.py once to fill it). Not
part of `make test`.

    python bench/profile_report.py [--database-url URL] [--repeats R] [--top N]
"""

import argparse
import cProfile
import io
import pstats
import time

import common


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args()

    common.setup_django(common.database_url_from(args.database_url))

    from django.db import connection
    from django.db.models import Count
    from django.test.utils import CaptureQueriesContext

    from lotsa.cases.models import Case
    from lotsa.organisations.models import Organisation
    from lotsa.statistics.periods import year
    from lotsa.statistics.report import Report, ReportFilter, board_report
    from lotsa.statistics.tables import publish

    organisation = Organisation.objects.annotate(n=Count("cases")).order_by("-n", "pk")[0]
    last_start = Case.objects.filter(organisation=organisation).order_by("-start_date")[0]
    period = year(last_start.start_date.year - 1)

    def build() -> Report:
        return board_report(ReportFilter(organisation=organisation, period=period))

    def report() -> None:
        for table in build().tables():
            publish(table)

    report()  # warm caches and the connection
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        built = build()
        built_seconds = time.perf_counter() - started
        for table in built.tables():
            publish(table)
        total_seconds = time.perf_counter() - started
    publish_ms = (total_seconds - built_seconds) * 1000
    sql_seconds = sum(float(query["time"]) for query in captured.captured_queries)
    print(
        f"{common.vendor()}: {organisation.name}, year {period.start.year}: "
        f"{len(captured)} queries, {total_seconds * 1000:.1f} ms in all "
        f"(build {built_seconds * 1000:.1f} ms, publish {publish_ms:.1f} ms)"
        f", SQL as the driver timed it {sql_seconds * 1000:.1f} ms"
    )
    slowest = sorted(captured.captured_queries, key=lambda query: -float(query["time"]))
    for query in slowest[:10]:
        print(f"  {float(query['time']) * 1000:6.1f} ms  {query['sql'][:110]}")

    profile = cProfile.Profile()
    profile.enable()
    for _ in range(args.repeats):
        report()
    profile.disable()
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(args.top)
    print(out.getvalue())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
