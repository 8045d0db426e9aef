"""Database expressions the statistics need on both SQLite and PostgreSQL."""

from typing import Any

from django.db.models import Func, IntegerField


class DayNumber(Func):
    """A date as a whole number of days, so differences and sums of days run in the database."""

    output_field = IntegerField()
    template = "CAST(julianday(%(expressions)s) AS INTEGER)"

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler, connection, template="(%(expressions)s - DATE '1970-01-01')", **extra
        )


def percentile_from_histogram(histogram: dict[Any, int], share: float) -> int | None:
    """Nearest-rank percentile: the smallest value with at least `share` of values at or below.

    Nearest rank needs no interpolation, so the median of 1, 2, 3, 4 is 2, and every result is
    a value that really occurred.
    """
    total = sum(histogram.values())
    if total == 0:
        return None
    import math

    rank = max(1, math.ceil(share * total))
    seen = 0
    for value in sorted(histogram):
        seen += histogram[value]
        if seen >= rank:
            return value
    return max(histogram)
