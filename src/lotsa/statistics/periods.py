"""Report periods: any from–to range, and the period people compare it with.

- a calendar year (1 January – 31 December) with the previous calendar year;
- a calendar month with the same month a year earlier (February 2024 has 29 days, 2025 28);
- the year so far (1 January – a day of the same year) with the same days a year earlier: to
  the same date, or to the last day of the month when the period ends on a month's last day
  (1 Jan – 28 Feb 2025 is compared with 1 Jan – 29 Feb 2024; 29 Feb 2024 with 28 Feb 2023);
- whole months (the first of a month to the last of a month, say a quarter) with as many whole
  months immediately before;
- any other period with the period of as many days immediately before.

`Period.comparison()` gives the period and says in words which one it is.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from django.utils.translation import gettext as _

from lotsa.core.dates import add_months

Kind = Literal["year", "month", "year_to_date", "months", "days"]


def _month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _is_month_end(day: date) -> bool:
    return day == _month_end(day)


def _year_earlier(day: date) -> date:
    """The same date a year earlier; 29 February becomes 28 February."""
    return add_months(day, -12)


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def months(self) -> int:
        """Whole months from the start's month to the end's (for a whole-month period)."""
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    @property
    def kind(self) -> Kind:
        whole_months = self.start.day == 1 and _is_month_end(self.end)
        if self.start == date(self.start.year, 1, 1) and self.end == date(self.start.year, 12, 31):
            return "year"
        if whole_months and self.months == 1:
            return "month"
        if self.start == date(self.start.year, 1, 1) and self.end.year == self.start.year:
            return "year_to_date"
        if whole_months:
            return "months"
        return "days"

    def previous(self) -> "Period":
        """The period this one is compared with (see the module's docstring)."""
        kind = self.kind
        if kind == "year":
            return year(self.start.year - 1)
        if kind == "month":
            start = _year_earlier(self.start)
            return Period(start, _month_end(start))
        if kind == "year_to_date":
            end = _year_earlier(self.end)
            if _is_month_end(self.end):
                end = _month_end(end)
            return Period(date(self.start.year - 1, 1, 1), end)
        if kind == "months":
            return Period(add_months(self.start, -self.months), self.start - timedelta(days=1))
        end = self.start - timedelta(days=1)
        return Period(end - timedelta(days=self.days - 1), end)

    def comparison(self) -> tuple["Period", str]:
        """The period compared with and a sentence that names it."""
        previous = self.previous()
        kind = self.kind
        if kind == "year":
            text = _("Jämförs med föregående kalenderår, %(year)s (%(period)s).") % {
                "year": previous.start.year,
                "period": previous,
            }
        elif kind == "month":
            text = _("Jämförs med samma månad föregående år (%(period)s).") % {"period": previous}
        elif kind == "year_to_date":
            text = _("Jämförs med samma del av föregående år (%(period)s).") % {"period": previous}
        elif kind == "months":
            text = _("Jämförs med de %(months)s hela månaderna närmast före (%(period)s).") % {
                "months": self.months,
                "period": previous,
            }
        else:
            text = _("Jämförs med lika lång period närmast före, %(days)s dagar (%(period)s).") % {
                "days": self.days,
                "period": previous,
            }
        return previous, text

    def shifted_months(self, months: int) -> "Period":
        """The period `months` later (earlier when negative); a month's last day stays one."""
        end = add_months(self.end, months)
        return Period(
            add_months(self.start, months), _month_end(end) if _is_month_end(self.end) else end
        )

    def __str__(self) -> str:
        return f"{self.start.isoformat()} – {self.end.isoformat()}"


def year(number: int) -> Period:
    return Period(date(number, 1, 1), date(number, 12, 31))
