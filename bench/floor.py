"""How far above the framework floor are our pages?

The floor is the cheapest page Django can serve to a signed-in user here: the same middleware
(session, authentication, two-factor check, idle timeout, audit origin, CSP), a view that reads
one row and returns a few bytes without a template. Each page's time is printed as
"N× the framework floor". The floor view and its URLconf live in this script only.

    python bench/floor.py [--database-url URL] [--json results.json]

Uses the world already in the database (bench/run_all.py runs it after flatness.py, at the big
size); an empty database first gets 1 000 synthetic participants.
"""

import argparse
import sys
import types

import common

FLOOR_URLCONF = "bench_floor_urls"


def install_floor_urls() -> None:
    """A URLconf with the floor view in front of the real ones (used via override_settings)."""
    from django.contrib.auth.decorators import login_required
    from django.http import HttpRequest, HttpResponse
    from django.urls import include, path

    from lotsa.cases.models import Case

    @login_required
    def one_row(request: HttpRequest) -> HttpResponse:
        case_id = Case.objects.order_by("pk").values_list("pk", flat=True).first()
        return HttpResponse(f"{case_id}", content_type="text/plain; charset=utf-8")

    module = types.ModuleType(FLOOR_URLCONF)
    module.urlpatterns = [  # type: ignore[attr-defined]
        path("golv/", one_row, name="floor"),
        path("", include("lotsa.config.urls")),
    ]
    sys.modules[FLOOR_URLCONF] = module


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--repeats", type=int, default=common.REPEATS * 2)
    parser.add_argument("--json", default=None)
    args = parser.parse_args()

    common.setup_django(common.database_url_from(args.database_url))
    vendor = common.vendor()
    common.migrate()
    if not common.participant_count():
        common.grow_world(to=common.SMALL, seed=common.SEED, audit_per_participant=10)
    size = common.participant_count()
    install_floor_urls()

    from django.test.utils import override_settings

    pages = common.benchmark_pages()
    with override_settings(ROOT_URLCONF=FLOOR_URLCONF):
        floor = common.time_page("/golv/", pages[0].username, repeats=args.repeats)
        timings = {
            page.name: common.time_page(page.url, page.username, repeats=args.repeats)
            for page in pages
        }
    print(
        f"Golvet på {vendor} vid {size} deltagare: {floor.median_ms:.2f} ms, {floor.queries} frågor"
    )
    rows = [["golvet (en rad)", f"{floor.median_ms:.2f}", "1.0", f"{floor.queries}"]]
    results = []
    for page in pages:
        timing = timings[page.name]
        times = timing.median_ms / floor.median_ms
        rows.append([page.name, f"{timing.median_ms:.2f}", f"{times:.1f}", f"{timing.queries}"])
        results.append(
            {
                "page": page.name,
                "ms": timing.median_ms,
                "times_floor": times,
                "queries": timing.queries,
            }
        )
    print(common.table(rows, ["sida", "ms", "× golvet", "frågor"]))
    common.write_json(
        args.json,
        {
            "benchmark": "floor",
            "database": vendor,
            "participants": size,
            "floor_ms": floor.median_ms,
            "floor_queries": floor.queries,
            "pages": results,
        },
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
