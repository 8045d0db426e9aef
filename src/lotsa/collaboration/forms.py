from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lotsa.cases.constants import ResponsibleParty
from lotsa.cases.models import ActivityType
from lotsa.collaboration.constants import ConsentForm, ConsentScope, MeetingKind, PartnerKind
from lotsa.collaboration.models import PartnerOrganisation
from lotsa.core.forms import DateInput, PlausibleDateField, SingleLineField
from lotsa.organisations.models import Unit
from lotsa.referrals.forms import outside_text_field


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict[str, str] | None = None) -> None:
        super().__init__(attrs=attrs, format="%H:%M")


class PartnerForm(forms.Form):
    name = SingleLineField(label=_("Namn"), max_length=200)
    kind = forms.ChoiceField(label=_("Typ av part"), choices=PartnerKind.choices)
    phone = SingleLineField(label=_("Telefon"), max_length=40, required=False)
    email = forms.EmailField(label=_("E-post"), required=False)
    is_active = forms.BooleanField(label=_("Aktiv"), required=False, initial=True)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class PartnerContactForm(forms.Form):
    name = SingleLineField(label=_("Namn"), max_length=200)
    title = SingleLineField(label=_("Roll"), max_length=200, required=False)
    phone = SingleLineField(label=_("Telefon"), max_length=40, required=False)
    email = forms.EmailField(label=_("E-post"), required=False)


class PartnerUserForm(forms.Form):
    username = SingleLineField(
        label=_("Användarnamn"),
        max_length=150,
        help_text=_(
            "Personen får en inbjudan med e-post till kontaktpersonens adress och väljer sitt "
            "eget lösenord."
        ),
    )


class ConsentRegisterForm(forms.Form):
    # Required-ness is the service's: its Swedish messages land next to these fields.
    partners = forms.ModelMultipleChoiceField(
        label=_("Samtycket gäller"),
        queryset=PartnerOrganisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    scopes = forms.MultipleChoiceField(
        label=_("Får delas"),
        choices=ConsentScope.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    given_on = PlausibleDateField(label=_("Samtycket gavs"), widget=DateInput, required=False)
    form = forms.ChoiceField(
        label=_("Samtyckets form"),
        choices=ConsentForm.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    valid_to = PlausibleDateField(
        label=_("Gäller till och med"),
        widget=DateInput,
        required=False,
        help_text=_("Lämna tomt om samtycket gäller tills vidare."),
    )
    note = forms.CharField(
        label=_("Kommentar"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, partners: QuerySet[PartnerOrganisation], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = partners  # type: ignore[attr-defined]


PARTY_CHOICES = ResponsibleParty.choices


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Typ av möte"), choices=[("", "–"), *MeetingKind.choices], required=False
    )
    meets_on = PlausibleDateField(label=_("Datum"), widget=DateInput, required=False)
    starts_at = forms.TimeField(label=_("Klockan"), widget=TimeInput, required=False)
    place = SingleLineField(label=_("Plats"), max_length=200, required=False)
    parties = forms.MultipleChoiceField(
        label=_("Parter som deltar"),
        choices=PARTY_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Samverkansparter som deltar"),
        queryset=PartnerOrganisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    attendees = forms.CharField(
        label=_("Deltagare på mötet"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Namn och roll, en per rad."),
    )
    lead_party = forms.ChoiceField(
        label=_("Huvudansvarig"), choices=[("", "–"), *PARTY_CHOICES], required=False
    )
    agreed = forms.CharField(
        label=_("Överenskommelser"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    consent_scopes = forms.MultipleChoiceField(
        label=_("Samtycke som gavs på mötet"),
        choices=ConsentScope.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Om personen på mötet samtyckte till att de samverkansparter som deltog får ta del "
            "av uppgifter: välj vad. Samtycket registreras i personens samtycken."
        ),
    )
    consent_form = forms.ChoiceField(
        label=_("Samtyckets form"),
        choices=[("", "–"), *ConsentForm.choices],
        required=False,
    )
    plan_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        partners: QuerySet[PartnerOrganisation],
        outcome_only: bool = False,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = partners  # type: ignore[attr-defined]
        if outcome_only:
            for name in ("kind", "meets_on", "starts_at", "place"):
                del self.fields[name]


class AgreedActionForm(forms.Form):
    activity_type = forms.ModelChoiceField(
        label=_("Aktivitet"), queryset=ActivityType.objects.none(), required=False
    )
    description = SingleLineField(label=_("Vad ska göras"), max_length=500, required=False)
    responsible = forms.ChoiceField(
        label=_("Ansvarig"), choices=[("", "–"), *PARTY_CHOICES], required=False
    )
    starts_on = PlausibleDateField(label=_("Från"), widget=DateInput, required=False)
    ends_on = PlausibleDateField(label=_("Till"), widget=DateInput, required=False)

    def __init__(self, *args: Any, activity_types: QuerySet[ActivityType], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["activity_type"].queryset = activity_types  # type: ignore[attr-defined]

    @property
    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not any(data.get(name) for name in self.fields)


AgreedActionFormSet = forms.formset_factory(AgreedActionForm, extra=3, max_num=10)


class PartnerReferralForm(forms.Form):
    """A partner's contact person refers someone who consented to their organisation."""

    personal_number = SingleLineField(
        label=_("Personnummer"),
        max_length=20,
        help_text=_("Personen måste ha gett samtycke till er organisation hos oss."),
        error_messages={"required": _("Skriv personens personnummer.")},
    )
    receiving_unit = forms.ModelChoiceField(
        label=_("Till verksamhet"),
        queryset=Unit.objects.none(),
        empty_label=_("Välj verksamhet"),
        error_messages={
            "required": _("Välj vilken verksamhet remissen gäller."),
            "invalid_choice": _("Välj en verksamhet ur listan."),
        },
    )
    reason = outside_text_field(
        _("Anledning till remissen"),
        rows=4,
        required_message=_("Skriv varför personen remitteras."),
    )
    goal = outside_text_field(_("Önskat mål"), rows=3)

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["receiving_unit"].queryset = units  # type: ignore[attr-defined]
