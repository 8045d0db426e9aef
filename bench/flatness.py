"""Do pages stay as fast when the database grows a hundredfold?

Generates a small world (1 000 participants), times the pages for the same users, grows the
world to --big participants with more organisations of the same size, and times the same pages
for the same users again. A big/small ratio near 1 means the page does not slow down with the
total amount of data. On PostgreSQL it then EXPLAINs every query of the pages at the big size
and reports sequential scans of large tables.

The result is the four pages of the issue ("Mina ärenden", the case page, the intake queue,
participant search); five more per-user pages are timed the same way and listed below them.

    python bench/flatness.py [--database-url URL] [--big N] [--json results.json]

Needs an empty database of its own (bench/run_all.py creates one); refuses a database that has
participants unless --reuse is given.
"""

import argparse
import sys
import time

import common


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--small", type=int, default=common.SMALL)
    parser.add_argument("--big", type=int, default=None)
    parser.add_argument("--audit-per-participant", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=common.REPEATS)
    parser.add_argument("--reuse", action="store_true", help="use the participants already there")
    parser.add_argument("--json", default=None, help="write the results to this file")
    args = parser.parse_args()

    common.setup_django(common.database_url_from(args.database_url))
    vendor = common.vendor()
    big = args.big or (common.BIG_POSTGRES if vendor == "postgresql" else common.BIG_SQLITE)
    common.migrate()
    existing = common.participant_count()
    if existing and not args.reuse:
        print(f"Databasen har redan {existing} deltagare; använd en tom databas.", file=sys.stderr)
        return 2
    print(f"Flathet på {vendor}: {args.small} → {big} deltagare", flush=True)
    audit = args.audit_per_participant

    generation = {
        "small": common.grow_world(to=args.small, seed=common.SEED, audit_per_participant=audit)
    }
    main_pages, more_pages = common.benchmark_pages(), common.more_pages()
    pages = main_pages + more_pages
    small = {
        page.name: common.time_page(page.url, page.username, repeats=args.repeats) for page in pages
    }
    size_small = common.participant_count()
    print(f"  liten värld: {size_small} deltagare", flush=True)

    generation["big"] = common.grow_world(to=big, seed=common.SEED + 1, audit_per_participant=audit)
    size_big = common.participant_count()
    large = {
        page.name: common.time_page(page.url, page.username, repeats=args.repeats) for page in pages
    }
    print(f"  stor värld: {size_big} deltagare", flush=True)

    results = []
    for page in pages:
        before, after = small[page.name], large[page.name]
        results.append(
            {
                "page": page.name,
                "url": page.url,
                "main": page in main_pages,
                "small_ms": before.median_ms,
                "big_ms": after.median_ms,
                "small_p90_ms": before.p90_ms,
                "big_p90_ms": after.p90_ms,
                "ratio": after.median_ms / before.median_ms,
                "small_queries": before.queries,
                "big_queries": after.queries,
            }
        )
    headers = [
        "sida",
        f"ms vid {size_small}",
        f"ms vid {size_big}",
        "stor/liten",
        "frågor liten",
        "frågor stor",
    ]
    for title, is_main in (("Sidorna i uppdraget", True), ("Fler sidor", False)):
        rows = [
            [
                result["page"],
                f"{result['small_ms']:.1f}",
                f"{result['big_ms']:.1f}",
                f"{result['ratio']:.2f}",
                f"{result['small_queries']}",
                f"{result['big_queries']}",
            ]
            for result in results
            if result["main"] is is_main
        ]
        print(f"\n{title} (median av {args.repeats} varma anrop):")
        print(common.table(rows, headers))

    findings, slowest = [], []
    if vendor == "postgresql":
        started = time.monotonic()
        for page in pages:
            page_findings, timings = common.explain_page(page.name, large[page.name].sql)
            findings.extend(page_findings)
            slowest.extend((ms, page.name, sql) for ms, sql in timings)
        slowest.sort(reverse=True)
        print(f"\nEXPLAIN ANALYZE vid {size_big} deltagare ({time.monotonic() - started:.0f} s):")
        if not findings:
            print(
                f"  ingen sekventiell läsning av en tabell med fler än "
                f"{common.LARGE_TABLE_ROWS} rader"
            )
        for finding in findings:
            print(
                f"  Seq Scan på {finding.relation} ({finding.table_rows} rader, "
                f"{finding.rows_removed} bortfiltrerade) i {finding.page}, "
                f"frågan tog {finding.query_ms:.1f} ms\n    filter: {finding.filter[:300]}\n"
                f"    fråga: {finding.query[:300]}"
            )
        print("  långsammaste frågorna:")
        for ms, page_name, sql in slowest[:6]:
            print(f"    {ms:7.2f} ms  {page_name}: {sql[:160]}")

    common.write_json(args.json, {
        "benchmark": "flatness", "database": vendor, "small": size_small, "big": size_big,
        "audit_per_participant": audit, "generation_seconds": generation, "pages": results,
        "seq_scans": findings,
        "slowest_queries": [{"ms": ms, "page": name, "sql": sql} for ms, name, sql in slowest[:10]],
    })  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
