from django import forms
from django.utils.translation import gettext_lazy as _

from lotsa.core.forms import SingleLineField

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
