from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotsa.core.forms import DateInput
from lotsa.organisations.models import District, Organisation, Unit

MAX_PERIOD_DAYS = 366 * 10


def default_period() -> tuple[date, date]:
    """The calendar year so far."""
    today = timezone.localdate()
    return date(today.year, 1, 1), today


class ReportFilterForm(forms.Form):
    start = forms.DateField(
        label=_("Från"),
        widget=DateInput(),
        error_messages={"required": _("Ange ett datum."), "invalid": _("Ange ett datum.")},
    )
    end = forms.DateField(
        label=_("Till och med"),
        widget=DateInput(),
        error_messages={"required": _("Ange ett datum."), "invalid": _("Ange ett datum.")},
    )
    unit = forms.ModelChoiceField(
        label=_("Enhet"), queryset=Unit.objects.none(), required=False, empty_label=_("Alla")
    )
    district = forms.ModelChoiceField(
        label=_("Stadsdel"),
        queryset=District.objects.none(),
        required=False,
        empty_label=_("Alla"),
    )
    target_group = forms.ChoiceField(label=_("Målgrupp"), required=False)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from lotsa.guidelines.models import TargetGroup

        self.fields["unit"].queryset = Unit.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation, runs_support=True
        )
        self.fields["district"].queryset = District.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation
        )
        groups = dict(
            TargetGroup.objects.filter(version__guideline__organisation=organisation)
            .order_by("name")
            .values_list("code", "name")
        )
        self.fields["target_group"].choices = [("", _("Alla"))] + sorted(  # type: ignore[attr-defined]
            groups.items(), key=lambda item: item[1]
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                self.add_error("end", _("Slutdatum kan inte vara före startdatum."))
            elif (end - start).days > MAX_PERIOD_DAYS:
                self.add_error("end", _("Välj en period på högst tio år."))
        return data


class YearForm(forms.Form):
    year = forms.IntegerField(
        label=_("År"),
        min_value=2000,
        max_value=2100,
        error_messages={
            "required": _("Ange ett år."),
            "invalid": _("Ange ett år."),
            "min_value": _("Ange ett år mellan 2000 och 2100."),
            "max_value": _("Ange ett år mellan 2000 och 2100."),
        },
    )
