"""One CSV dialect for every export: a byte-order mark, semicolons, quoted when needed."""

import csv
import io

from lotsa.core.downloads import csv_response, csv_text


def test_csv_text_has_one_byte_order_mark_and_semicolons():
    text = csv_text([["Namn", "Belopp"], ["Åsa Öberg; Lund", 1250], []])
    assert text.startswith("\ufeffNamn;Belopp\r\n")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert rows == [["Namn", "Belopp"], ["Åsa Öberg; Lund", "1250"], []]


def test_csv_response_is_an_attachment_excel_reads_as_utf8():
    response = csv_response("kostnader-2026.csv", [["Månad"], ["2026-01"]])
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="kostnader-2026.csv"'
    assert response.content.startswith("\ufeff".encode())
    assert response.content.decode("utf-8-sig").splitlines() == ["Månad", "2026-01"]
