from datetime import date, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotsa.core.dates import add_months
from lotsa.core.forms import DateInput, PlausibleDateField


def last_month() -> tuple[date, date]:
    """The previous calendar month: the period of the monthly log review."""
    first_this_month = timezone.localdate().replace(day=1)
    return add_months(first_this_month, -1), first_this_month - timedelta(days=1)


class PeriodForm(forms.Form):
    start = PlausibleDateField(label=_("Från och med"), widget=DateInput)
    end = PlausibleDateField(label=_("Till och med"), widget=DateInput)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if isinstance(start, date) and isinstance(end, date) and end < start:
            self.add_error("end", _("Slutdatum kan inte vara före startdatum."))
        return data
