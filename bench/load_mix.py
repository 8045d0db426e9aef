"""The load test's think time, shared by bench/locustfile.py and bench/load.py.

Each simulated person waits THINK_SECONDS (uniformly between the two, mean 1.25 s) after
every action, so N people can never ask for more than about N / 1.25 requests a second,
however fast the server answers: 30 people offer at most 24 requests/s. A target of 40
requests/s is only tested with at least 50 of them; load.py prints this ceiling next to what
was measured, so a throughput that merely equals the offered load is not read as the
server's limit.
"""

THINK_SECONDS = (0.5, 2.0)
MEAN_THINK_SECONDS = sum(THINK_SECONDS) / 2


def offered_ceiling(users: int) -> float:
    """Requests/s that `users` people could ask for if every answer took no time at all."""
    return users / MEAN_THINK_SECONDS
