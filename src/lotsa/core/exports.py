"""Cells for CSV and XLSX exports that a spreadsheet shows as text and never runs as a formula.

A spreadsheet treats a cell that starts with `=`, `+`, `-` or `@` (and, in some programs, a tab
or a carriage return before them) as a formula: `=HYPERLINK("https://…";"Klicka")` in a name
becomes a live link, `=cmd|…` once ran programs. Every export writes its cells through
`spreadsheet_cell` (OWASP's advice: a leading apostrophe), which leaves numbers as numbers.
"""

import csv
import re
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A signed number written as text ("-12", "+3,5") is a number to a spreadsheet, not a formula.
_PLAIN_NUMBER = re.compile(r"^[+-]?[0-9]+(?:[.,][0-9]+)?$")

Cell = str | int | float | Decimal | date | datetime | None


def spreadsheet_cell(value: Any) -> Any:
    """`value` for a CSV or XLSX cell: numbers, dates and empty cells as they are; text that
    could start a formula behind an apostrophe."""
    if value is None or isinstance(value, (bool, int, float, Decimal, date, datetime)):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.match(text):
        return "'" + text
    return text


def spreadsheet_row(values: Iterable[Any]) -> list[Any]:
    return [spreadsheet_cell(value) for value in values]


class SafeCsvWriter:
    """`csv.writer` whose every cell has passed `spreadsheet_cell`."""

    def __init__(self, stream: IO[str] | Any, **options: Any) -> None:
        self._writer = csv.writer(stream, **options)

    def writerow(self, values: Iterable[Any]) -> Any:
        return self._writer.writerow(spreadsheet_row(values))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for values in rows:
            self.writerow(values)


def append_row(sheet: Any, values: Iterable[Any]) -> None:
    """`sheet.append` (openpyxl) with every cell through `spreadsheet_cell`."""
    sheet.append(spreadsheet_row(values))
