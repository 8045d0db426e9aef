import json
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()

EMPTY = "–"


@register.filter
def extract_value(value: Any) -> str | SafeString:
    """One value of an extract as readable text: lists joined, structures as indented JSON."""
    if value is None or value == "" or value == [] or value == {}:
        return EMPTY
    if isinstance(value, list) and all(isinstance(item, str | int | float) for item in value):
        return ", ".join(str(item) for item in value)
    if isinstance(value, list | dict):
        return format_html("<pre>{}</pre>", json.dumps(value, ensure_ascii=False, indent=2))
    if isinstance(value, str) and "\n" in value:
        return format_html('<span class="note-text">{}</span>', value)
    return str(value)


@register.filter
def field_value(fields: dict[str, Any], label: str) -> Any:
    """`fields[label]`, for table cells whose column names contain spaces and hyphens."""
    return fields.get(label)
