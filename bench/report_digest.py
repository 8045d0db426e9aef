"""A digest of every published figure and mark of the board report, to check that a change
to how the report is computed leaves what it publishes alone.

The same organisation and year as bench/report_vs_sql.py, plus the report filtered by each
unit, district and target group of that organisation, and the year before; every table through
`publish`. Run it before and after a change (e.g. with PYTHONPATH pointing at the old checkout)
and compare the printed digests. Not part of `make test`.

    python bench/report_digest.py [--database-url URL] [--verbose]
"""

import argparse
import hashlib

import common


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--verbose", action="store_true", help="print each table's own digest")
    args = parser.parse_args()

    common.setup_django(common.database_url_from(args.database_url))

    from django.db.models import Count

    from lotsa.cases.models import Case
    from lotsa.guidelines.models import TargetGroup
    from lotsa.organisations.models import District, Organisation, Unit
    from lotsa.statistics.periods import year
    from lotsa.statistics.report import ReportFilter, board_report
    from lotsa.statistics.tables import publish

    organisation = Organisation.objects.annotate(n=Count("cases")).order_by("-n", "pk")[0]
    last_start = Case.objects.filter(organisation=organisation).order_by("-start_date")[0]
    filters = []
    for period in (year(last_start.start_date.year - 1), year(last_start.start_date.year - 2)):
        filters.append(ReportFilter(organisation=organisation, period=period))
    period = filters[0].period
    for unit in Unit.objects.filter(organisation=organisation).order_by("pk"):
        filters.append(ReportFilter(organisation=organisation, period=period, unit=unit))
    for district in District.objects.filter(organisation=organisation).order_by("pk"):
        filters.append(ReportFilter(organisation=organisation, period=period, district=district))
    codes = TargetGroup.objects.filter(version__guideline__organisation=organisation)
    for code in sorted(set(codes.values_list("code", flat=True))):
        filters.append(ReportFilter(organisation=organisation, period=period, target_group=code))

    whole = hashlib.sha256()
    tables = 0
    for report_filter in filters:
        for table in board_report(report_filter).tables():
            shown = publish(table)
            one = hashlib.sha256()
            one.update(repr((table.key, shown.header, shown.means, shown.note)).encode())
            for label, cells in shown.rows:
                one.update(repr((label, [(c.text, c.hidden) for c in cells])).encode())
            whole.update(one.digest())
            tables += 1
            if args.verbose:
                print(f"  {report_filter.describe()} {table.key}: {one.hexdigest()[:16]}")
    print(f"{len(filters)} reports, {tables} tables: {whole.hexdigest()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
