from django import forms
from django.utils.translation import gettext_lazy as _

from lotsa.core.forms import SingleLineField
from lotsa.organisations.constants import STAFF_ACCOUNT_ROLES, Role
from lotsa.organisations.models import Unit


class UnitForm(forms.Form):
    name = SingleLineField(label=_("Namn"), max_length=200)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    runs_support = forms.BooleanField(
        label=_("Enheten har arbetscoacher och tar emot remisser"), required=False
    )
    is_active = forms.BooleanField(label=_("Aktiv"), required=False, initial=True)


class DistrictForm(forms.Form):
    name = SingleLineField(label=_("Namn"), max_length=200)


class UserForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    username = SingleLineField(label=_("Användarnamn"), max_length=150)
    first_name = SingleLineField(label=_("Förnamn"), max_length=150)
    last_name = SingleLineField(label=_("Efternamn"), max_length=150)
    email = forms.EmailField(label=_("E-post"), required=False)
    title = SingleLineField(label=_("Titel"), max_length=100, required=False)
    role = forms.ChoiceField(
        label=_("Roll"), choices=[(role.value, role.label) for role in STAFF_ACCOUNT_ROLES]
    )
    unit = forms.ModelChoiceField(label=_("Enhet"), queryset=Unit.objects.none(), required=False)
    password = forms.CharField(
        label=_("Lösenord"),
        widget=forms.PasswordInput,
        required=False,
        help_text=_("Minst 12 tecken. Lämna tomt för att behålla nuvarande lösenord."),
    )
    is_active = forms.BooleanField(label=_("Kan logga in"), required=False, initial=True)

    def __init__(
        self, *args: object, actor: object, editing: bool = False, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["unit"].queryset = Unit.objects.filter(  # type: ignore[attr-defined]
            organisation_id=getattr(actor, "organisation_id", None)
        )
        if editing:
            self.fields["username"].disabled = True
            current = (kwargs.get("initial") or {}).get("role")  # type: ignore[union-attr]
            choices = list(self.fields["role"].choices)  # type: ignore[attr-defined]
            if current and current not in dict(choices):
                # A partner's account keeps its role; only staff roles can be given here.
                self.fields["role"].choices = [(current, Role(current).label), *choices]  # type: ignore[attr-defined]
        else:
            self.fields["password"].required = True
            self.fields["password"].help_text = _("Minst 12 tecken.")
