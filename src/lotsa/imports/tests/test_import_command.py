"""`lotsa import` end to end: CSV (both separators, BOM) and XLSX, dry runs, refusals."""

import datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from lotsa.audit.models import AuditRecord
from lotsa.cases.models import Activity, Case
from lotsa.imports.constants import CASE_COLUMNS, PARTICIPANT_COLUMNS
from lotsa.imports.files import OVERFLOW, ImportFileError, read_csv, read_table
from lotsa.imports.tests.synthetic import participant_rows, write_csv
from lotsa.people.models import Participant

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def run(*args, capsys):
    call_command("import", *map(str, args))
    return capsys.readouterr()


def people_file(tmp_path, world, count=10, **options):
    rows = participant_rows(count, unit=world.referring.name)
    return write_csv(tmp_path / "deltagare.csv", rows, columns=PARTICIPANT_COLUMNS, **options)


@pytest.mark.parametrize(
    ("delimiter", "bom"), [(";", False), (";", True), (",", False), (",", True)]
)
def test_csv_with_either_separator_and_with_or_without_bom(tmp_path, world, capsys, delimiter, bom):
    path = people_file(tmp_path, world, delimiter=delimiter, bom=bom)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf") == bom
    out = run(
        world.organisation.name, path, "--kind", "participants", "--actor", "admin", capsys=capsys
    ).out
    assert "Klart: 10 rader importerade" in out
    person = Participant.objects.get(personal_number="196001019808")
    assert (person.first_name, person.city, person.phone) == ("Förnamn0", "Solvik", "070-000 00 00")


def test_xlsx_round_trip_with_date_and_number_cells(tmp_path, world, capsys):
    people = Workbook()
    sheet = people.active
    sheet.append(list(PARTICIPANT_COLUMNS))
    for row in participant_rows(3, unit=world.referring.name):
        sheet.append([row[name] for name in PARTICIPANT_COLUMNS])
    sheet.append([198803149817, "Siffra", "Cell", world.referring.name])  # personnummer as number
    sheet.append([])  # Excel files often end in empty rows
    people.save(tmp_path / "deltagare.xlsx")
    cases = Workbook()
    sheet = cases.active
    sheet.append(list(CASE_COLUMNS))
    sheet.append(
        [
            "19880314-9817",
            "Arbetsmarknadsenheten",
            "coach1",
            datetime.datetime(2025, 9, 1),  # a date cell, as Excel stores it
            "aktivt",
            None,
            None,
            "Arbete",
            "arbete",
            "Praktik;2025-10-06;2026-01-30;deltagaren",
        ]
    )
    cases.save(tmp_path / "arenden.xlsx")

    run(world.organisation.name, tmp_path / "deltagare.xlsx", "--kind", "participants",
        "--actor", "admin", capsys=capsys)  # fmt: skip
    assert Participant.objects.count() == 4
    out = run(world.organisation.name, tmp_path / "arenden.xlsx", "--kind", "cases",
              "--actor", "manager1", capsys=capsys).out  # fmt: skip
    assert "Klart: 1 rader" in out
    case = Case.objects.get()
    assert case.start_date == datetime.date(2025, 9, 1)
    assert case.participant.first_name == "Siffra"
    assert Activity.objects.get().ends_on == datetime.date(2026, 1, 30)


def test_the_shipped_examples_import_cleanly(world, capsys):
    run(world.organisation.name, EXAMPLES / "deltagare.csv", "--kind", "participants",
        "--actor", "admin", capsys=capsys)  # fmt: skip
    out = run(world.organisation.name, EXAMPLES / "arenden.csv", "--kind", "cases",
              "--actor", "manager1", capsys=capsys).out  # fmt: skip
    assert "ärenden: 5, mål: 4, aktiviteter: 6, anteckningar: 3" in out
    assert Participant.objects.get(personal_number="197901219902").is_protected
    call_command("audit", "verify")


def test_a_dry_run_lists_every_bad_row_and_writes_nothing(tmp_path, world, capsys):
    rows = participant_rows(10, unit=world.referring.name)
    rows[5]["personnummer"] = rows[5]["personnummer"][:-1] + "0"
    rows[7]["tolk"] = "kanske"
    rows[7]["förnamn"] = ""
    path = write_csv(tmp_path / "deltagare.csv", rows, columns=PARTICIPANT_COLUMNS)
    records = AuditRecord.objects.count()
    with pytest.raises(CommandError, match="Provkörning: 2 rader har fel \\(3 fel\\)"):
        call_command("import", world.organisation.name, str(path), "--kind", "participants",
                     "--dry-run", "--actor", "admin")  # fmt: skip
    assert capsys.readouterr().err.splitlines() == [
        "rad 7, kolumn personnummer: Kontrollsiffran stämmer inte. Kontrollera personnumret.",
        "rad 9, kolumn förnamn: Värde saknas.",
        "rad 9, kolumn tolk: Skriv ja eller nej.",
    ]
    assert Participant.objects.count() == 0 and AuditRecord.objects.count() == records


def test_a_good_dry_run_says_what_would_be_saved(tmp_path, world, capsys):
    out = run(world.organisation.name, people_file(tmp_path, world), "--kind", "participants",
              "--dry-run", "--actor", "admin", capsys=capsys).out  # fmt: skip
    assert "Skulle sparas: deltagare: 10." in out and "Ingenting sparades." in out
    assert Participant.objects.count() == 0


def test_a_real_run_with_a_bad_row_refuses(tmp_path, world, capsys):
    rows = participant_rows(10, unit=world.referring.name)
    rows[9]["e-post"] = "fel"
    path = write_csv(tmp_path / "deltagare.csv", rows, columns=PARTICIPANT_COLUMNS)
    with pytest.raises(CommandError, match="Importen avbröts: 1 rader har fel"):
        call_command("import", world.organisation.name, str(path), "--kind", "participants",
                     "--actor", "admin")  # fmt: skip
    assert "rad 11, kolumn e-post: Ange en giltig e-postadress." in capsys.readouterr().err
    assert Participant.objects.count() == 0


def test_unknown_and_missing_columns_are_reported(tmp_path, world, capsys):
    path = tmp_path / "fel.csv"
    path.write_text("personnummer;namn\n19880314-9817;Amir\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import", world.organisation.name, str(path), "--kind", "participants",
                     "--actor", "admin")  # fmt: skip
    err = capsys.readouterr().err
    assert "rad 1, kolumn förnamn: Kolumnen saknas i filen." in err
    assert "rad 1, kolumn namn: Okänd kolumn." in err


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ([], "--actor ANVÄNDARNAMN, eller --system"),
        (["--actor", "admin", "--system"], "inte båda"),
        (["--actor", "nobody"], "ingen användare som heter nobody"),
        (["--actor", "coach1"], "får inte importera"),
    ],
)
def test_who_imports_must_be_said_and_allowed(tmp_path, world, arguments, message):
    path = people_file(tmp_path, world)
    with pytest.raises(CommandError, match=message):
        call_command("import", world.organisation.name, str(path), "--kind", "participants",
                     *arguments)  # fmt: skip
    assert Participant.objects.count() == 0


def test_the_system_imports_with_system(tmp_path, world, capsys):
    run(world.organisation.name, people_file(tmp_path, world), "--kind", "participants",
        "--system", capsys=capsys)  # fmt: skip
    assert Participant.objects.count() == 10


def test_an_unknown_organisation_or_file_type_is_refused(tmp_path, world):
    with pytest.raises(CommandError, match="ingen organisation"):
        call_command("import", "Ingenstans", str(people_file(tmp_path, world)), "--kind",
                     "participants", "--system")  # fmt: skip
    text = tmp_path / "deltagare.txt"
    text.write_text("x", encoding="utf-8")
    with pytest.raises(CommandError, match=".csv- eller .xlsx"):
        call_command("import", world.organisation.name, str(text), "--kind", "participants",
                     "--system")  # fmt: skip


def test_files_that_are_not_tables_are_file_errors(tmp_path):
    with pytest.raises(ImportFileError, match="UTF-8"):
        read_csv("personnummer;förnamn\nÅsa".encode("latin-1"))
    with pytest.raises(ImportFileError, match="tom"):
        read_csv(b"\n\n")
    broken = tmp_path / "trasig.xlsx"
    broken.write_bytes(b"not a zip file")
    with pytest.raises(ImportFileError, match="Excel"):
        read_table(broken)


def test_line_numbers_follow_the_file_across_quoted_line_breaks():
    table = read_csv('personnummer;anteckning\n1;"två\nrader"\n\n2;en rad\n'.encode())
    assert [(row.line, row.values["personnummer"]) for row in table.rows] == [(2, "1"), (5, "2")]


def test_full_short_long_and_empty_rows_read_the_same_way():
    # A row with one cell per column takes a quicker path than the others; both give the
    # same stripped values in column order, and skip rows that are empty after stripping.
    table = read_csv(" personnummer ;Förnamn\n 1 ; Åsa \n2\n3;Bo;x\n ; \n;\n4;\n".encode())
    assert table.columns == ("personnummer", "förnamn")
    assert [(row.line, row.values) for row in table.rows] == [
        (2, {"personnummer": "1", "förnamn": "Åsa"}),
        (3, {"personnummer": "2", "förnamn": ""}),
        (4, {"personnummer": "3", "förnamn": "Bo", OVERFLOW: "x"}),
        (7, {"personnummer": "4", "förnamn": ""}),
    ]
    assert [list(row.values) for row in table.rows][0] == ["personnummer", "förnamn"]
    unnamed = read_csv("personnummer;;förnamn\n1;;Åsa\n2;x;Bo\n".encode())
    assert [row.values for row in unnamed.rows] == [
        {"personnummer": "1", "förnamn": "Åsa"},
        {"personnummer": "2", "förnamn": "Bo", OVERFLOW: "x"},
    ]
