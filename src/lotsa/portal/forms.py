from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lotsa.cases.constants import (
    PLAN_TEXT_MAX,
    PLAN_TITLE_MAX,
    ActivityStatus,
    ApplicationStatus,
)
from lotsa.core.forms import DateInput, PlausibleDateField, SingleLineField
from lotsa.organisations.models import Unit
from lotsa.people.personnummer import Personnummer
from lotsa.referrals.forms import outside_text_field


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


class PlanVersionField(forms.IntegerField):
    """The plan version the person saw, so two changes never silently overwrite each other."""

    def __init__(self) -> None:
        stale = _("Sidan är inte längre aktuell. Ladda om den och försök igen.")
        super().__init__(
            widget=forms.HiddenInput,
            min_value=0,
            error_messages={"required": stale, "invalid": stale, "min_value": stale},
        )


class OwnJobForm(forms.Form):
    """ "Jobb jag söker": a job the person applies for."""

    expected_plan_version = PlanVersionField()
    title = SingleLineField(
        label=_("Vilket jobb söker du?"),
        max_length=PLAN_TITLE_MAX,
        help_text=_("Till exempel: Lagerarbetare"),
        error_messages={"required": _("Skriv vilket jobb du söker.")},
    )
    employer = SingleLineField(
        label=_("Arbetsgivare"),
        max_length=PLAN_TITLE_MAX,
        error_messages={"required": _("Skriv vilken arbetsgivare du söker jobb hos.")},
    )
    applied_on = PlausibleDateField(
        label=_("När sökte du?"),
        required=False,
        widget=DateInput(),
        help_text=_("Lämna tomt om du inte har skickat ansökan än."),
    )
    application_status = forms.ChoiceField(
        label=_("Hur går det?"),
        choices=ApplicationStatus.choices,
        initial=ApplicationStatus.APPLIED,
    )
    description = forms.CharField(
        label=_("Något mer du vill berätta?"),
        required=False,
        max_length=PLAN_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class OwnThingForm(forms.Form):
    """ "Något jag gör själv": anything else the person does towards their goal."""

    expected_plan_version = PlanVersionField()
    title = SingleLineField(
        label=_("Vad vill du göra?"),
        max_length=PLAN_TITLE_MAX,
        help_text=_("Till exempel: Träna på att åka buss till stan"),
        error_messages={"required": _("Skriv vad du ska göra.")},
    )
    description = forms.CharField(
        label=_("Berätta mer om du vill"),
        required=False,
        max_length=PLAN_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class OwnProgressForm(forms.Form):
    """How the person's own activity goes."""

    expected_plan_version = PlanVersionField()
    status = forms.ChoiceField(label=_("Status"), choices=ActivityStatus.choices)
    application_status = forms.ChoiceField(
        label=_("Hur går det med ansökan?"), choices=ApplicationStatus.choices, required=False
    )


class MarkDoneForm(forms.Form):
    expected_plan_version = PlanVersionField()


class SelfReferralForm(forms.Form):
    """ "Ansök om stöd": the public form. Checks the shape of each answer; the rules are the
    services' (portal.services.self_referral_submit, referrals.services.referral_from_outside)."""

    unit = forms.ModelChoiceField(
        label=_("Var vill du söka stöd?"),
        queryset=Unit.objects.none(),
        empty_label=_("Välj verksamhet"),
        error_messages={
            "required": _("Välj var du vill söka stöd."),
            "invalid_choice": _("Välj en verksamhet ur listan."),
        },
    )
    personal_number = SingleLineField(
        label=_("Personnummer"),
        max_length=20,
        help_text=_("12 siffror, till exempel 19900101-1239."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"required": _("Skriv ditt personnummer.")},
    )
    first_name = SingleLineField(
        label=_("Förnamn"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
        error_messages={"required": _("Skriv ditt förnamn.")},
    )
    last_name = SingleLineField(
        label=_("Efternamn"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
        error_messages={"required": _("Skriv ditt efternamn.")},
    )
    phone = SingleLineField(
        label=_("Telefon"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label=_("E-post"),
        max_length=254,
        required=False,
        help_text=_("Skriv telefon, e-post eller båda. Vi hör av oss dit."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": _("Skriv en e-postadress som namn@exempel.se.")},
    )
    reason = outside_text_field(
        _("Vad vill du ha hjälp med?"),
        rows=4,
        required_message=_("Skriv vad du vill ha hjälp med."),
    )
    goal = outside_text_field(_("Vad vill du uppnå? (om du vet)"), rows=3)

    def __init__(self, *args: Any, units: Any, applicant: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if applicant is not None:
            # Filled in from the e-ID and locked: a disabled field ignores what is posted.
            number = self.fields["personal_number"]
            number.disabled = True
            number.initial = Personnummer(applicant.personal_number).formatted
            number.help_text = _("Hämtat från din e-legitimation.")
            for name in ("first_name", "last_name"):
                self.fields[name].initial = getattr(applicant, name) or None
        field = self.fields["unit"]
        field.queryset = units  # type: ignore[attr-defined]
        field.label_from_instance = lambda unit: f"{unit.organisation.name} – {unit.name}"  # type: ignore[attr-defined]
