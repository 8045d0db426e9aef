"""What subsidised employments cost per month: salary cost, grant and the remainder.

Proration by calendar days: in a month the employment only partly covers, the salary cost is
the monthly cost × days employed that month ÷ days in the month. Every month's amounts are
rounded to whole kronor (half up): first the salary cost, then the grant (salary cost × grant
rate); the remainder charged to the social-services budget is salary cost − grant, so the three
always add up. Yearly figures are sums of the rounded months. (docs/decisions/0013.)
"""

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

KRONA = Decimal("1")


def whole_kronor(amount: Decimal) -> Decimal:
    return amount.quantize(KRONA, rounding=ROUND_HALF_UP)


def months_between(start: date, end: date) -> list[date]:
    """The first day of every month from `start`'s month to `end`'s month."""
    months = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def month_end(month: date) -> date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def days_employed(month: date, starts_on: date, ends_on: date | None) -> int:
    """How many days of `month` lie between `starts_on` and `ends_on` (open end: employed)."""
    first, last = month.replace(day=1), month_end(month)
    start = max(first, starts_on)
    end = last if ends_on is None else min(last, ends_on)
    return max(0, (end - start).days + 1)


@dataclass(frozen=True)
class MonthCost:
    days: int
    salary_cost: Decimal
    grant: Decimal
    remainder: Decimal


def month_cost(
    month: date,
    *,
    monthly_salary_cost: Decimal,
    grant_rate: Decimal | None,
    starts_on: date,
    ends_on: date | None,
) -> MonthCost:
    """One employment's cost in one month, prorated by days and rounded to whole kronor."""
    days = days_employed(month, starts_on, ends_on)
    in_month = calendar.monthrange(month.year, month.month)[1]
    salary = whole_kronor(monthly_salary_cost * days / in_month)
    grant = whole_kronor(salary * (grant_rate or Decimal(0)) / 100)
    return MonthCost(days=days, salary_cost=salary, grant=grant, remainder=salary - grant)
