"""Forms of the journal. They only parse input; the rules live in services."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotsa.core.forms import DateInput
from lotsa.journal.constants import NoteKind


class NoteForm(forms.Form):
    kind = forms.ChoiceField(label=_("Typ av anteckning"), choices=NoteKind.choices)
    occurred_on = forms.DateField(label=_("Datum"), required=False, widget=DateInput())
    text = forms.CharField(
        label=_("Anteckning"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault(
            "initial", {"kind": NoteKind.CONVERSATION, "occurred_on": timezone.localdate()}
        )
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]


class AmendmentForm(forms.Form):
    text = forms.CharField(
        label=_("Rättelse eller tillägg"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Den signerade anteckningen ändras inte; rättelsen visas under den."),
    )
