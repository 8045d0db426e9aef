"""Text from people: digits in one script, and one-line fields without control codes.

A personnummer typed in full-width (１９８６…) or Arabic-Indic digits (١٩٨٦…) is the same
number as in ASCII digits; `ascii_digits` makes it so before any rule reads it, so the same
person cannot be registered twice. `validate_single_line` refuses what makes a name lie about
itself on screen or in a log: line breaks, escape and bell, bidirectional overrides and
zero-width characters (docs/security.md).
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Dashes and plus signs that keyboards and copied text put between the digits of a number.
_SEPARATORS = str.maketrans(
    {
        "\u2010": "-",  # hyphen
        "\u2011": "-",  # non-breaking hyphen
        "\u2012": "-",  # figure dash
        "\u2013": "-",  # en dash
        "\u2014": "-",  # em dash
        "\u2212": "-",  # minus sign
        "\ufe63": "-",  # small hyphen-minus
        "\uff0d": "-",  # full-width hyphen-minus
        "\uff0b": "+",  # full-width plus
        "\ufe62": "+",  # small plus
    }
)
_WHITESPACE = re.compile(r"\s+")
# Other (Cc control, Cf format: bidi controls and zero-width characters, Cs surrogates) and the
# line and paragraph separators.
_REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


def ascii_digits(text: str) -> str:
    """`text` with every decimal digit of any script (Unicode category Nd) as 0-9.

    Other characters are kept, so a rule that wants digits still refuses superscripts (²) and
    other numerals that are not decimal digits.
    """
    if text.isascii():
        return text
    return "".join(_ascii_digit(character) for character in text)


def _ascii_digit(character: str) -> str:
    value = unicodedata.decimal(character, None)
    return character if value is None else str(value)


def number_text(text: str | None) -> str:
    """A number as typed, ready for a `[0-9]` pattern: ASCII digits, plain `-`/`+`, no spaces."""
    return _WHITESPACE.sub("", ascii_digits(text or "").translate(_SEPARATORS))


def parse_ascii_int(text: str | None) -> int | None:
    """A non-negative whole number written in digits (of any script), else None.

    `str.isdigit()` accepts ² and ①, which `int()` then refuses with ValueError; this does not.
    """
    digits = ascii_digits((text or "").strip())
    if not digits or not digits.isascii() or not digits.isdigit():
        return None
    return int(digits)


def refused_characters(text: str) -> list[str]:
    """The characters of `text` that a one-line field refuses, each once, as U+XXXX."""
    if text.isprintable():
        # str.isprintable() is False for every character of the categories Other (Cc, Cf, Cs,
        # Co, Cn) and Separator (Zl, Zp, Zs) but the space: a superset of the refused ones,
        # so most text is passed at C speed and only the rest is looked at character by
        # character.
        return []
    found: dict[str, None] = {}
    for character in text:
        if unicodedata.category(character) in _REFUSED_CATEGORIES:
            found[f"U+{ord(character):04X}"] = None
    return list(found)


SINGLE_LINE_MESSAGE = _(
    "Texten får inte innehålla radbrytningar, tabbar eller osynliga styrtecken "
    "(till exempel tecken som vänder textens riktning)."
)


def validate_single_line(value: str) -> None:
    """Refuse line breaks, control characters, bidi controls and zero-width characters."""
    if isinstance(value, str) and refused_characters(value):
        raise ValidationError(SINGLE_LINE_MESSAGE, code="control_characters")
