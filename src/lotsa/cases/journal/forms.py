"""Forms of the journal. They parse input and name what is required; the rules live in
services, which report the same words (journal.messages)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotsa.cases import messages as case_messages
from lotsa.cases.journal import messages
from lotsa.cases.journal.constants import NoteKind
from lotsa.core.forms import DateInput, PlausibleDateField


class NoteForm(forms.Form):
    kind = forms.ChoiceField(label=_("Typ av anteckning"), choices=NoteKind.choices)
    occurred_on = PlausibleDateField(
        label=_("Datum"),
        widget=DateInput(),
        error_messages={"required": case_messages.DATE_REQUIRED},
    )
    text = forms.CharField(
        label=_("Anteckning"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": messages.NOTE_TEXT_REQUIRED},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # The key of this page's draft (saved as the person types, journal.views.note_autosave),
    # and the newest note the page showed, so saving can say someone else wrote meanwhile.
    draft_key = forms.RegexField(regex=r"^[0-9a-f]{32}$", widget=forms.HiddenInput, required=False)
    seen_note = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault(
            "initial", {"kind": NoteKind.CONVERSATION, "occurred_on": timezone.localdate()}
        )
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]


class AmendmentForm(forms.Form):
    text = forms.CharField(
        label=_("Rättelse eller tillägg"),
        error_messages={"required": messages.AMENDMENT_TEXT_REQUIRED},
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Den signerade anteckningen ändras inte; rättelsen visas under den."),
    )
