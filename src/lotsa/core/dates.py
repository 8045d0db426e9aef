"""Calendar arithmetic in whole months, and the one range of dates the application accepts."""

import calendar
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from lotsa.core.text import ascii_digits


def add_months(start: date, months: int) -> date:
    """The same day `months` later, clamped to the month's last day (31 Jan + 1 → 28/29 Feb)."""
    month_index = start.month - 1 + months
    year = start.year + month_index // 12
    month = month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


# One rule for every date a person types or a filter names (docs/security.md): dates outside
# it are typing mistakes or probes, and 0001-01-01 or 9999-12-31 overflow date arithmetic.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2100, 12, 31)


def is_plausible_date(value: date) -> bool:
    if isinstance(value, datetime):
        value = value.date()
    return EARLIEST_DATE <= value <= LATEST_DATE


def implausible_date_message() -> str:
    return _("Ange ett datum mellan %(earliest)s och %(latest)s.") % {
        "earliest": EARLIEST_DATE.isoformat(),
        "latest": LATEST_DATE.isoformat(),
    }


def validate_plausible_date(value: date | None) -> None:
    """Refuse dates outside EARLIEST_DATE..LATEST_DATE with a Swedish message."""
    if value is not None and not is_plausible_date(value):
        raise ValidationError(implausible_date_message(), code="implausible_date")


def parse_plausible_date(text: str | None) -> date | None:
    """An ISO date (YYYY-MM-DD, digits of any script) from a query string, or None when the
    text is empty, malformed or outside the plausible range."""
    cleaned = ascii_digits((text or "").strip())
    if not cleaned:
        return None
    try:
        parsed = date.fromisoformat(cleaned)
    except ValueError:
        return None
    return parsed if is_plausible_date(parsed) else None
