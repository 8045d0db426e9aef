from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lotsa.core.forms import DateInput, PlausibleDateField, SingleLineField
from lotsa.guidelines.library import shipped_guidelines
from lotsa.onboarding.services import PARTNER_AUTHORITIES
from lotsa.organisations.constants import OrganisationKind


class OrganisationForm(forms.Form):
    name = SingleLineField(label=_("Organisationens namn"), max_length=200)
    kind = forms.ChoiceField(
        label=_("Typ av organisation"),
        choices=OrganisationKind.choices,
        widget=forms.RadioSelect,
        initial=OrganisationKind.MUNICIPALITY,
    )
    municipality_code = SingleLineField(
        label=_("Kommunkod"),
        max_length=10,
        required=False,
        help_text=_(
            "SCB:s fyrsiffriga kommunkod, till exempel 0162. Ett samordningsförbund har ingen; "
            "ange medlemskommunernas koder i nästa steg."
        ),
    )


class MemberMunicipalityForm(forms.Form):
    prefix = "member"
    name = SingleLineField(label=_("Medlemskommunens namn"), max_length=200)
    municipality_code = SingleLineField(
        label=_("Medlemskommunens kommunkod"), max_length=10, help_text=_("Fyra siffror.")
    )


class PartnerAuthorityForm(forms.Form):
    prefix = "partner"
    kind = forms.ChoiceField(
        label=_("Vilken myndighet"),
        choices=[(kind.value, kind.label) for kind in PARTNER_AUTHORITIES],
    )
    name = SingleLineField(
        label=_("Namn i partnerregistret"),
        max_length=200,
        required=False,
        help_text=_("Till exempel Region Värmland. Tomt: myndighetens namn."),
    )


class GuidelineInstallForm(forms.Form):
    prefix = "guideline"
    guideline = forms.ChoiceField(label=_("Riktlinje från biblioteket"))
    publish_on = PlausibleDateField(label=_("Gäller från"), widget=DateInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["guideline"].choices = [  # type: ignore[attr-defined]
            (item.key, item.label) for item in shipped_guidelines()
        ]


class GuidelineStartForm(forms.Form):
    prefix = "empty"
    name = SingleLineField(label=_("Namn på en ny, tom riktlinje"), max_length=200)


class UnitForm(forms.Form):
    prefix = "unit"
    name = SingleLineField(label=_("Enhetens namn"), max_length=200)
    runs_support = forms.BooleanField(
        label=_("Enheten har arbetscoacher och tar emot remisser"), required=False
    )


class StaffImportForm(forms.Form):
    prefix = "staff"
    file = forms.FileField(
        label=_("CSV-fil med personal"),
        help_text=_(
            "UTF-8, semikolon eller komma. Rubrikrad: "
            "användarnamn;förnamn;efternamn;e-post;titel;roll;enhet"
        ),
    )
