from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lotsa.people.personnummer import (
    Personnummer,
    PersonnummerError,
    luhn_check_digit,
    make_personnummer,
    parse_personnummer,
)

TODAY = date(2026, 11, 24)

birth_dates = st.dates(min_value=date(1900, 1, 1), max_value=TODAY)
birth_numbers = st.integers(min_value=0, max_value=999)


def test_known_valid_number_parses_in_every_written_form():
    for text in ("811218-9876", "8112189876", "198112189876", "19811218-9876", " 811218 - 9876 "):
        number = parse_personnummer(text.replace(" ", ""), today=TODAY)
        assert number.canonical == "198112189876"
        assert number.birth_date == date(1981, 12, 18)
        assert number.is_male


def test_wrong_check_digit_is_rejected_with_swedish_message():
    with pytest.raises(PersonnummerError, match="Kontrollsiffran"):
        parse_personnummer("811218-9875", today=TODAY)


@pytest.mark.parametrize("text", ["811318-9876", "810230-1234", "19810231-1239"])
def test_impossible_date_is_rejected(text):
    with pytest.raises(PersonnummerError):
        parse_personnummer(text, today=TODAY)


@pytest.mark.parametrize("text", ["", "12345", "81121898760", "abcdefghij", "811218_9876"])
def test_wrong_length_or_characters_is_rejected(text):
    with pytest.raises(PersonnummerError, match="10 eller 12 siffror"):
        parse_personnummer(text, today=TODAY)


def test_twelve_digit_future_birth_date_is_rejected():
    future = make_personnummer(TODAY + timedelta(days=3), 123)
    with pytest.raises(PersonnummerError, match="framtiden"):
        parse_personnummer(future.canonical, today=TODAY)


def test_coordination_number_adds_sixty_to_the_day():
    number = parse_personnummer(
        make_personnummer(date(1990, 5, 7), 321, coordination=True).canonical[2:], today=TODAY
    )
    assert number.is_coordination_number
    assert number.birth_date == date(1990, 5, 7)
    assert number.canonical[6:8] == "67"


def test_plus_sign_means_a_hundred_years_or_more():
    born = date(1920, 3, 4)
    number = make_personnummer(born, 456)
    assert parse_personnummer(number.short_form(TODAY), today=TODAY).birth_date == born
    assert number.short_form(TODAY)[6] == "+"


def test_age_on_counts_whole_years():
    number = Personnummer("199006151239")
    assert number.age_on(date(2026, 6, 14)) == 35
    assert number.age_on(date(2026, 6, 15)) == 36


@given(born=birth_dates, birth_number=birth_numbers, coordination=st.booleans())
def test_round_trip_through_the_ten_digit_form(born, birth_number, coordination):
    number = make_personnummer(born, birth_number, coordination=coordination)
    parsed = parse_personnummer(number.short_form(TODAY), today=TODAY)
    assert parsed == number
    assert parsed.birth_date == born
    assert parsed.is_coordination_number == coordination


@given(born=birth_dates, birth_number=birth_numbers)
def test_round_trip_through_the_twelve_digit_form(born, birth_number):
    number = make_personnummer(born, birth_number)
    assert parse_personnummer(number.formatted, today=TODAY) == number
    assert parse_personnummer(number.canonical, today=TODAY) == number


@given(born=birth_dates, birth_number=birth_numbers, wrong=st.integers(min_value=1, max_value=9))
def test_every_other_check_digit_is_rejected(born, birth_number, wrong):
    number = make_personnummer(born, birth_number)
    check = (int(number.canonical[-1]) + wrong) % 10
    with pytest.raises(PersonnummerError):
        parse_personnummer(number.canonical[:-1] + str(check), today=TODAY)


@given(born=birth_dates, birth_number=birth_numbers)
def test_ten_digits_without_plus_mean_the_latest_century_not_in_the_future(born, birth_number):
    number = make_personnummer(born, birth_number)
    parsed = parse_personnummer(number.canonical[2:], today=TODAY)
    assert parsed.birth_date <= TODAY
    assert 0 <= parsed.age_on(TODAY) < 100
    if number.age_on(TODAY) < 100:
        assert parsed == number


@given(digits=st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_luhn_digit_makes_the_weighted_sum_divisible_by_ten(digits):
    full = digits + str(luhn_check_digit(digits))
    total = 0
    for index, char in enumerate(full):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product // 10 + product % 10
    assert total % 10 == 0
