from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lotsa.core.forms import DateInput, PlausibleDateField, SingleLineField
from lotsa.guidelines.constants import Answer, CriterionKind
from lotsa.guidelines.models import GuidelineVersion, TargetGroup
from lotsa.organisations.models import Unit, User
from lotsa.people.models import Participant
from lotsa.referrals.constants import ConsentForm, ConsentParty, ConsentScope
from lotsa.referrals.services import ANSWER_FIELD_PREFIX, OUTSIDE_TEXT_LIMIT

# Free text is for a referral, not a case file; a cap keeps pasted documents out.
TEXT_LIMIT = 10_000


class ParticipantChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Participant) -> str:  # type: ignore[override]
        return f"{obj.last_name}, {obj.first_name} ({obj.personnummer.formatted})"


class ReferralForm(forms.Form):
    """The referral: who, to which unit, why, and the facts the guideline asks for.

    One radio group per question criterion of the guideline version in force is added as
    `answer_<code>`.
    """

    participant = ParticipantChoiceField(
        label=_("Deltagare"),
        queryset=Participant.objects.none(),
        empty_label=_("Välj deltagare"),
        help_text=_("Personer som du har tillgång till."),
    )
    receiving_unit: "forms.ModelChoiceField[Unit]" = forms.ModelChoiceField(
        label=_("Mottagande enhet"),
        queryset=Unit.objects.none(),
        empty_label=_("Välj enhet"),
        help_text=_("Enheten som ska ge stödet."),
    )
    target_groups: "forms.ModelMultipleChoiceField[TargetGroup]" = forms.ModelMultipleChoiceField(
        label=_("Målgrupper"),
        queryset=TargetGroup.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Välj alla som stämmer. Flera målgrupper kräver en individuell bedömning."),
    )
    reason = forms.CharField(
        label=_("Anledning till remissen"),
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Vad personen behöver stöd med och varför just nu."),
    )
    goal = forms.CharField(
        label=_("Önskat mål"),
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Till exempel arbete, studier eller att klargöra behov av annat stöd."),
    )
    work_capacity_investigated_on = PlausibleDateField(
        label=_("Arbetsförmågan utredd, datum"),
        widget=DateInput(),
        required=False,
        help_text=_("Arbetsförmågan ska vara utredd innan personen remitteras."),
    )
    work_capacity_investigated_by = SingleLineField(
        label=_("Arbetsförmågan utredd av"),
        max_length=200,
        required=False,
        help_text=_("Namn och enhet, eller annan aktör, till exempel Arbetsförmedlingen."),
    )
    work_capacity_summary = forms.CharField(
        label=_("Sammanfattning av utredningen"),
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Vad utredningen kom fram till om arbetsförmågan, i några meningar."),
    )
    stability_since = PlausibleDateField(
        label=_("Dokumenterad stabilitet sedan"),
        widget=DateInput(),
        required=False,
        help_text=_(
            "Vid känd problematik inom missbruk eller socialpsykiatri: datum från vilket "
            "stabiliteten är dokumenterad."
        ),
    )
    consent_parties = forms.MultipleChoiceField(
        label=_("Samtycket gäller"),
        choices=ConsentParty.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Parter som får tala med varandra om personen."),
    )
    consent_scopes = forms.MultipleChoiceField(
        label=_("Samtycket omfattar"),
        choices=ConsentScope.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Det som parterna får ta del av. När ärendet öppnas blir samtycket ett samtycke i "
            "ärendet, så att arbetscoachen inte behöver registrera det igen."
        ),
    )
    consent_given_on = PlausibleDateField(
        label=_("Samtycke givet, datum"),
        widget=DateInput(),
        required=False,
        help_text=_("Dagen personen gav sitt samtycke."),
    )
    consent_form = forms.ChoiceField(
        label=_("Samtyckets form"),
        choices=[("", _("Välj")), *ConsentForm.choices],
        required=False,
        help_text=_("Samtycke kräver ingen särskild form; ange hur det gavs."),
    )
    free_text = forms.CharField(
        label=_("Övrigt"),
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Till exempel behov av tolk eller tider som inte passar."),
    )

    def __init__(
        self,
        *args: Any,
        participants: Any,
        receiving_units: Any,
        version: GuidelineVersion,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = participants
        self.fields["receiving_unit"].queryset = receiving_units
        self.fields["target_groups"].queryset = version.target_groups.all()
        self.question_names: list[str] = []
        for criterion in version.criteria.all():
            if criterion.kind != CriterionKind.QUESTION:
                continue
            name = ANSWER_FIELD_PREFIX + criterion.code
            self.fields[name] = forms.ChoiceField(
                label=criterion.label,
                choices=Answer.choices,
                widget=forms.RadioSelect,
                help_text=criterion.help_text,
            )
            self.question_names.append(name)

    @property
    def question_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.question_names]

    def answers(self) -> dict[str, str]:
        """The answers given so far, by criterion code (valid ones only)."""
        data = getattr(self, "cleaned_data", {})
        return {
            name.removeprefix(ANSWER_FIELD_PREFIX): data[name]
            for name in self.question_names
            if data.get(name)
        }

    def service_arguments(self) -> dict[str, Any]:
        """The cleaned data as referral_submit's keyword arguments."""
        data = self.cleaned_data
        return {
            "participant": data["participant"],
            "receiving_unit": data["receiving_unit"],
            "target_groups": list(data["target_groups"]),
            "reason": data["reason"],
            "goal": data["goal"],
            "work_capacity_investigated_on": data.get("work_capacity_investigated_on"),
            "work_capacity_investigated_by": data.get("work_capacity_investigated_by", ""),
            "work_capacity_summary": data.get("work_capacity_summary", ""),
            "stability_since": data.get("stability_since"),
            "consent_parties": list(data.get("consent_parties") or []),
            "consent_scopes": list(data.get("consent_scopes") or []),
            "consent_given_on": data.get("consent_given_on"),
            "consent_form": data.get("consent_form", ""),
            "answers": self.answers(),
            "free_text": data.get("free_text", ""),
        }

    def preview_arguments(self) -> dict[str, Any]:
        """Whatever is valid so far, for the live eligibility result."""
        data = getattr(self, "cleaned_data", {})
        return {
            "participant": data.get("participant"),
            "target_groups": list(data.get("target_groups") or []),
            "answers": self.answers(),
            "work_capacity_investigated_on": data.get("work_capacity_investigated_on"),
            "work_capacity_investigated_by": data.get("work_capacity_investigated_by", ""),
            "work_capacity_summary": data.get("work_capacity_summary", ""),
            "stability_since": data.get("stability_since"),
            "consent_parties": list(data.get("consent_parties") or []),
            "consent_given_on": data.get("consent_given_on"),
        }


class AcceptForm(forms.Form):
    coach: "forms.ModelChoiceField[User]" = forms.ModelChoiceField(
        label=_("Arbetscoach"),
        queryset=User.objects.none(),
        empty_label=_("Välj arbetscoach"),
        help_text=_("Aktiva arbetscoacher på enheten."),
    )
    start_date = PlausibleDateField(
        label=_("Startdatum"),
        widget=DateInput(),
        help_text=_("Dagen insatsen börjar, oftast dagen för inskrivningsmötet."),
    )
    room_and_demand = forms.TypedChoiceField(
        label=_("Finns det utrymme och efterfrågan på enheten?"),
        choices=[("", _("Välj")), ("yes", _("Ja")), ("no", _("Nej"))],
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=False,
        help_text=_("Personen tillhör bara målgrupper som ingår vid utrymme och efterfrågan."),
    )
    individual_assessment = forms.CharField(
        label=_("Individuell bedömning och skäl"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Krävs när remissen inte uppfyller riktlinjen eller kräver individuell bedömning."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, coaches: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["coach"].queryset = coaches


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Skäl till att remissen skickas tillbaka"),
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Den remitterande handläggaren ser skälet."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


def outside_text_field(label: Any, *, rows: int, required_message: Any = None) -> forms.CharField:
    """A text of a referral from outside (the public form, a partner), capped like the service
    (`referrals.services.OUTSIDE_TEXT_LIMIT`); optional unless `required_message` is given."""
    # The limit is written out: a lazy message cannot take it by % without being translated
    # at import time, in Swedish.
    messages = {"max_length": _("Texten får vara högst 4000 tecken.")}
    if required_message is not None:
        messages["required"] = required_message
    return forms.CharField(
        label=label,
        max_length=OUTSIDE_TEXT_LIMIT,
        required=required_message is not None,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages=messages,
    )
