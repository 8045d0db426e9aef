from django import forms
from django.utils.translation import gettext_lazy as _

from lotsa.api.constants import SERVICE_ACCOUNT_ROLES, Scope
from lotsa.core.forms import SingleLineField
from lotsa.organisations.constants import Role
from lotsa.organisations.models import Unit


class ServiceAccountForm(forms.Form):
    name = SingleLineField(
        label=_("Namn"),
        max_length=100,
        help_text=_("Vilket system som använder kontot, t.ex. socialtjänstens verksamhetssystem."),
    )
    role = forms.ChoiceField(
        label=_("Agerar som"),
        choices=[(role.value, role.label) for role in SERVICE_ACCOUNT_ROLES],
        initial=Role.REFERRER,
        help_text=_("Kontot får se och göra samma sak som en användare med den rollen på enheten."),
    )
    unit = forms.ModelChoiceField(label=_("Enhet"), queryset=Unit.objects.none())
    scopes = forms.MultipleChoiceField(
        label=_("Behörigheter"), choices=Scope.choices, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: object, actor: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["unit"].queryset = Unit.objects.filter(  # type: ignore[attr-defined]
            organisation_id=getattr(actor, "organisation_id", None), is_active=True
        ).order_by("name")
