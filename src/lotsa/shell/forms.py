from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator


class SignInForm(AuthenticationForm):
    """Django's sign-in form, with the username's length enforced before anyone looks it up.

    AuthenticationForm sets max_length only on the widget, so an over-long name reached
    authenticate() and django-axes' failure log (a 255-character column) and failed there.
    """

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length or 150))  # type: ignore[attr-defined]
