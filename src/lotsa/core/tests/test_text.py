"""Digits of any script count as ASCII digits; one-line fields refuse control codes."""

import sys
import unicodedata
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from lotsa.core.text import (
    ascii_digits,
    number_text,
    parse_ascii_int,
    refused_characters,
    validate_single_line,
)
from lotsa.people.personnummer import make_personnummer, parse_personnummer
from lotsa.work.organisation_number import parse_organisation_number

TODAY = date(2026, 11, 24)
# Every decimal digit Unicode knows (category Nd), by its value: ٣, ３, ३, ๓, 𝟑 … for 3.
ND_DIGITS: dict[int, list[str]] = {value: [] for value in range(10)}
for code_point in range(sys.maxunicode + 1):
    character = chr(code_point)
    if unicodedata.category(character) == "Nd":
        ND_DIGITS[unicodedata.decimal(character)].append(character)


def _in_other_digits(text: str, data: st.DataObject) -> str:
    return "".join(
        data.draw(st.sampled_from(ND_DIGITS[int(c)])) if c.isascii() and c.isdigit() else c
        for c in text
    )


def test_every_nd_digit_has_an_ascii_value():
    assert all(len(characters) > 40 for characters in ND_DIGITS.values())
    assert ascii_digits("١٩٨١١٢١٨-٩٨٧٦") == "19811218-9876"
    assert ascii_digits("１９８１１２１８９８７６") == "198112189876"


@given(
    born=st.dates(min_value=date(1900, 1, 1), max_value=TODAY),
    birth_number=st.integers(min_value=0, max_value=999),
    coordination=st.booleans(),
    data=st.data(),
)
def test_a_personnummer_in_any_digits_is_the_same_ascii_number(
    born, birth_number, coordination, data
):
    number = make_personnummer(born, birth_number, coordination=coordination)
    typed = _in_other_digits(number.formatted, data)
    parsed = parse_personnummer(typed, today=TODAY)
    assert parsed == number
    assert parsed.canonical.isascii()


@given(data=st.data())
def test_an_organisation_number_in_any_digits_is_stored_in_ascii(data):
    typed = _in_other_digits("212000-1355", data)
    assert parse_organisation_number(typed, today=TODAY) == "212000-1355"


@given(text=st.text(alphabet=st.characters(categories=["Nd", "No", "Nl"]), max_size=8))
def test_numbers_parse_to_ascii_or_not_at_all_never_crash(text):
    cleaned = number_text(text)
    assert all(not c.isdecimal() or c.isascii() for c in cleaned)
    value = parse_ascii_int(text)
    assert value is None or value == int(ascii_digits(text))


def test_superscripts_are_not_digits_of_an_id():
    # "²".isdigit() is True but int("²") raises: such text must give None, not a 500.
    assert parse_ascii_int("²") is None
    assert parse_ascii_int("①") is None
    assert parse_ascii_int("٤٢") == 42


@pytest.mark.parametrize(
    "name",
    [
        "Anna\u202egröB",  # right-to-left override
        "Anna\u2066Berg",  # left-to-right isolate
        "Anna\u200bBerg",  # zero-width space
        "Anna\u200dBerg",  # zero-width joiner
        "Anna\ufeffBerg",  # zero-width no-break space
        "Anna\x1b[31mBerg",  # escape
        "Anna\x07",  # bell
        "Anna\nBerg",
        "Anna\rBerg",
        "Anna\tBerg",
        "Anna\u2028Berg",  # line separator
        "Anna\x00",
    ],
)
def test_one_line_fields_refuse_control_codes(name):
    assert refused_characters(name)
    with pytest.raises(ValidationError, match="styrtecken"):
        validate_single_line(name)


@pytest.mark.parametrize(
    "name", ["Łukasz Zoë Nguyễn-Şahin", "Дмитриев", "محمد", "O'Brien", "Anne-Marie", "李小龍"]
)
def test_names_of_every_script_are_accepted(name):
    validate_single_line(name)


def test_printable_text_has_nothing_a_one_line_field_refuses():
    # refused_characters (and the import's cell check) pass printable text without looking at
    # each character: exact only if no refused character is printable. Checked over all of
    # Unicode, against the per-character category rule.
    refused = {"Cc", "Cf", "Cs", "Zl", "Zp"}
    for code_point in range(sys.maxunicode + 1):
        character = chr(code_point)
        if unicodedata.category(character) in refused:
            assert not character.isprintable(), f"U+{code_point:04X}"
            assert refused_characters(f"a{character}b") == [f"U+{code_point:04X}"]
    assert refused_characters("Åsa Öberg-Ünal, 日本 ¹²") == []
    assert refused_characters("a\u00a0b") == []  # no-break space: not printable, not refused
