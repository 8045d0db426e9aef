from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lotsa.core.forms import DateInput, PlausibleDateField, SingleLineField
from lotsa.surveys.constants import QuestionKind, SurveyTrigger
from lotsa.surveys.models import Question, Survey


class SurveyForm(forms.Form):
    name = SingleLineField(label=_("Namn"), max_length=200)
    intro = forms.CharField(
        label=_("Inledning"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Visas överst i enkäten. Skriv enkelt och kort."),
    )
    is_anonymous = forms.BooleanField(
        label=_("Anonym: svaren sparas utan koppling till personen"), required=False, initial=True
    )
    trigger = forms.ChoiceField(
        label=_("Skickas"), choices=SurveyTrigger.choices, initial=SurveyTrigger.MANUAL
    )


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Typ av fråga"), choices=QuestionKind.choices)
    text = SingleLineField(label=_("Fråga"), max_length=300)
    choices = forms.CharField(
        label=_("Svarsalternativ"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Bara för frågor med ett svarsalternativ: ett alternativ per rad."),
    )
    low_label = SingleLineField(
        label=_("Text vid 1"), max_length=60, required=False, help_text=_("Bara för skalfrågor.")
    )
    high_label = SingleLineField(
        label=_("Text vid 5"), max_length=60, required=False, help_text=_("Bara för skalfrågor.")
    )
    is_required = forms.BooleanField(label=_("Måste besvaras"), required=False)


class SendForm(forms.Form):
    survey = forms.ModelChoiceField(
        label=_("Enkät"),
        queryset=Survey.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": _("Välj en av organisationens aktiva enkäter.")},
    )

    def __init__(self, *args: Any, surveys: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["survey"].queryset = surveys  # type: ignore[attr-defined]


class PeriodForm(forms.Form):
    start = PlausibleDateField(label=_("Från"), widget=DateInput())
    end = PlausibleDateField(label=_("Till"), widget=DateInput())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("Slutdatumet kan inte vara före startdatumet."))
        return data


class AnswerForm(forms.Form):
    """One field per question, named q<id>."""

    def __init__(self, *args: Any, questions: list[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for question in questions:
            self.fields[f"q{question.pk}"] = _field_for(question)

    def answers(self) -> dict[int, Any]:
        return {
            int(name[1:]): value for name, value in self.cleaned_data.items() if value not in ("",)
        }


def _field_for(question: Question) -> forms.Field:
    common: dict[str, Any] = {"label": question.text, "required": False}
    if question.kind == QuestionKind.SCALE:
        low = question.low_label or "1"
        high = question.high_label or "5"
        return forms.ChoiceField(
            choices=[(str(n), str(n)) for n in range(1, 6)],
            widget=forms.RadioSelect,
            help_text=_("1 = %(low)s, 5 = %(high)s") % {"low": low, "high": high},
            **common,
        )
    if question.kind == QuestionKind.YES_NO:
        return forms.ChoiceField(
            choices=[("yes", _("Ja")), ("no", _("Nej"))], widget=forms.RadioSelect, **common
        )
    if question.kind == QuestionKind.SINGLE_CHOICE:
        return forms.ChoiceField(
            choices=[(choice, choice) for choice in question.choices],
            widget=forms.RadioSelect,
            **common,
        )
    return forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, strip=True, **common
    )
