"""{% form_field %} writes the markup the old template wrote, for every kind of field."""

import re

import pytest
from django import forms
from django.template import Context, Template

# shell/_field.html as it was before the tag, the reference for the markup.
OLD_TEMPLATE = """{% load i18n %}
{% with widget=field.field.widget %}
<div class="field{% if field.errors %} field--error{% endif %}{% if widget.input_type == 'checkbox' and not widget.allow_multiple_selected %} field--checkbox{% endif %}">
  {% if widget.input_type == 'radio' or widget.allow_multiple_selected and widget.input_type == 'checkbox' %}
    <fieldset{% if field.errors or field.help_text %} aria-describedby="{% if field.help_text %}{{ field.auto_id }}_helptext {% endif %}{% if field.errors %}{{ field.auto_id }}_error{% endif %}"{% endif %}>
      <legend>{{ field.label }}{% if field.field.required %} <span class="required">({% translate "obligatoriskt" %})</span>{% endif %}</legend>
      {{ field }}
    </fieldset>
  {% elif widget.input_type == 'checkbox' %}
    {{ field }}
    <label for="{{ field.id_for_label }}">{{ field.label }}</label>
  {% else %}
    <label for="{{ field.id_for_label }}">{{ field.label }}{% if field.field.required %} <span class="required">({% translate "obligatoriskt" %})</span>{% endif %}</label>
    {{ field }}
  {% endif %}
  {% if field.help_text %}<p class="help" id="{{ field.auto_id }}_helptext">{{ field.help_text }}</p>{% endif %}
  {% if field.errors %}
  <ul class="errorlist" id="{{ field.auto_id }}_error">
    {% for error in field.errors %}<li>{{ error }}</li>{% endfor %}
  </ul>
  {% endif %}
</div>
{% endwith %}"""  # noqa: E501


class EveryKind(forms.Form):
    text = forms.CharField(
        label="Text <& ”citat”", help_text="Högst 10 tecken & mer", max_length=10
    )
    optional = forms.CharField(label="Valfri", required=False, widget=forms.Textarea)
    agree = forms.BooleanField(label="Jag godkänner", required=False)
    choice = forms.ChoiceField(
        label="Välj en", choices=[("a", "A"), ("b", "B <b>")], widget=forms.RadioSelect
    )
    many = forms.MultipleChoiceField(
        label="Välj flera",
        choices=[("x", "X"), ("y", "Y")],
        widget=forms.CheckboxSelectMultiple,
        help_text="En eller flera",
    )
    pick = forms.ChoiceField(label="Lista", choices=[("1", "Ett"), ("2", "Två")], required=False)
    when = forms.DateField(label="Datum", widget=forms.DateInput(attrs={"type": "date"}))


def _normal(html: str) -> str:
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html)).strip()


@pytest.mark.parametrize(
    "data",
    [None, {"text": "x" * 11, "choice": "c", "agree": "on", "when": "i går"}, {"text": "ok"}],
    ids=["unbound", "invalid", "partly valid"],
)
@pytest.mark.parametrize("auto_id", ["id_%s", False])
def test_form_field_writes_what_the_template_wrote(data, auto_id):
    form = EveryKind(data, prefix="p", auto_id=auto_id)
    old = Template(OLD_TEMPLATE)
    new = Template("{% load form_tags %}{% form_field field %}")
    for field in form:
        expected = _normal(old.render(Context({"field": field})))
        assert _normal(new.render(Context({"field": field}))) == expected, field.name
        assert (
            _normal(Template('{% include "shell/_field.html" %}').render(Context({"field": field})))
            == expected
        ), field.name


def test_errors_and_help_are_tied_to_a_group_of_choices():
    form = EveryKind({"many": ["z"]}, prefix="p")
    html = Template("{% load form_tags %}{% form_field field %}").render(
        Context({"field": form["many"]})
    )
    assert 'aria-describedby="id_p-many_helptext id_p-many_error"' in html
    assert 'class="field field--error"' in html
    assert '<legend>Välj flera <span class="required">(obligatoriskt)</span></legend>' in html
