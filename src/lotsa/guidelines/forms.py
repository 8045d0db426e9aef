"""Forms for the guideline editor. Rules live in services; forms only parse the input."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lotsa.core.forms import DateInput, PlausibleDateField, SingleLineField
from lotsa.guidelines.constants import Combine, CriterionKind, Fact
from lotsa.guidelines.models import GuidelineVersion


class GuidelineForm(forms.Form):
    name = SingleLineField(label=_("Namn"), max_length=200)
    reference = SingleLineField(label=_("Diarienummer"), max_length=60, required=False)
    uses_formal_decisions = forms.BooleanField(
        label=_("Stödet beviljas genom formellt beslut enligt SoL"), required=False
    )


class VersionSettingsForm(forms.Form):
    decided_by = SingleLineField(label=_("Beslutad av"), max_length=200, required=False)
    follow_up_interval_months = forms.IntegerField(
        label=_("Uppföljning var … månad"), min_value=1, max_value=24
    )
    priority_age_below = forms.IntegerField(
        label=_("Prioritera personer yngre än (år)"), min_value=1, max_value=130, required=False
    )
    time_limit_months = forms.IntegerField(
        label=_("Tidsgräns i månader"),
        min_value=1,
        max_value=120,
        required=False,
        help_text=_("Lämna tomt om stödet inte är tidsbegränsat."),
    )
    combine = forms.ChoiceField(
        label=_("Hur kriterierna vägs samman"), choices=Combine.choices, widget=forms.RadioSelect
    )
    standard_motivation = forms.CharField(
        label=_("Standardmotivering i beslutet"), widget=forms.Textarea, required=False
    )
    rejection_information = forms.CharField(
        label=_("Information att lämna vid avslag"), widget=forms.Textarea, required=False
    )
    max_months_without_special_reasons = forms.IntegerField(
        label=_("Längsta tid utan särskilda skäl (månader)"),
        min_value=1,
        max_value=120,
        required=False,
        help_text=_("Ett beslut som är längre kräver särskilda skäl. Tomt: samma som tidsgränsen."),
    )
    support_type = SingleLineField(
        label=_("Insatsens namn i beslutet"), max_length=300, required=False
    )
    requires_consultation = forms.BooleanField(
        label=_("Bedömningen kräver samråd med arbetscoach eller arbetsspecialist"),
        required=False,
    )
    consultation_with = SingleLineField(
        label=_("Samråd med"),
        max_length=200,
        required=False,
        help_text=_("Till exempel ”arbetsspecialist på Jobbtorg”."),
    )
    continuation_requires_consultation = forms.BooleanField(
        label=_("Fortsatt insats efter tidsgränsen kräver ny bedömning efter samråd"),
        required=False,
    )
    inform_right_to_reapply = forms.BooleanField(
        label=_("Vid avslag: informera om rätten att ansöka på nytt"), required=False
    )
    inform_insteg = forms.BooleanField(label=_("Vid avslag: informera om Insteg"), required=False)
    inform_daily_activity = forms.BooleanField(
        label=_("Vid avslag: informera om daglig verksamhet"), required=False
    )
    grant_text = forms.CharField(
        label=_("Text i beslutsbrevet vid bifall"), widget=forms.Textarea, required=False
    )
    rejection_text = forms.CharField(
        label=_("Motivering vid avslag enligt 4 kap. 2 § SoL"),
        widget=forms.Textarea,
        required=False,
    )


class TargetGroupForm(forms.Form):
    code = forms.SlugField(
        label=_("Kod"), max_length=60, help_text=_("Små bokstäver, siffror och understreck.")
    )
    name = SingleLineField(label=_("Namn"), max_length=200)
    description = forms.CharField(label=_("Beskrivning"), widget=forms.Textarea, required=False)
    requires_stability = forms.BooleanField(
        label=_("Kräver dokumenterad stabilitet"), required=False
    )
    is_optional = forms.BooleanField(label=_("Valfri målgrupp"), required=False)
    is_conditional = forms.BooleanField(
        label=_("Ingår bara vid utrymme och efterfrågan"),
        required=False,
        help_text=_("Enheten bedömer utrymme och efterfrågan innan personen tas emot."),
    )


class CriterionForm(forms.Form):
    code = forms.SlugField(
        label=_("Kod"), max_length=60, help_text=_("Små bokstäver, siffror och understreck.")
    )
    label = SingleLineField(label=_("Kriterium"), max_length=300)
    kind = forms.ChoiceField(
        label=_("Typ"), choices=CriterionKind.choices, widget=forms.RadioSelect
    )
    fact = forms.ChoiceField(
        label=_("Uppgift (för typen uppgift)"),
        choices=[("", _("– ingen –")), *Fact.choices],
        required=False,
    )
    months = forms.IntegerField(
        label=_("Antal månader (stabilitet)"), min_value=0, max_value=120, required=False
    )
    age_min = forms.IntegerField(label=_("Lägsta ålder"), required=False)
    age_max = forms.IntegerField(label=_("Högsta ålder"), required=False)
    codes = forms.MultipleChoiceField(
        label=_("Målgrupper som räknas"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("För uppgiften ”Tillhör någon av vissa målgrupper”."),
    )
    help_text = forms.CharField(label=_("Vägledning"), widget=forms.Textarea, required=False)

    def __init__(self, *args: Any, version: GuidelineVersion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["codes"].choices = [
            (group.code, group.name) for group in version.target_groups.all()
        ]

    def params(self) -> dict[str, Any]:
        """The parameters that were filled in; the service refuses ones the fact does not take."""
        data = self.cleaned_data
        params: dict[str, Any] = {}
        if data.get("months") is not None:
            params["months"] = data["months"]
        if data.get("age_min") is not None:
            params["min"] = data["age_min"]
        if data.get("age_max") is not None:
            params["max"] = data["age_max"]
        if data.get("codes"):
            params["codes"] = list(data["codes"])
        return params


def criterion_initial(criterion: Any) -> dict[str, Any]:
    params = criterion.params or {}
    return {
        "code": criterion.code,
        "label": criterion.label,
        "kind": criterion.kind,
        "fact": criterion.fact,
        "months": params.get("months"),
        "age_min": params.get("min"),
        "age_max": params.get("max"),
        "codes": params.get("codes", []),
        "help_text": criterion.help_text,
    }


class PublishForm(forms.Form):
    effective_from = PlausibleDateField(label=_("Gäller från"), widget=DateInput())
