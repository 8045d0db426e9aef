"""Row checks without a database: each column's rules, and arbitrary text only ever errs."""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lotsa.cases.constants import ActivityStatus, CaseStatus, ResponsibleParty
from lotsa.cases.models import ActivityType
from lotsa.imports.constants import CASE_COLUMNS, PARTICIPANT_COLUMNS, ImportKind
from lotsa.imports.files import ImportFileError, SourceRow, read_csv
from lotsa.imports.rows import (
    CaseLookup,
    CoachInfo,
    ParticipantLookup,
    RowError,
    UnitInfo,
    case_row_parse,
    cases_check,
    columns_check,
    participant_row_parse,
    participants_check,
)

TODAY = datetime.date(2026, 6, 1)
NUMBER = "19880314-9817"  # birth number 981: synthetic
OTHER_NUMBER = "19951102-9846"

PARTICIPANTS = ParticipantLookup(
    today=TODAY,
    units={"försörjningsstöd": 1},
    districts={"norra": 7},
    existing_numbers=frozenset({"199511029846"}),
)
INTERNSHIP = ActivityType(
    pk=11, name="Praktik", skr_category=5, default_responsible=ResponsibleParty.PARTICIPANT
)
JOB_SEEKING = ActivityType(pk=12, name="Jobbsökarstöd", skr_category=2)
CASES = CaseLookup(
    today=TODAY,
    participants={"198803149817": 100, "199511029846": 101},
    units={
        "arbetsmarknadsenheten": UnitInfo(id=2, name="Arbetsmarknadsenheten", runs_support=True),
        "försörjningsstöd": UnitInfo(id=1, name="Försörjningsstöd", runs_support=False),
    },
    users={
        "coach1": CoachInfo(id=5, username="coach1", unit_id=2, is_coach=True, is_active=True),
        "gone": CoachInfo(id=6, username="gone", unit_id=2, is_coach=True, is_active=False),
        "elsewhere": CoachInfo(
            id=7, username="elsewhere", unit_id=1, is_coach=True, is_active=True
        ),
        "chef": CoachInfo(id=8, username="chef", unit_id=2, is_coach=False, is_active=True),
    },
    activity_types={"praktik": INTERNSHIP, "jobbsökarstöd": JOB_SEEKING},
    existing_cases=frozenset({(101, 2, datetime.date(2025, 1, 1))}),
    open_case_participants=frozenset({101}),
)


def participant(**changes):
    values = {
        "personnummer": NUMBER,
        "förnamn": "Amir",
        "efternamn": "Testsson",
        "ansvarig_enhet": "Försörjningsstöd",
        "e-post": "amir@example.invalid",
        "telefon": "070-000 00 01",
        "adress": "Provgatan 1",
        "postnummer": "12345",
        "ort": "Solvik",
        "stadsdel": "Norra",
        "tolk": "ja",
        "språk": "arabiska",
        "skyddad_identitet": "nej",
    }
    values.update(changes)
    return SourceRow(line=7, values=values)


def case(**changes):
    values = {
        "personnummer": "880314-9817",
        "enhet": "arbetsmarknadsenheten",
        "arbetscoach": "coach1",
        "startdatum": "2026-01-10",
        "status": "aktivt",
        "avslutsdatum": "",
        "avslutsorsak": "",
        "mål": "Arbete inom handeln",
        "målsort": "arbete",
        "aktiviteter": "Praktik;2026-01-10;2026-03-01;deltagaren|Jobbsökarstöd;2026-01-10;;",
        "anteckning": "Från kalkylbladet.",
    }
    values.update(changes)
    return SourceRow(line=7, values=values)


def only_error(errors):
    assert len(errors) == 1, errors
    return errors[0]


def test_a_good_participant_row_becomes_a_draft():
    draft, errors = participant_row_parse(participant(), PARTICIPANTS)
    assert errors == []
    assert draft.personal_number == "198803149817"
    assert draft.birth_date == datetime.date(1988, 3, 14)
    assert draft.unit_id == 1
    assert draft.details["gender"] == "man"
    assert draft.details["postal_code"] == "123 45"
    assert draft.details["district_id"] == 7
    assert draft.details["needs_interpreter"] is True
    assert draft.details["is_protected"] is False


@pytest.mark.parametrize(
    "written", ["880314-9817", "8803149817", "198803149817", " 19880314-9817 "]
)
def test_any_written_form_of_the_personnummer_is_accepted(written):
    draft, errors = participant_row_parse(participant(personnummer=written), PARTICIPANTS)
    assert errors == [] and draft.personal_number == "198803149817"


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("personnummer", "19880314-9818", "Kontrollsiffran stämmer inte"),
        ("personnummer", "19880231-9817", "Datumet i personnumret finns inte"),
        ("personnummer", "abc", "10 eller 12 siffror"),
        ("personnummer", "", "Värde saknas"),
        ("personnummer", OTHER_NUMBER, "Det finns redan en deltagare"),
        ("förnamn", "", "Värde saknas"),
        ("förnamn", "A" * 101, "Högst 100 tecken"),
        ("förnamn", "Amir\nAli", "radbrytningar"),
        ("efternamn", "Test\x00sson", "otillåtna tecken"),
        ("ansvarig_enhet", "Okänd enhet", "Det finns ingen aktiv enhet"),
        ("e-post", "inte en adress", "giltig e-postadress"),
        ("telefon", "ring mig", "bara innehålla siffror"),
        ("postnummer", "1234", "fem siffror"),
        ("stadsdel", "Södra", "Det finns ingen stadsdel"),
        ("tolk", "kanske", "Skriv ja eller nej"),
        ("språk", "", "Ange språk när deltagaren behöver tolk"),
        ("skyddad_identitet", "J A", "Skriv ja eller nej"),
    ],
)
def test_each_participant_column_is_checked(column, value, message):
    draft, errors = participant_row_parse(participant(**{column: value}), PARTICIPANTS)
    error = only_error(errors)
    assert draft is None
    assert (error.line, error.column) == (7, column)
    assert message in error.message


def test_a_row_error_reads_as_line_column_and_reason():
    _draft, errors = participant_row_parse(participant(personnummer="19880314-9818"), PARTICIPANTS)
    assert str(errors[0]).startswith("rad 7, kolumn personnummer: Kontrollsiffran stämmer inte")


def test_optional_participant_columns_may_be_left_out():
    row = SourceRow(
        line=2,
        values={
            "personnummer": NUMBER,
            "förnamn": "A",
            "efternamn": "B",
            "ansvarig_enhet": "FÖRSÖRJNINGSSTÖD",
        },
    )
    draft, errors = participant_row_parse(row, PARTICIPANTS)
    assert errors == [] and draft.details["needs_interpreter"] is False


def test_the_same_person_twice_in_a_file_is_an_error_on_the_second_row():
    rows = [participant(), SourceRow(line=9, values=participant(personnummer="8803149817").values)]
    drafts, errors = participants_check(rows, PARTICIPANTS)
    assert len(drafts) == 1
    assert str(only_error(errors)) == (
        "rad 9, kolumn personnummer: Samma person finns redan på rad 7."
    )


def test_a_good_case_row_becomes_a_draft_with_its_plan():
    draft, errors = case_row_parse(case(), CASES)
    assert errors == []
    assert (draft.participant_id, draft.unit_id, draft.coach_id) == (100, 2, 5)
    assert draft.status == CaseStatus.ACTIVE and draft.goal_kind == "work"
    internship, job_seeking = draft.activities
    assert internship.activity_type is INTERNSHIP
    assert internship.responsible == ResponsibleParty.PARTICIPANT
    assert internship.ends_on == datetime.date(2026, 3, 1)
    assert internship.status == ActivityStatus.DONE  # ended before today
    assert job_seeking.responsible == ResponsibleParty.COACH  # the catalogue's default
    assert job_seeking.status == ActivityStatus.ONGOING


def test_a_closed_case_takes_the_reason_as_label_or_code():
    for reason in ("Arbete med subvention", "work_subsidised", "arbete MED subvention"):
        draft, errors = case_row_parse(
            case(status="Avslutat", avslutsdatum="2026-05-01", avslutsorsak=reason), CASES
        )
        assert errors == [] and draft.closure_reason == "work_subsidised"
        assert {activity.status for activity in draft.activities} == {ActivityStatus.DONE}


@pytest.mark.parametrize(
    ("changes", "column", "message"),
    [
        ({"personnummer": "19790121-9902"}, "personnummer", "Importera deltagarna först"),
        ({"personnummer": "x"}, "personnummer", "10 eller 12 siffror"),
        ({"enhet": "Ingen"}, "enhet", "Det finns ingen enhet"),
        ({"enhet": "Försörjningsstöd"}, "enhet", "ger inte stöd"),
        ({"arbetscoach": "okänd"}, "arbetscoach", "Det finns ingen arbetscoach"),
        ({"arbetscoach": "chef"}, "arbetscoach", "Det finns ingen arbetscoach"),
        ({"arbetscoach": "elsewhere"}, "arbetscoach", "arbetar inte på enheten"),
        ({"arbetscoach": "gone"}, "arbetscoach", "inte längre aktiv"),
        ({"startdatum": "10/1/2026"}, "startdatum", "ÅÅÅÅ-MM-DD"),
        ({"startdatum": "2026-02-30"}, "startdatum", "Datumet finns inte"),
        ({"startdatum": "2026-07-01"}, "startdatum", "framtiden"),
        ({"status": "pågående"}, "status", "aktivt, vilande eller avslutat"),
        ({"avslutsdatum": "2026-05-01"}, "avslutsdatum", "Bara avslutade"),
        ({"avslutsorsak": "Studier"}, "avslutsorsak", "Bara avslutade"),
        ({"status": "avslutat", "avslutsorsak": "Studier"}, "avslutsdatum", "Värde saknas"),
        ({"status": "avslutat", "avslutsdatum": "2026-05-01"}, "avslutsorsak", "Värde saknas"),
        (
            {"status": "avslutat", "avslutsdatum": "2026-05-01", "avslutsorsak": "Tråkigt"},
            "avslutsorsak",
            "Okänd avslutsorsak",
        ),
        (
            {"status": "avslutat", "avslutsdatum": "2025-05-01", "avslutsorsak": "Studier"},
            "avslutsdatum",
            "före startdatum",
        ),
        ({"målsort": ""}, "målsort", "Ange målsort"),
        ({"målsort": "pengar"}, "målsort", "Skriv arbete, studier"),
        ({"mål": ""}, "mål", "Skriv målet"),
        ({"aktiviteter": "Simning;2026-01-10"}, "aktiviteter", "aktivitetskatalog"),
        ({"aktiviteter": "Praktik"}, "aktiviteter", "startdatum saknas"),
        ({"aktiviteter": "Praktik;2026-13-01"}, "aktiviteter", "Datumet finns inte"),
        ({"aktiviteter": "Praktik;2026-03-01;2026-02-01"}, "aktiviteter", "före startdatum"),
        ({"aktiviteter": "Praktik;2026-03-01;;chefen"}, "aktiviteter", "okänd ansvarig"),
        ({"aktiviteter": "Praktik;2026-03-01;;;klar"}, "aktiviteter", "okänd status"),
        ({"aktiviteter": "Praktik;1;2;3;4;5"}, "aktiviteter", "för många delar"),
        ({"anteckning": "a\x07b"}, "anteckning", "otillåtna tecken"),
    ],
)
def test_each_case_column_is_checked(changes, column, message):
    draft, errors = case_row_parse(case(**changes), CASES)
    error = only_error(errors)
    assert draft is None
    assert (error.line, error.column) == (7, column)
    assert message in error.message


def test_a_case_already_present_and_a_second_open_case_are_refused():
    present = case(personnummer=OTHER_NUMBER, startdatum="2025-01-01")
    second_open = case(personnummer=OTHER_NUMBER, startdatum="2025-06-01")
    twice = SourceRow(line=8, values=case().values)
    open_again = SourceRow(line=9, values=case(startdatum="2026-02-01").values)
    drafts, errors = cases_check([present, second_open, case(), twice, open_again], CASES)
    assert len(drafts) == 1
    assert [str(error) for error in errors] == [
        "rad 7, kolumn personnummer: Ärendet finns redan (samma deltagare, enhet och startdatum).",
        "rad 7, kolumn personnummer: Deltagaren har redan ett öppet ärende.",
        "rad 8, kolumn personnummer: Samma ärende finns redan på rad 7.",
        "rad 9, kolumn personnummer: Deltagaren har redan ett öppet ärende på rad 7.",
    ]


def test_header_problems_are_reported_per_column():
    errors = columns_check(ImportKind.PARTICIPANTS, ["personnummer", "förnamn", "namn"])
    assert [(error.column, error.message[:12]) for error in errors] == [
        ("efternamn", "Kolumnen sak"),
        ("ansvarig_enhet", "Kolumnen sak"),
        ("namn", "Okänd kolumn"),
    ]


# Arbitrary text -------------------------------------------------------------------------------

cell_text = st.one_of(
    st.text(),
    st.text(alphabet="0123456789-+ ;|"),
    st.sampled_from(["ja", "nej", "", "2026-01-10", "aktivt", "avslutat", NUMBER, "Praktik"]),
)


def rows_of(columns):
    keys = st.sampled_from([*columns, "okänd", ""])
    return st.lists(
        st.builds(
            SourceRow,
            line=st.integers(min_value=2, max_value=10**6),
            values=st.dictionaries(keys, cell_text),
        ),
        max_size=5,
    )


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(rows_of(PARTICIPANT_COLUMNS))
def test_arbitrary_participant_rows_only_give_row_errors(rows):
    drafts, errors = participants_check(rows, PARTICIPANTS)
    assert all(isinstance(error, RowError) and error.message for error in errors)
    # every row ends up either written or reported
    assert {d.line for d in drafts} | {e.line for e in errors} == {row.line for row in rows}
    for error in errors:
        assert str(error).startswith(f"rad {error.line}")


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(rows_of(CASE_COLUMNS))
def test_arbitrary_case_rows_only_give_row_errors(rows):
    drafts, errors = cases_check(rows, CASES)
    assert all(isinstance(error, RowError) and error.message for error in errors)
    assert {d.line for d in drafts} | {e.line for e in errors} == {row.line for row in rows}
    for draft in drafts:
        assert draft.start_date <= TODAY


@settings(max_examples=300)
@given(st.binary(max_size=300) | st.text(max_size=300).map(lambda text: text.encode()))
def test_arbitrary_bytes_are_a_table_or_a_file_error(data):
    try:
        table = read_csv(data)
    except ImportFileError as error:
        assert str(error)
    else:
        assert all(row.line >= 2 for row in table.rows)
