from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lotsa.core.forms import DateInput, PlausibleDateField, SingleLineField
from lotsa.organisations.models import Unit
from lotsa.work.constants import (
    HISTORICAL_SUBSIDIES,
    AgreementKind,
    AttendanceStatus,
    ContactKind,
    PlacementKind,
    PlacementStatus,
    Sector,
    SubsidyType,
)
from lotsa.work.models import Employer, TrainingArena
from lotsa.work.organisation_number import OrganisationNumberError, parse_organisation_number


class EmployerIdentityForm(forms.Form):
    """What an employer needs to be in the register; also the placement form's inline
    "Ny arbetsgivare" (under a prefix)."""

    # The number is validated and normalised by the service, so the message lands on this field.
    organisation_number = SingleLineField(
        label=_("Organisationsnummer"),
        max_length=20,
        help_text=_("10 siffror, till exempel 556016-0680. Enskild firma: personnummer."),
    )
    name = SingleLineField(label=_("Namn"), max_length=200)
    sector = forms.ChoiceField(label=_("Sektor"), choices=Sector.choices)

    def clean_organisation_number(self) -> str:
        """Checked here too, so its message shows together with the other fields' (the
        service normalises it and checks that it is not taken)."""
        text: str = self.cleaned_data["organisation_number"]
        try:
            parse_organisation_number(text)
        except OrganisationNumberError as error:
            raise forms.ValidationError(str(error)) from error
        return text


class EmployerForm(EmployerIdentityForm):
    industry = SingleLineField(label=_("Bransch"), max_length=200, required=False)
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
    q = SingleLineField(label=_("Sök på namn eller organisationsnummer"), required=False)
    sector = forms.ChoiceField(
        label=_("Sektor"), choices=[("", _("Alla sektorer")), *Sector.choices], required=False
    )
    has_capacity = forms.BooleanField(label=_("Bara de som har platser"), required=False)


class EmployerContactForm(forms.Form):
    name = SingleLineField(label=_("Namn"), max_length=200)
    role = SingleLineField(label=_("Roll"), max_length=200, required=False)
    phone = SingleLineField(label=_("Telefon"), max_length=40, required=False)
    email = forms.EmailField(label=_("E-post"), required=False)


class EmployerAgreementForm(forms.Form):
    kind = forms.ChoiceField(label=_("Typ av avtal"), choices=AgreementKind.choices)
    valid_from = PlausibleDateField(label=_("Gäller från"), widget=DateInput)
    valid_to = PlausibleDateField(label=_("Gäller till"), widget=DateInput, required=False)
    note = forms.CharField(
        label=_("Anteckning"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class EmployerContactLogForm(forms.Form):
    occurred_on = PlausibleDateField(label=_("Datum"), widget=DateInput)
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


class TrainingArenaIdentityForm(forms.Form):
    """A training arena's name and places; also the placement form's inline "Ny träningsarena"
    (under a prefix), which puts it in the actor's unit."""

    name = SingleLineField(label=_("Namn"), max_length=200)
    places = forms.IntegerField(label=_("Platser"), min_value=0, max_value=1000, initial=0)


class TrainingArenaForm(TrainingArenaIdentityForm):
    unit = forms.ModelChoiceField(label=_("Enhet"), queryset=Unit.objects.none())
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

    field_order = ["name", "unit", "places", "supervisors", "description", "version"]

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(  # type: ignore[attr-defined]
            organisation_id=actor.organisation_id, is_active=True
        )


class PlacementForm(forms.Form):
    """A placement; the service checks the values as a whole and puts its messages here."""

    kind = forms.ChoiceField(label=_("Typ av placering"), choices=PlacementKind.choices)
    subsidy_type = forms.ChoiceField(
        label=_("Typ av stöd"),
        required=False,
        help_text=_("Bara för anställningar."),
    )
    employer = forms.ModelChoiceField(
        label=_("Arbetsgivare"), queryset=Employer.objects.none(), required=False
    )
    arena = forms.ModelChoiceField(
        label=_("Eller träningsarena"),
        queryset=TrainingArena.objects.none(),
        required=False,
        help_text=_("Välj en arbetsgivare eller en av kommunens träningsarenor."),
    )
    supervisor = SingleLineField(label=_("Handledare"), max_length=200, required=False)
    starts_on = PlausibleDateField(label=_("Startdatum"), widget=DateInput)
    ends_on = PlausibleDateField(label=_("Slutdatum"), widget=DateInput, required=False)
    hours_per_week = forms.DecimalField(
        label=_("Timmar i veckan"), min_value=0, max_digits=4, decimal_places=1
    )
    tasks = forms.CharField(
        label=_("Arbetsuppgifter"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    status = forms.ChoiceField(label=_("Status"), choices=PlacementStatus.choices)
    monthly_salary_cost = forms.DecimalField(
        label=_("Lönekostnad per månad (kr)"),
        required=False,
        max_digits=9,
        decimal_places=0,
        help_text=_("För anställningar med stöd: hela lönekostnaden inklusive avgifter."),
    )
    grant_rate = forms.DecimalField(
        label=_("Bidragsnivå (procent av lönekostnaden)"),
        required=False,
        max_digits=5,
        decimal_places=2,
        help_text=_("OSA: högst 80 %. Resten belastar socialförvaltningens budget."),
    )
    capacity_override_reason = forms.CharField(
        label=_("Skäl att boka arenan över dess platser"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Bara enhetschef, när alla arenans platser är bokade. Skälet sparas i loggen."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, organisation_id: int, current_subsidy: str = "", **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = Employer.objects.filter(  # type: ignore[attr-defined]
            organisation_id=organisation_id
        )
        self.fields["arena"].queryset = TrainingArena.objects.filter(  # type: ignore[attr-defined]
            organisation_id=organisation_id
        )
        subsidies = [
            (value, label)
            for value, label in SubsidyType.choices
            if value not in HISTORICAL_SUBSIDIES or value == current_subsidy
        ]
        self.fields["subsidy_type"].choices = [("", _("Inget (inte en anställning)")), *subsidies]  # type: ignore[attr-defined]


class AttendanceForm(forms.Form):
    day = PlausibleDateField(label=_("Dag"), widget=DateInput)
    status = forms.ChoiceField(label=_("Närvaro"), choices=AttendanceStatus.choices)
    note = SingleLineField(label=_("Kommentar"), max_length=300, required=False)


class CostFilterForm(forms.Form):
    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100)
    unit = forms.ModelChoiceField(
        label=_("Enhet"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("Alla enheter"),
    )

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(  # type: ignore[attr-defined]
            organisation_id=organisation_id
        ).order_by("name")


class JobProfileForm(forms.Form):
    interests = forms.CharField(
        label=_("Yrkesintressen"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Branscher eller arbetsuppgifter, en per rad, till exempel Bygg eller Café."),
    )
    hours_per_week = forms.IntegerField(
        label=_("Önskade timmar i veckan"), min_value=1, max_value=40, required=False
    )
    travel_areas = forms.CharField(
        label=_("Orter deltagaren kan ta sig till"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("En ort per rad."),
    )
    adaptations = forms.CharField(
        label=_("Anpassningar som behövs"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class AttendanceReportPeriodForm(forms.Form):
    """The month of a new attendance report, as a period (the service checks it is whole)."""

    start = PlausibleDateField(label=_("Från och med"), widget=DateInput)
    end = PlausibleDateField(label=_("Till och med"), widget=DateInput)


class AttendanceConfirmForm(forms.Form):
    """The participant's answer on Mina sidor: it is right, or what is wrong."""

    comment = forms.CharField(
        label=_("Vad stämmer inte?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=2000,
    )
