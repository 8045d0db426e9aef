"""Numbers and amounts read as Swedish: thousands apart, a decimal comma, "kr" kept with them."""

from decimal import Decimal

from django.template import Context, Template
from django.utils import translation

from lotsa.core.formatting import format_kronor, format_number

NBSP = "\u00a0"


def test_swedish_numbers_have_thousands_separators_and_a_decimal_comma():
    with translation.override("sv"):
        assert format_number(1234567) == f"1{NBSP}234{NBSP}567"
        assert format_number(Decimal("27500.00")) == f"27{NBSP}500"
        assert format_number(12.25) == "12,3"  # one decimal, half up
        assert format_number(Decimal("66.666"), 1) == "66,7"
        assert format_number(-1234.5) == f"-1{NBSP}234,5"
        assert format_number(None) == "–"
        assert format_number("") == "–"


def test_amounts_are_whole_kronor_that_never_wrap_from_their_unit():
    with translation.override("sv"):
        assert format_kronor(Decimal("14250.40")) == f"14{NBSP}250{NBSP}kr"
        assert format_kronor(None) == "–"


def test_other_languages_get_their_own_marks():
    with translation.override("en"):
        assert format_number(1234567.25, 2) == "1,234,567.25"


def test_the_template_filters_use_the_same_helper():
    template = Template("{% load formatting %}{{ a|number }}|{{ b|number:1 }}|{{ c|kronor }}")
    with translation.override("sv"):
        text = template.render(Context({"a": 120000, "b": Decimal("2.5"), "c": 31200}))
    assert text == f"120{NBSP}000|2,5|31{NBSP}200{NBSP}kr"
