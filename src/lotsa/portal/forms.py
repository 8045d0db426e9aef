from django import forms
from django.utils.translation import gettext_lazy as _

from lotsa.core.forms import SingleLineField


class ContactForm(forms.Form):
    contact = SingleLineField(
        label=_("E-post eller mobilnummer"),
        max_length=254,
        help_text=_("Samma som du har lämnat till din arbetscoach. Vi skickar en kod dit."),
        widget=forms.TextInput(attrs={"autocomplete": "username", "inputmode": "email"}),
        error_messages={"required": _("Skriv din e-postadress eller ditt mobilnummer.")},
    )


class CodeForm(forms.Form):
    code = SingleLineField(
        label=_("Kod"),
        max_length=12,
        help_text=_("Sex siffror. Koden gäller i 10 minuter."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9 ]*"}
        ),
        error_messages={"required": _("Skriv koden du fick.")},
    )
