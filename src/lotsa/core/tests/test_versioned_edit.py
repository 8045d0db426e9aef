"""The versioned edit page: a conflict keeps one's own input and shows the current version."""

from django import forms
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from lotsa.core.concurrency import EditConflictError
from lotsa.core.editing import versioned_save
from lotsa.organisations.models import Unit


class NameForm(forms.Form):
    name = forms.CharField()
    version = forms.IntegerField()


def _post(**data):
    return RequestFactory().post("/", data)


def test_a_conflict_keeps_the_input_moves_the_version_and_names_the_current_row():
    request = _post(name="Mitt namn", version="3")
    current = Unit(name="Deras namn", version=4)

    def save(form):
        raise EditConflictError(current)

    edit = versioned_save(
        request, NameForm(request.POST), save=save, rebuild=lambda data, _c: NameForm(data)
    )
    assert not edit.saved
    assert edit.conflict is current
    assert edit.form["name"].value() == "Mitt namn"
    assert edit.form["version"].value() == "4"
    assert "Någon annan har sparat" in edit.form.non_field_errors()[0]


def test_a_service_error_lands_at_its_field_and_nothing_counts_as_saved():
    request = _post(name="x", version="1")

    def save(form):
        raise ValidationError({"name": "Namnet är upptaget."})

    edit = versioned_save(
        request, NameForm(request.POST), save=save, rebuild=lambda data, _c: NameForm(data)
    )
    assert not edit.saved
    assert edit.form.errors["name"] == ["Namnet är upptaget."]


def test_a_valid_post_is_saved_and_returns_what_the_service_made():
    request = _post(name="x", version="1")
    edit = versioned_save(
        request,
        NameForm(request.POST),
        save=lambda form: form.cleaned_data["name"].upper(),
        rebuild=lambda data, _c: NameForm(data),
    )
    assert (edit.saved, edit.result) == (True, "X")


def test_a_get_only_shows_the_form():
    request = RequestFactory().get("/")
    form = NameForm(initial={"name": "a"})
    edit = versioned_save(request, form, save=lambda f: 1 / 0, rebuild=lambda d, _c: form)
    assert edit.form is form and not edit.saved
