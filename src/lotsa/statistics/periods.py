"""Report periods: any from–to range, and the previous period of equal length."""

from dataclasses import dataclass
from datetime import date, timedelta

from lotsa.core.dates import add_months


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> "Period":
        """The period of the same number of days that ends the day before this one starts."""
        end = self.start - timedelta(days=1)
        return Period(end - timedelta(days=self.days - 1), end)

    def shifted_months(self, months: int) -> "Period":
        return Period(add_months(self.start, months), add_months(self.end, months))

    def __str__(self) -> str:
        return f"{self.start.isoformat()} – {self.end.isoformat()}"


def year(number: int) -> Period:
    return Period(date(number, 1, 1), date(number, 12, 31))
