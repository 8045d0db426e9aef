"""The floor, "Mina ärenden" and the intake queue timed in turn, for a loaded machine.

`floor.py` times the floor first and then each page, so a change in the machine's load during a
run moves the ratios. This script takes `--per` requests of each in turn, `--rounds` times, and
prints the medians, so the three share the same minutes:

    python bench/interleaved.py [--database-url URL] [--rounds 4] [--per 10]

Run it from two checkouts against the same database, alternating, to compare before and after.
"""

import argparse
import os
import statistics
import time

import common
import floor


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--per", type=int, default=10)
    args = parser.parse_args()

    common.setup_django(common.database_url_from(args.database_url))
    common.migrate()
    if not common.participant_count():
        common.grow_world(to=common.SMALL, seed=common.SEED, audit_per_participant=10)
    floor.install_floor_urls()

    from django.test import Client
    from django.test.utils import override_settings

    from lotsa.organisations.models import User

    pages = {page.name: page for page in common.benchmark_pages()}
    mine, queue = pages["Mina ärenden"], pages["Remisskön"]
    targets = [
        ("golvet", "/golv/", mine.username),
        (mine.name, mine.url, mine.username),
        (queue.name, queue.url, queue.username),
    ]
    samples: dict[str, list[float]] = {name: [] for name, _url, _user in targets}
    with override_settings(ROOT_URLCONF=floor.FLOOR_URLCONF):
        clients = {}
        for name, url, username in targets:
            client = Client()
            client.force_login(User.objects.get(username=username))
            for _ in range(common.WARMUP):
                if client.get(url).status_code != 200:
                    raise RuntimeError(f"{url} svarade inte 200 för {username}")
            clients[name] = client
        for _ in range(args.rounds):
            for name, url, _username in targets:
                for _ in range(args.per):
                    started = time.perf_counter()
                    clients[name].get(url)
                    samples[name].append((time.perf_counter() - started) * 1000)
    medians = {name: statistics.median(values) for name, values in samples.items()}
    floor_ms = medians["golvet"]
    parts = [f"golvet {floor_ms:.2f} ms"]
    for name, _url, _username in targets[1:]:
        parts.append(f"{name} {medians[name]:.2f} ms ({medians[name] / floor_ms:.1f}×)")
    print(f"belastning {os.getloadavg()[0]:.2f}: " + ", ".join(parts))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
