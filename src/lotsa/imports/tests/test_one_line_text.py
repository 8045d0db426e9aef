"""Imported names and one-line fields refuse control codes; digits of other scripts are ASCII."""

import datetime

import pytest

from lotsa.imports.files import SourceRow
from lotsa.imports.rows import ParticipantLookup, participant_row_parse

TODAY = datetime.date(2026, 6, 1)
LOOKUP = ParticipantLookup(
    today=TODAY, units={"försörjningsstöd": 1}, districts={}, existing_numbers=frozenset()
)


def _row(**values):
    base = {
        "personnummer": "19880314-9817",
        "förnamn": "Amir",
        "efternamn": "Ali",
        "ansvarig_enhet": "Försörjningsstöd",
    }
    return SourceRow(line=2, values={**base, **values})


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("förnamn", "Amir\u202eilA"),
        ("efternamn", "Ali\u200b"),
        ("efternamn", "Ali\x1b[2J"),
        ("ort", "Solna\x07"),
        ("förnamn", "Amir\u2028Ali"),
    ],
)
def test_control_codes_in_a_one_line_column_are_refused(column, value):
    draft, errors = participant_row_parse(_row(**{column: value}), LOOKUP)
    assert draft is None
    assert [error.column for error in errors] == [column]
    assert "styrtecken" in errors[0].message or "otillåtna tecken" in errors[0].message


def test_a_personnummer_and_postal_code_in_arabic_indic_digits_become_ascii():
    draft, errors = participant_row_parse(
        _row(personnummer="١٩٨٨٠٣١٤-٩٨١٧", postnummer="١٢٣ ٤٥"), LOOKUP
    )
    assert errors == []
    assert draft.personal_number == "198803149817"
    assert draft.details["postal_code"] == "123 45"
