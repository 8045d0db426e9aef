from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lotsa.core.forms import DateInput, PlausibleDateField, SingleLineField
from lotsa.outcomes.constants import OutcomeStatus


class OutcomeRecordForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Var befinner sig personen nu?"),
        choices=OutcomeStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj var personen befinner sig nu.")},
    )
    work_lasted_month = forms.ChoiceField(
        label=_("Har anställningen varat minst en månad utan avbrott?"),
        choices=[("yes", _("Ja")), ("no", _("Nej"))],
        widget=forms.RadioSelect,
        required=False,
        help_text=_(
            "Besvaras när personen är i arbete. Koladas resultat vid avslut räknar arbete som "
            "har varat minst en sammanhängande månad."
        ),
    )
    recorded_on = PlausibleDateField(
        label=_("Datum för kontakten"),
        widget=DateInput(),
        error_messages={"required": _("Ange ett datum."), "invalid": _("Ange ett datum.")},
    )
    comment = forms.CharField(
        label=_("Kommentar"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Till exempel vad som hjälpte, eller arbetsgivare och omfattning."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, asks_work_lasted: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not asks_work_lasted:
            del self.fields["work_lasted_month"]

    def work_lasted(self) -> bool | None:
        value = self.cleaned_data.get("work_lasted_month") or ""
        return {"yes": True, "no": False}.get(value)


class OutcomeSettingsForm(forms.Form):
    months = SingleLineField(
        label=_("Följ upp så här många månader efter avslut"),
        max_length=60,
        help_text=_("Hela månader åtskilda med kommatecken, t.ex. 6, 12."),
        error_messages={"required": _("Ange minst en månad.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
