"""Forms for applications and decisions. Rules live in services; forms only parse the input."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lotsa.core.forms import DateInput, PlausibleDateField, SingleLineField
from lotsa.decisions.constants import (
    DecisionAct,
    DecisionOutcome,
    Delegate,
    Reply,
    SpecialReason,
    SupportKind,
)
from lotsa.decisions.models import Application
from lotsa.guidelines.constants import CriterionKind
from lotsa.guidelines.models import GuidelineVersion
from lotsa.organisations.constants import Role
from lotsa.organisations.models import Unit, User

ANSWER_CHOICES = [("", _("Inte besvarat")), *Reply.choices]
REASON_CHOICES = [("", _("Inga särskilda skäl")), *SpecialReason.choices]


class ApplicationForm(forms.Form):
    personal_number = SingleLineField(
        label=_("Personnummer"),
        max_length=13,
        help_text=_("Personen ska finnas i Lotsa. ÅÅÅÅMMDD-NNNN."),
    )
    guideline_version = forms.ModelChoiceField(
        label=_("Insats som ansökan gäller"),
        queryset=GuidelineVersion.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
    )
    received_on = PlausibleDateField(label=_("Ansökan inkom"), widget=DateInput())

    def __init__(self, *args: Any, versions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["guideline_version"]
        field.queryset = versions  # type: ignore[attr-defined]
        field.label_from_instance = lambda version: version.guideline.name  # type: ignore[attr-defined]


class InvestigationForm(forms.Form):
    """Target groups, one answer and comment per question criterion, consultation, assessment."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    target_groups = forms.MultipleChoiceField(
        label=_("Målgrupp"), required=False, widget=forms.CheckboxSelectMultiple
    )
    consultation_on = PlausibleDateField(label=_("Samråd den"), required=False, widget=DateInput())
    consultation_with = SingleLineField(
        label=_("Samråd med"),
        max_length=200,
        required=False,
        help_text=_("Namn och roll, till exempel jobbcoach på Jobbtorg."),
    )
    consultation_summary = forms.CharField(
        label=_("Vad samrådet gav"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    life_situation = forms.CharField(
        label=_("Livssituation"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    support_needs = forms.CharField(
        label=_("Stödbehov"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    goals = forms.CharField(
        label=_("Målsättning"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, application: Application, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        version = application.guideline_version
        self.groups = {str(group.pk): group for group in version.target_groups.all()}
        self.fields["target_groups"].choices = [  # type: ignore[attr-defined]
            (pk, group.name) for pk, group in self.groups.items()
        ]
        self.questions = [c for c in version.criteria.all() if c.kind == CriterionKind.QUESTION]
        answers = application.answers or {}
        for criterion in self.questions:
            saved = answers.get(criterion.code, {})
            self.fields[f"answer_{criterion.code}"] = forms.ChoiceField(
                label=criterion.label,
                choices=ANSWER_CHOICES,
                required=False,
                widget=forms.RadioSelect,
                help_text=criterion.help_text,
                initial=saved.get("answer", ""),
            )
            self.fields[f"comment_{criterion.code}"] = forms.CharField(
                label=_("Kommentar till: %(label)s") % {"label": criterion.label},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=saved.get("comment", ""),
            )

    def question_fields(self) -> list[tuple[Any, Any]]:
        return [(self[f"answer_{c.code}"], self[f"comment_{c.code}"]) for c in self.questions]

    def assessment_fields(self) -> list[Any]:
        return [self[name] for name in ("life_situation", "support_needs", "goals")]

    def consultation_fields(self) -> list[Any]:
        return [
            self[name] for name in ("consultation_on", "consultation_with", "consultation_summary")
        ]

    def answers(self) -> dict[str, tuple[str, str]]:
        data = self.cleaned_data
        return {
            c.code: (data.get(f"answer_{c.code}", ""), data.get(f"comment_{c.code}", ""))
            for c in self.questions
        }

    def chosen_groups(self) -> list[Any]:
        return [self.groups[pk] for pk in self.cleaned_data.get("target_groups", [])]


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Prövning enligt 4 kap. 2 § SoL"),
        choices=DecisionOutcome.choices,
        widget=forms.RadioSelect,
    )
    first_step_motivation = forms.CharField(
        label=_("Avslag enligt 4 kap. 1 § SoL: motivering"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_("Riktlinjens standardmotivering är ifylld."),
    )
    support_type = SingleLineField(label=_("Insats"), max_length=300, required=False)
    motivation = forms.CharField(
        label=_("Motivering"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Lämna tomt för riktlinjens text för bifall eller avslag."),
    )
    decided_on = PlausibleDateField(label=_("Beslutsdatum"), widget=DateInput())
    delegation = SingleLineField(
        label=_("Beslutar enligt delegation"),
        max_length=200,
        required=False,
        help_text=_(
            "Punkt i nämndens delegationsordning. Lämna tomt för punkten i delegationsregistret."
        ),
    )
    receiving_unit = forms.ModelChoiceField(
        label=_("Enhet som ska ge stödet (vid bifall)"),
        queryset=Unit.objects.none(),
        required=False,
    )
    valid_from = PlausibleDateField(
        label=_("Gäller från (vid bifall)"), required=False, widget=DateInput()
    )
    valid_to = PlausibleDateField(
        label=_("Gäller till (vid bifall)"), required=False, widget=DateInput()
    )
    special_reason = forms.ChoiceField(
        label=_("Särskilda skäl för längre tid"), choices=REASON_CHOICES, required=False
    )
    special_reason_text = forms.CharField(
        label=_("Motivering av särskilda skäl"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    informed_on = PlausibleDateField(
        label=_("Personen informerades den (vid avslag)"), required=False, widget=DateInput()
    )
    informed_about = forms.MultipleChoiceField(
        label=_("Personen har informerats om (vid avslag)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, units: Any, version: GuidelineVersion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["receiving_unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["informed_about"].choices = version.required_information  # type: ignore[attr-defined]
        if not version.required_information:
            self.fields["informed_about"].widget = forms.MultipleHiddenInput()


class ExtensionForm(forms.Form):
    valid_to = PlausibleDateField(label=_("Ny sista dag"), widget=DateInput())
    decided_on = PlausibleDateField(label=_("Beslutsdatum"), widget=DateInput())
    delegation = SingleLineField(
        label=_("Beslutar enligt delegation"),
        max_length=200,
        required=False,
        help_text=_("Lämna tomt för punkten i delegationsregistret."),
    )
    motivation = forms.CharField(label=_("Motivering"), widget=forms.Textarea(attrs={"rows": 3}))
    special_reason = forms.ChoiceField(
        label=_("Särskilda skäl för längre tid"), choices=REASON_CHOICES, required=False
    )
    special_reason_text = forms.CharField(
        label=_("Motivering av särskilda skäl"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class ParallelSupportForm(forms.Form):
    kind = forms.ChoiceField(label=_("Stöd"), choices=SupportKind.choices)
    starts_on = PlausibleDateField(label=_("Från"), widget=DateInput())
    ends_on = PlausibleDateField(label=_("Till"), required=False, widget=DateInput())
    note = SingleLineField(label=_("Anteckning"), max_length=300, required=False)


class ExpiryFilterForm(forms.Form):
    inom = forms.TypedChoiceField(
        label=_("Upphör inom"),
        choices=[(30, _("30 dagar")), (60, _("60 dagar")), (90, _("90 dagar"))],
        coerce=int,
        required=False,
    )


class PeriodForm(forms.Form):
    start = PlausibleDateField(label=_("Från"), widget=DateInput())
    end = PlausibleDateField(label=_("Till"), widget=DateInput())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("Slutdatumet kan inte vara före startdatumet."))
        return data


class DelegationForm(forms.Form):
    """A row of the delegation register; the service checks the values as a whole."""

    delegate = forms.ChoiceField(label=_("Vem får besluta"), choices=Delegate.choices)
    user = forms.ModelChoiceField(
        label=_("Person"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Bara när delegationen gäller en namngiven person, t.ex. en ersättare."),
    )
    acts = forms.MultipleChoiceField(
        label=_("Beslut"), choices=DecisionAct.choices, widget=forms.CheckboxSelectMultiple
    )
    unit = forms.ModelChoiceField(
        label=_("Gäller ansökningar på enheten"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("Alla enheter"),
    )
    valid_from = PlausibleDateField(label=_("Gäller från"), widget=DateInput())
    valid_to = PlausibleDateField(
        label=_("Gäller till och med"), widget=DateInput(), required=False
    )
    reference = SingleLineField(
        label=_("Punkt i delegationsordningen"), max_length=200, required=False
    )

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            organisation_id=organisation_id,
            is_active=True,
            role__in=(Role.REFERRER, Role.MANAGER),
        ).order_by("first_name", "last_name", "pk")
        self.fields["unit"].queryset = Unit.objects.filter(  # type: ignore[attr-defined]
            organisation_id=organisation_id
        ).order_by("name")


class DelegationEndForm(forms.Form):
    valid_to = PlausibleDateField(label=_("Sista dag"), widget=DateInput())
