"""Small display helpers for case pages: time in support, extent, plain-words responsibility."""

from datetime import date
from decimal import Decimal

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lotsa.cases.constants import RESPONSIBLE_IN_PLAIN_WORDS, ResponsibleParty
from lotsa.cases.models import Case
from lotsa.cases.plan import format_extent

register = template.Library()


def whole_months(start: date, end: date) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    return max(months, 0)


@register.filter
def support_time(case: Case) -> str:
    """'127 dagar (4 mån)': from start to today, or to the closing date."""
    end = case.closed_on or timezone.localdate()
    days = max((end - case.start_date).days, 0)
    text = ngettext("%(n)s dag", "%(n)s dagar", days) % {"n": days}
    return _("%(days)s (%(months)s mån)") % {
        "days": text,
        "months": whole_months(case.start_date, end),
    }


@register.filter
def extent(value: object, unit: str) -> str:
    return format_extent(value if isinstance(value, Decimal | str) else None, unit)


@register.filter
def responsible_in_plain_words(value: str) -> str:
    try:
        return str(RESPONSIBLE_IN_PLAIN_WORDS[ResponsibleParty(value)])
    except ValueError:
        return value
