"""Forms of messaging. They parse input; the rules (lengths, consent, times) live in services."""

from datetime import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lotsa.core.forms import DateInput, PlausibleDateField, SingleLineField
from lotsa.messaging.constants import MESSAGE_MAX, SUBJECT_MAX, Channel


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Meddelande"),
        widget=forms.Textarea(attrs={"rows": 5}),
        # Lazy as a whole: `_(…) % {…}` would turn into Swedish text when the module is imported.
        help_text=lazy(lambda: gettext("Högst %(max)s tecken.") % {"max": MESSAGE_MAX}, str)(),
        error_messages={"required": _("Skriv ett meddelande.")},
    )


class ThreadForm(MessageForm):
    subject = SingleLineField(
        label=_("Vad gäller det?"),
        max_length=SUBJECT_MAX,
        error_messages={"required": _("Skriv vad det gäller.")},
    )
    step = forms.ChoiceField(label=_("Gäller det ett steg i planen?"), required=False)

    field_order = ["subject", "step", "body"]

    def __init__(self, *args: object, steps: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["step"].choices = [("", _("Nej, inget särskilt steg")), *steps]


class StaffThreadForm(ThreadForm):
    partner_contact = forms.ChoiceField(
        label=_("Ta med en kontaktperson hos en samverkanspart"),
        required=False,
        help_text=_("Bara parter som personen har ett samtycke till som gäller nu."),
    )

    def __init__(self, *args: object, contacts: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["partner_contact"].choices = [("", _("Ingen")), *contacts]


class ContactChoiceForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("Hur vill du få besked när det finns något nytt på Mina sidor?"),
        choices=Channel.choices,
        widget=forms.RadioSelect,
        help_text=_("Beskedet säger bara att det finns något nytt, aldrig vad."),
        error_messages={"required": _("Välj hur du vill få besked.")},
    )


class MoveRequestForm(forms.Form):
    """Up to three new times the person could come instead."""

    first_day = PlausibleDateField(label=_("Ny dag (förslag 1)"), widget=DateInput())
    first_time = forms.TimeField(
        label=_("Klockan (förslag 1)"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    second_day = PlausibleDateField(
        label=_("Ny dag (förslag 2)"), widget=DateInput(), required=False
    )
    second_time = forms.TimeField(
        label=_("Klockan (förslag 2)"),
        widget=forms.TimeInput(attrs={"type": "time"}),
        required=False,
    )
    note = forms.CharField(
        label=_("Vill du säga något mer?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["first_day"].error_messages["required"] = _("Välj en ny dag.")
        self.fields["first_time"].error_messages["required"] = _("Välj en tid.")

    def proposed_times(self) -> list[datetime]:
        """The proposed times as aware datetimes in the local zone."""
        zone = timezone.get_current_timezone()
        times = []
        for day, clock in (("first_day", "first_time"), ("second_day", "second_time")):
            if self.cleaned_data.get(day) and self.cleaned_data.get(clock):
                naive = datetime.combine(self.cleaned_data[day], self.cleaned_data[clock])
                times.append(naive.replace(tzinfo=zone))
        return times


def plan_step_choices(shared: Any) -> list[tuple[str, str]]:
    """The steps of a shared plan a thread may be about, as form choices."""
    return [(f"aktivitet-{step.pk}", step.activity_type.name) for step in shared.activities] + [
        (f"egen-{own.pk}", own.title) for own in shared.own_activities
    ]


def plan_step_of(shared: Any, value: str) -> dict[str, Any]:
    """The plan step a thread form names ("aktivitet-12", "egen-3"), as service arguments."""
    for step in shared.activities:
        if value == f"aktivitet-{step.pk}":
            return {"activity": step}
    for own in shared.own_activities:
        if value == f"egen-{own.pk}":
            return {"own_activity": own}
    return {}
