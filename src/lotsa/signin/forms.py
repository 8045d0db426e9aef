import re

from django import forms
from django.utils.translation import gettext_lazy as _

from lotsa.core.forms import SingleLineField
from lotsa.core.text import ascii_digits

SPACES = re.compile(r"[\s-]+")


class AppCodeForm(forms.Form):
    code = SingleLineField(
        label=_("Kod från appen"),
        help_text=_("Sex siffror. Koden byts var 30:e sekund."),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 8}
        ),
        error_messages={"required": _("Skriv koden som appen visar.")},
    )

    def clean_code(self) -> str:
        code = ascii_digits(SPACES.sub("", self.cleaned_data["code"]))
        if not re.fullmatch(r"[0-9]{6}", code):
            raise forms.ValidationError(_("Koden består av sex siffror."))
        return code


class RecoveryCodeForm(forms.Form):
    code = SingleLineField(
        label=_("Återställningskod"),
        help_text=_("En av koderna du sparade när du aktiverade tvåstegsverifiering."),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}
        ),
        error_messages={"required": _("Skriv en av dina återställningskoder.")},
    )

    def clean_code(self) -> str:
        return ascii_digits(SPACES.sub("", self.cleaned_data["code"])).lower()
