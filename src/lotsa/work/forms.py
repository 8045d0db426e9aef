from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lotsa.core.forms import DateInput
from lotsa.organisations.models import Unit
from lotsa.work.constants import AgreementKind, ContactKind, Sector
from lotsa.work.models import Employer


class EmployerForm(forms.Form):
    # The number is validated and normalised by the service, so the message lands on this field.
    organisation_number = forms.CharField(
        label=_("Organisationsnummer"),
        max_length=20,
        help_text=_("10 siffror, till exempel 556016-0680. Enskild firma: personnummer."),
    )
    name = forms.CharField(label=_("Namn"), max_length=200)
    sector = forms.ChoiceField(label=_("Sektor"), choices=Sector.choices)
    industry = forms.CharField(label=_("Bransch"), max_length=200, required=False)
    visiting_address = forms.CharField(
        label=_("Besöksadress"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    postal_address = forms.CharField(
        label=_("Postadress"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    placement_capacity = forms.IntegerField(
        label=_("Platser för praktik"),
        min_value=0,
        max_value=1000,
        initial=0,
        help_text=_("Hur många deltagare arbetsgivaren kan ta emot samtidigt."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class EmployerFilterForm(forms.Form):
    q = forms.CharField(label=_("Sök på namn eller organisationsnummer"), required=False)
    sector = forms.ChoiceField(
        label=_("Sektor"), choices=[("", _("Alla sektorer")), *Sector.choices], required=False
    )
    has_capacity = forms.BooleanField(label=_("Bara de som har platser"), required=False)


class EmployerContactForm(forms.Form):
    name = forms.CharField(label=_("Namn"), max_length=200)
    role = forms.CharField(label=_("Roll"), max_length=200, required=False)
    phone = forms.CharField(label=_("Telefon"), max_length=40, required=False)
    email = forms.EmailField(label=_("E-post"), required=False)


class EmployerAgreementForm(forms.Form):
    kind = forms.ChoiceField(label=_("Typ av avtal"), choices=AgreementKind.choices)
    valid_from = forms.DateField(label=_("Gäller från"), widget=DateInput)
    valid_to = forms.DateField(label=_("Gäller till"), widget=DateInput, required=False)
    note = forms.CharField(
        label=_("Anteckning"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class EmployerContactLogForm(forms.Form):
    occurred_on = forms.DateField(label=_("Datum"), widget=DateInput)
    kind = forms.ChoiceField(label=_("Typ av kontakt"), choices=ContactKind.choices)
    contact = forms.ModelChoiceField(
        label=_("Kontaktperson"), queryset=Employer.objects.none(), required=False
    )
    outcome = forms.CharField(
        label=_("Vad kontakten ledde till"), widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, employer: Employer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = employer.contacts.all()  # type: ignore[attr-defined]


class TrainingArenaForm(forms.Form):
    name = forms.CharField(label=_("Namn"), max_length=200)
    unit = forms.ModelChoiceField(label=_("Enhet"), queryset=Unit.objects.none())
    places = forms.IntegerField(label=_("Platser"), min_value=0, max_value=1000, initial=0)
    supervisors = forms.CharField(
        label=_("Handledare"),
        required=False,
        help_text=_("En handledare per rad."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    description = forms.CharField(
        label=_("Beskrivning"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(  # type: ignore[attr-defined]
            organisation_id=actor.organisation_id, is_active=True
        )
