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
    email = forms.EmailField(
        label=_("E-post"),
        required=False,
        error_messages={"required": _("Ange en e-postadress, dit inbjudan med länken skickas.")},
    )
    title = SingleLineField(label=_("Titel"), max_length=100, required=False)
    role = forms.ChoiceField(
        label=_("Roll"), choices=[(role.value, role.label) for role in STAFF_ACCOUNT_ROLES]
    )
    unit = forms.ModelChoiceField(label=_("Enhet"), queryset=Unit.objects.none(), required=False)
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
            self.fields["email"].required = True
            self.fields["email"].help_text = _(
                "Personen får en inbjudan hit med en länk där hen väljer sitt eget lösenord."
            )


class NewPasswordForm(forms.Form):
    """A new password typed twice; the services run Django's password validators."""

    new_password1 = forms.CharField(
        label=_("Nytt lösenord"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
        help_text=_("Minst 12 tecken. Gärna en mening med flera ord som du kommer ihåg."),
        error_messages={"required": _("Skriv ett nytt lösenord.")},
    )
    new_password2 = forms.CharField(
        label=_("Nytt lösenord igen"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
        error_messages={"required": _("Skriv det nya lösenordet en gång till.")},
    )

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        first, second = cleaned.get("new_password1"), cleaned.get("new_password2")
        if first and second and first != second:
            self.add_error("new_password2", _("Lösenorden är inte likadana."))
        return cleaned


class PasswordChangeForm(NewPasswordForm):
    old_password = forms.CharField(
        label=_("Nuvarande lösenord"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        strip=False,
        error_messages={"required": _("Skriv ditt nuvarande lösenord.")},
    )
    field_order = ["old_password", "new_password1", "new_password2"]
