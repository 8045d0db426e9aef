"""Where does one page's server time go? cProfile over N warm requests, in-process.

    python bench/profile_page.py "Mina ärenden" [--database-url URL] [--repeats 50] [--top 30]

The page name is one of bench/common.py benchmark_pages() ("Mina ärenden", "Remisskön",
"Ärendesidan", ...). Uses the world already in the database (make one with bench/floor.py, which
grows 1 000 participants into an empty database). Prints the top functions by cumulative and by
own time; `--sort` picks another pstats key.
"""

import argparse
import cProfile
import io
import pstats
import sys

import common


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page")
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--repeats", type=int, default=50)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--sort", default=None, help="one pstats key instead of both tables")
    args = parser.parse_args()

    common.setup_django(common.database_url_from(args.database_url))
    if not common.participant_count():
        print("Tom databas: kör bench/floor.py först.", file=sys.stderr)
        return 1

    from django.test import Client

    from lotsa.organisations.models import User

    pages = {page.name: page for page in common.benchmark_pages()}
    if args.page not in pages:
        print(f"Okänd sida {args.page!r}; välj bland: {', '.join(pages)}", file=sys.stderr)
        return 2
    page = pages[args.page]
    client = Client()
    client.force_login(User.objects.get(username=page.username))
    for _ in range(common.WARMUP):
        response = client.get(page.url)
        if response.status_code != 200:
            raise RuntimeError(f"{page.url} svarade {response.status_code}")

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(args.repeats):
        client.get(page.url)
    profiler.disable()

    for key in [args.sort] if args.sort else ["cumulative", "tottime"]:
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.strip_dirs().sort_stats(key).print_stats(args.top)
        print(f"== {page.name} ({page.url}), {args.repeats} förfrågningar, sorterat på {key}")
        print(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
