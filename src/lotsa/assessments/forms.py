"""Forms for mappings, assessments, phases and the administrators' instrument and method pages."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotsa.assessments.constants import (
    Answer,
    Education,
    Health,
    Housing,
    IncomeSource,
    MappingOccasion,
    Obstacle,
    SickCertificate,
    TimeWithoutWork,
    WorkHistory,
)
from lotsa.assessments.models import SCALE_MAX, SCALE_MIN, Area, FidelityScale, Instrument, Phase
from lotsa.core.forms import DateInput, PlausibleDateField, SingleLineField

UNKNOWN_HELP = _("Välj ”Okänt” om det inte är känt ännu.")


def _choice(label: Any, choices: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label, choices=choices, widget=forms.RadioSelect, help_text=UNKNOWN_HELP
    )


CARE_USE_ERROR = _("Ange ett antal mellan 0 och 366, eller lämna tomt om det är okänt.")


def _care_use(label: Any) -> forms.IntegerField:
    """A count of care use over 12 months, as the person tells it; empty is "Okänt"."""
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=366,
        help_text=_("Som personen berättar. Lämna tomt om det inte är känt."),
        error_messages={key: CARE_USE_ERROR for key in ("invalid", "min_value", "max_value")},
    )


class MappingForm(forms.Form):
    mapped_on = PlausibleDateField(label=_("Datum för kartläggningen"), widget=DateInput())
    occasion = forms.ChoiceField(
        label=_("Tillfälle"), choices=MappingOccasion.choices, widget=forms.RadioSelect
    )
    work_history = _choice(_("Arbetslivserfarenhet"), WorkHistory.choices)
    time_without_work = forms.ChoiceField(
        label=_("Tid utan arbete före start"),
        choices=TimeWithoutWork.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text=_(
            "Hur länge personen varit utan arbete när stödet började. Fyll i vid start; "
            "välj ”Okänt” om det inte är känt."
        ),
    )
    registered_at_employment_service = _choice(
        _("Inskriven hos Arbetsförmedlingen"), Answer.choices
    )
    has_unemployment_insurance = _choice(_("Ersättning från a-kassa"), Answer.choices)
    obstacles = forms.MultipleChoiceField(
        label=_("Arbetshinder"),
        choices=Obstacle.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Välj alla som stämmer, eller ”Ännu inte klarlagt”."),
    )
    education = _choice(_("Utbildning"), Education.choices)
    health = _choice(_("Hälsa"), Health.choices)
    sick_certificate = _choice(_("Sjukintyg"), SickCertificate.choices)
    psychiatric_contacts = _care_use(_("Kontakter med psykiatrisk öppenvård senaste 12 månaderna"))
    inpatient_days = _care_use(_("Vårddygn i slutenvård senaste 12 månaderna"))
    main_income_source = _choice(_("Huvudsaklig försörjning"), IncomeSource.choices)
    housing = _choice(_("Boende"), Housing.choices)
    children_at_home = _choice(_("Hemmavarande barn"), Answer.choices)


class AssessmentForm(forms.Form):
    """A date and one optional step field per module of the instrument, grouped by area."""

    assessed_on = PlausibleDateField(label=_("Datum för skattningen"), widget=DateInput())

    def __init__(self, *args: Any, areas: list[Area], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.groups: list[tuple[Area, list[tuple[forms.BoundField, list[Any]]]]] = []
        for area in areas:
            fields = []
            for module in area.modules.all():
                name = f"module_{module.pk}"
                # A text field, not a number field, so the service's own range check (with its
                # Swedish message) is what a person meets, also for "0" or "11".
                self.fields[name] = SingleLineField(
                    label=module.name,
                    required=False,
                    max_length=4,
                    help_text=_("Steg %(low)s–%(high)s. Lämna tomt om modulen inte skattas nu.")
                    % {"low": SCALE_MIN, "high": SCALE_MAX},
                    widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 3}),
                )
                fields.append((self[name], list(module.steps.all())))
            self.groups.append((area, fields))

    def scores(self) -> dict[int, str]:
        return {
            int(name.removeprefix("module_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("module_")
        }


class InstrumentChoiceForm(forms.Form):
    instrument = forms.ModelChoiceField(label=_("Instrument"), queryset=Instrument.objects.none())

    def __init__(self, *args: Any, instruments: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["instrument"].queryset = instruments  # type: ignore[attr-defined]


class PhaseForm(forms.Form):
    phase = forms.ModelChoiceField(label=_("Ny fas"), queryset=Phase.objects.none())
    started_on = PlausibleDateField(label=_("Från och med"), widget=DateInput())

    def __init__(self, *args: Any, phases: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["phase"]
        field.queryset = phases  # type: ignore[attr-defined]
        field.label_from_instance = lambda phase: f"{phase.method}: {phase.name}"  # type: ignore[attr-defined]
        self.initial.setdefault("started_on", timezone.localdate())


class InstrumentCreateForm(forms.Form):
    name = SingleLineField(label=_("Namn"), max_length=200)
    description = forms.CharField(label=_("Beskrivning"), required=False, widget=forms.Textarea)


class InstrumentEditForm(forms.Form):
    description = forms.CharField(label=_("Beskrivning"), required=False, widget=forms.Textarea)
    is_active = forms.BooleanField(label=_("Används för nya skattningar"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class AreaForm(forms.Form):
    name = SingleLineField(label=_("Namn på området"), max_length=120)
    description = SingleLineField(label=_("Beskrivning"), max_length=300, required=False)


class ModuleForm(forms.Form):
    name = SingleLineField(label=_("Namn på modulen"), max_length=120)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for number in range(SCALE_MIN, SCALE_MAX + 1):
            self.fields[f"step_{number}"] = SingleLineField(
                label=_("Steg %(number)s") % {"number": number},
                max_length=300,
                required=False,
            )

    def steps(self) -> list[str]:
        return [self.cleaned_data[f"step_{number}"] for number in range(SCALE_MIN, SCALE_MAX + 1)]


class MethodForm(forms.Form):
    name = SingleLineField(label=_("Namn"), max_length=120)
    description = forms.CharField(label=_("Beskrivning"), required=False, widget=forms.Textarea)
    phases = forms.CharField(
        label=_("Faser"),
        widget=forms.Textarea(attrs={"rows": 9}),
        help_text=_("En fas per rad, i den ordning ett ärende går igenom dem."),
    )
    is_active = forms.BooleanField(label=_("Används"), required=False, initial=True)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def phase_names(self) -> list[str]:
        return [line for line in self.cleaned_data["phases"].splitlines() if line.strip()]


class FidelityReviewForm(forms.Form):
    """A review on one scale: the date, who reviewed, and one score per item."""

    reviewed_on = PlausibleDateField(label=_("Datum för granskningen"), widget=DateInput)
    reviewers = SingleLineField(
        label=_("Granskare"),
        max_length=300,
        required=False,
        help_text=_("Vilka som gjorde granskningen, till exempel två externa granskare."),
    )
    note = forms.CharField(
        label=_("Kommentar"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, scale: FidelityScale, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.scale = scale
        points = [("", _("Välj poäng"))] + [
            (str(value), str(value)) for value in range(scale.item_min, scale.item_max + 1)
        ]
        for item in scale.items.all():
            self.fields[f"item_{item.number}"] = forms.TypedChoiceField(
                label=f"{item.number}. {item.name}",
                help_text=item.description,
                choices=points,
                coerce=int,
            )

    def item_fields(self) -> list[tuple[str, list[forms.BoundField]]]:
        """The item fields grouped by the scale's sections, in order."""
        sections: dict[str, list[forms.BoundField]] = {}
        for item in self.scale.items.all():
            sections.setdefault(item.section, []).append(self[f"item_{item.number}"])
        return list(sections.items())

    def scores(self) -> dict[int, int]:
        return {
            int(name.removeprefix("item_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("item_")
        }
