"""Cost arithmetic against hand-computed values (docs/decisions/0013)."""

from datetime import date
from decimal import Decimal

from lotsa.work.costs import days_employed, month_cost, months_between, whole_kronor


def _cost(month, salary, rate, starts_on, ends_on=None):
    """(days, salary cost, grant, remainder) of `month` for an employment at `salary` kr a month
    with a `rate` % grant."""
    cost = month_cost(
        month,
        monthly_salary_cost=Decimal(salary),
        grant_rate=Decimal(rate),
        starts_on=starts_on,
        ends_on=ends_on,
    )
    return (cost.days, cost.salary_cost, cost.grant, cost.remainder)


def test_whole_month_osa_80_percent():
    # 30 000 kr a month, 80 % grant: 24 000 from Arbetsförmedlingen, 6 000 on the budget.
    assert _cost(date(2026, 3, 1), 30000, 80, date(2026, 1, 1)) == (
        31,
        Decimal(30000),
        Decimal(24000),
        Decimal(6000),
    )


def test_start_mid_month_is_prorated_by_calendar_days():
    # Starts 16 April (30 days): 15 days employed. 28 500 × 15 / 30 = 14 250;
    # grant 75 % = 10 687.5 → 10 688 (half up); remainder 14 250 − 10 688 = 3 562.
    days, salary_cost, grant, remainder = _cost(date(2026, 4, 1), 28500, 75, date(2026, 4, 16))
    assert days == 15
    assert salary_cost == Decimal(14250)
    assert grant == Decimal(10688)
    assert remainder == Decimal(3562)


def test_end_mid_month_in_february():
    # Ends 10 February 2026 (28 days): 10 days. 31 000 × 10 / 28 = 11 071.43 → 11 071;
    # grant 80 % = 8 856.8 → 8 857; remainder 2 214.
    assert _cost(date(2026, 2, 1), 31000, 80, date(2025, 6, 1), date(2026, 2, 10)) == (
        10,
        Decimal(11071),
        Decimal(8857),
        Decimal(2214),
    )


def test_month_outside_the_employment_costs_nothing():
    assert _cost(date(2026, 5, 1), 30000, 80, date(2026, 6, 1)) == (0, 0, 0, 0)


def test_helpers():
    assert whole_kronor(Decimal("0.5")) == 1
    assert whole_kronor(Decimal("2.49")) == 2
    assert days_employed(date(2024, 2, 1), date(2024, 2, 20), None) == 10  # leap year
    assert months_between(date(2025, 11, 15), date(2026, 2, 1)) == [
        date(2025, 11, 1),
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
    ]
