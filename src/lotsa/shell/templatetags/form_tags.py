"""One form field with its label, help text and errors tied together for screen readers.

`{% form_field field %}` writes what `shell/_field.html` used to spell out in template
language; that template now calls this tag, so the markup has one source. The case page
renders some twenty fields, and the template version cost about as much as the rest of the
page's sections together (docs/performance.md, "the case page near the floor"): every
`field.…` look-up went through the template engine's attribute resolution.
"""

from django import template
from django.forms import BoundField
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext

register = template.Library()


@register.simple_tag
def form_field(field: BoundField) -> SafeString:
    widget = field.field.widget
    input_type = getattr(widget, "input_type", "")
    multiple = getattr(widget, "allow_multiple_selected", False)
    errors = field.errors
    help_text = field.help_text
    auto_id = field.auto_id
    classes = "field"
    if errors:
        classes += " field--error"
    if input_type == "checkbox" and not multiple:
        classes += " field--checkbox"
    required = (
        format_html(' <span class="required">({})</span>', gettext("obligatoriskt"))
        if field.field.required
        else ""
    )
    rendered = conditional_escape(str(field))  # a widget's markup, already safe
    if input_type == "radio" or (multiple and input_type == "checkbox"):
        described = ""
        if errors or help_text:
            described = format_html(
                ' aria-describedby="{}{}"',
                format_html("{}_helptext ", auto_id) if help_text else "",
                format_html("{}_error", auto_id) if errors else "",
            )
        control = format_html(
            "<fieldset{}>\n      <legend>{}{}</legend>\n      {}\n    </fieldset>",
            described,
            field.label,
            required,
            rendered,
        )
    elif input_type == "checkbox":
        control = format_html(
            '{}\n    <label for="{}">{}</label>', rendered, field.id_for_label, field.label
        )
    else:
        control = format_html(
            '<label for="{}">{}{}</label>\n    {}',
            field.id_for_label,
            field.label,
            required,
            rendered,
        )
    help_html = (
        format_html('<p class="help" id="{}_helptext">{}</p>', auto_id, help_text)
        if help_text
        else ""
    )
    error_html = (
        format_html(
            '<ul class="errorlist" id="{}_error">\n    {}\n  </ul>',
            auto_id,
            format_html_join("", "<li>{}</li>", ((error,) for error in errors)),
        )
        if errors
        else ""
    )
    return format_html(
        '<div class="{}">\n    {}\n  {}\n  {}\n</div>',
        classes,
        control,
        help_html,
        error_html,
    )
