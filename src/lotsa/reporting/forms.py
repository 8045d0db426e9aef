from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lotsa.core.forms import SingleLineField
from lotsa.organisations.models import Unit
from lotsa.reporting.models import Orientation

MONTH_FORMAT = _("Ange månaden som ÅÅÅÅ-MM, till exempel 2025-03.")


class MonthForm(forms.Form):
    month = SingleLineField(
        label=_("Månad (ÅÅÅÅ-MM)"),
        max_length=20,
        error_messages={
            "required": MONTH_FORMAT,
            "max_length": MONTH_FORMAT,
        },
    )


class CodeForm(forms.Form):
    code = SingleLineField(
        label=_("Kod"),
        max_length=10,
        required=False,
        help_text=_(
            "Koden i Socialstyrelsens tekniska beskrivning. Lämna tomt om kategorin inte ska "
            "rapporteras – då tas månadsfilen inte fram för månader med sådana aktiviteter."
        ),
    )
    label = SingleLineField(label=_("Kodens benämning"), max_length=200, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class StaffFteForm(forms.Form):
    fte = SingleLineField(
        label=_("Årsarbetare"),
        max_length=12,
        help_text=_(
            "Hur många heltidstjänster som arbetar med arbetsmarknadsinsatser vid enheten under "
            "året, till exempel 3,5."
        ),
        error_messages={"required": _("Ange antalet årsarbetare, till exempel 3,5.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class InsatsForm(forms.Form):
    name = SingleLineField(label=_("Namn"), max_length=200)
    orientation = forms.ChoiceField(
        label=_("Inriktning"), choices=Orientation.choices, widget=forms.RadioSelect
    )
    target_group = SingleLineField(label=_("Målgrupp"), max_length=200)
    unit = forms.ModelChoiceField(
        label=_("Enhet som genomför insatsen"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_(
            "Insatsens deltagare är ärendena vid enheten. Tom för en strukturövergripande."
        ),
    )
    follows_individuals = forms.BooleanField(
        label=_("Förbundet följer upp individerna (försörjning och utbildning före och efter)"),
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, initial=0)

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Unit.objects.filter(organisation=organisation, is_active=True).order_by(
            "name"
        )


class InsatsYearForm(forms.Form):
    budget = SingleLineField(
        label=_("Budget (kr)"),
        max_length=20,
        error_messages={"required": _("Ange budgeten i hela kronor.")},
    )
    outcome = SingleLineField(
        label=_("Utfall (kr)"),
        max_length=20,
        required=False,
        help_text=_("Lämna tomt om utfallet inte är känt än."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
