"""Form helpers shared by the apps: date inputs and fields, one-line text fields, and service
errors shown at their fields."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError

from lotsa.core.dates import validate_plausible_date
from lotsa.core.text import ascii_digits, validate_single_line


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, str] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Attach a service's ValidationError to the form, per field where it names one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for problem in errors:
                form.add_error(target, problem)
    else:
        for message in error.messages:
            form.add_error(None, message)


class SingleLineField(forms.CharField):
    """A one-line text field (a name, a title, a number): no line breaks, control characters,
    bidirectional overrides or zero-width characters."""

    default_validators = [validate_single_line]


class PlausibleDateField(forms.DateField):
    """A date field that accepts only dates in the application's plausible range."""

    default_validators = [validate_plausible_date]

    def to_python(self, value: object) -> date | None:  # type: ignore[override]
        if isinstance(value, str):
            value = ascii_digits(value)
        return super().to_python(value)
