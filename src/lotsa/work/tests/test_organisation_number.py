import pytest
from hypothesis import given
from hypothesis import strategies as st

from lotsa.people.personnummer import luhn_check_digit
from lotsa.work.organisation_number import OrganisationNumberError, parse_organisation_number

# Legal entities: the third digit is at least 2, so the number can never be read as a date.
nine_digits = st.tuples(
    st.text("0123456789", min_size=2, max_size=2),
    st.sampled_from("23456789"),
    st.text("0123456789", min_size=6, max_size=6),
).map("".join)


@given(nine=nine_digits, dashed=st.booleans(), prefixed=st.booleans())
def test_valid_organisation_numbers_round_trip(nine, dashed, prefixed):
    number = f"{nine[:6]}-{nine[6:]}{luhn_check_digit(nine)}"
    written = ("16" if prefixed else "") + (number if dashed else number.replace("-", ""))
    assert parse_organisation_number(written) == number
    assert parse_organisation_number(number) == number


@given(nine=nine_digits, wrong=st.integers(min_value=1, max_value=9))
def test_any_wrong_check_digit_is_refused(nine, wrong):
    bad = (luhn_check_digit(nine) + wrong) % 10
    with pytest.raises(OrganisationNumberError, match="Kontrollsiffran"):
        parse_organisation_number(f"{nine[:6]}-{nine[6:]}{bad}")


@given(text=st.text(max_size=30))
def test_any_text_is_either_refused_in_swedish_or_normalised(text):
    try:
        result = parse_organisation_number(text)
    except OrganisationNumberError as error:
        assert str(error)
    else:
        assert parse_organisation_number(result) == result


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("212000-2411", "212000-2411"),  # Timrå kommun
        ("556016 0680", "556016-0680"),
        ("19900101-1239", "19900101-1239"),  # sole trader: the owner's personnummer
        ("900101-1239", "19900101-1239"),
    ],
)
def test_known_numbers_are_normalised(text, expected):
    assert parse_organisation_number(text) == expected


@pytest.mark.parametrize("text", ["", "abc", "55601-0680", "900101-1238", "556016-06800"])
def test_malformed_numbers_are_refused(text):
    with pytest.raises(OrganisationNumberError):
        parse_organisation_number(text)
