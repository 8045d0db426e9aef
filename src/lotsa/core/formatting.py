"""Numbers and amounts as people read them: "27 500 kr", "12,5" in Swedish.

One helper for every page and printed report — statistics, costs, decisions — so a figure
reads the same wherever it appears. It follows the active language (Swedish: a non-breaking
space between thousands, a decimal comma; English: "27,500", "12.5"). Exports (CSV, XLSX)
write numbers as numbers and do not use it. In templates: ``{% load formatting %}`` and
``{{ value|number }}``, ``{{ value|number:1 }}``, ``{{ value|kronor }}``.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

register = template.Library()

NO_VALUE = "–"


def _decimal(value: object) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def format_number(value: object, decimals: int | None = None) -> str:
    """`value` with digit grouping and the language's decimal mark; "–" when there is none.

    Without `decimals`, whole numbers have no decimals and others one (half up).
    """
    number = _decimal(value)
    if number is None:  # a mark such as "<5" stays as it is
        return value if isinstance(value, str) and value.strip() else NO_VALUE
    if decimals is None:
        decimals = 0 if number == number.to_integral_value() else 1
    rounded = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return number_format(rounded, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def format_kronor(value: object) -> str:
    """An amount in whole kronor: "27 500 kr" (never broken between the number and "kr")."""
    if _decimal(value) is None:
        return NO_VALUE
    return _("%(amount)s\u00a0kr") % {"amount": format_number(value, 0)}


@register.filter(name="number")
def number_filter(value: object, decimals: int | str | None = None) -> str:
    return format_number(value, None if decimals in (None, "") else int(decimals))


@register.filter(name="kronor")
def kronor_filter(value: object) -> str:
    return format_kronor(value)
