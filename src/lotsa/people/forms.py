from django import forms
from django.utils.translation import gettext_lazy as _

from lotsa.core.forms import SingleLineField
from lotsa.organisations.models import District, MemberMunicipality, Unit
from lotsa.people.constants import Gender
from lotsa.people.personnummer import PersonnummerError, parse_personnummer


class ParticipantIdentityForm(forms.Form):
    """Who the person is: enough to register them, also inline from another form (the
    referral's "Saknas personen?", with a prefix so its names never meet the other form's)."""

    personal_number = SingleLineField(
        label=_("Personnummer eller samordningsnummer"),
        help_text=_("10 eller 12 siffror, till exempel 19900101-1239."),
        max_length=20,
    )
    first_name = SingleLineField(label=_("Förnamn"), max_length=100)
    last_name = SingleLineField(label=_("Efternamn"), max_length=100)
    is_protected = forms.BooleanField(
        label=_("Skyddad identitet"),
        required=False,
        help_text=_("Personen syns då bara för sin arbetscoach och enhetens chef."),
    )

    def clean_personal_number(self) -> str:
        try:
            return parse_personnummer(self.cleaned_data["personal_number"]).canonical
        except PersonnummerError as error:
            raise forms.ValidationError(str(error)) from error


class ParticipantForm(ParticipantIdentityForm):
    """Register or edit a participant; the personnummer is fixed once registered."""

    gender = forms.ChoiceField(
        label=_("Kön"),
        choices=[("", _("Ta från personnumret"))] + list(Gender.choices),
        required=False,
    )
    email = forms.EmailField(label=_("E-post"), required=False)
    phone = SingleLineField(label=_("Telefon"), max_length=30, required=False)
    street_address = SingleLineField(label=_("Adress"), max_length=200, required=False)
    postal_code = SingleLineField(label=_("Postnummer"), max_length=10, required=False)
    city = SingleLineField(label=_("Ort"), max_length=100, required=False)
    unit = forms.ModelChoiceField(label=_("Ansvarig enhet"), queryset=Unit.objects.none())
    district = forms.ModelChoiceField(
        label=_("Stadsdel"), queryset=District.objects.none(), required=False
    )
    member_municipality = forms.ModelChoiceField(
        label=_("Medlemskommun"),
        queryset=MemberMunicipality.objects.none(),
        required=False,
        help_text=_("Kommunen i samordningsförbundet som personen kommer från."),
    )
    needs_interpreter = forms.BooleanField(label=_("Behöver tolk"), required=False)
    language = SingleLineField(label=_("Språk"), max_length=60, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    # the identity first, the protection last, as the page has always shown them
    field_order = [
        *("personal_number", "first_name", "last_name", "gender", "email", "phone"),
        *("street_address", "postal_code", "city", "unit", "district", "member_municipality"),
        *("needs_interpreter", "language", "is_protected", "version"),
    ]

    def __init__(
        self, *args: object, actor: object, editing: bool = False, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        organisation_id = getattr(actor, "organisation_id", None)
        self.fields["unit"].queryset = Unit.objects.filter(
            organisation_id=organisation_id, is_active=True
        )  # type: ignore[attr-defined]
        self.fields["district"].queryset = District.objects.filter(organisation_id=organisation_id)  # type: ignore[attr-defined]
        if not self.fields["district"].queryset.exists():  # type: ignore[attr-defined]
            del self.fields["district"]
        members = MemberMunicipality.objects.filter(organisation_id=organisation_id)
        self.fields["member_municipality"].queryset = members  # type: ignore[attr-defined]
        if not members.exists():
            del self.fields["member_municipality"]
        if editing:
            del self.fields["personal_number"]
            del self.fields["unit"]
