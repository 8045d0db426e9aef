"""Reading an import file: CSV (UTF-8, `;` or `,`) or XLSX, as rows of text keyed by column.

Every value arrives as stripped text, whatever the file type, so the row checks in `rows.py`
see one shape. Line numbers are the ones a person sees in the file: the header is line 1.
"""

import csv
import datetime
import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

# Column names are compared without case and surrounding space; these spellings mean the same.
_HEADER_ALIASES = {"epost": "e-post", "email": "e-post", "skyddad identitet": "skyddad_identitet"}


class ImportFileError(ValueError):
    """The file cannot be read as a table at all; the message is Swedish."""


@dataclass(frozen=True)
class SourceRow:
    """One data row: its line number in the file and its values by (normalised) column name."""

    line: int
    values: dict[str, str]


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: list[SourceRow]


def normalise_header(name: str) -> str:
    cleaned = " ".join(name.replace("\ufeff", "").split()).lower()
    return _HEADER_ALIASES.get(cleaned, cleaned)


def read_table(path: Path) -> Table:
    """Read a .csv or .xlsx file; raises ImportFileError with a Swedish reason."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        try:
            data = path.read_bytes()
        except OSError as error:
            raise ImportFileError(_("Filen går inte att läsa: %(e)s") % {"e": error}) from error
        return read_csv(data)
    if suffix == ".xlsx":
        return read_xlsx(path)
    raise ImportFileError(_("Filen måste vara en .csv- eller .xlsx-fil."))


def read_csv(data: bytes) -> Table:
    """UTF-8 with or without BOM; the separator is whichever of `;` and `,` the header uses."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            _("Filen är inte sparad som UTF-8. Spara den som ”CSV UTF-8” och försök igen.")
        ) from error
    if "\x00" in text:
        raise ImportFileError(_("Filen ser inte ut att vara en textfil (CSV)."))
    header_line = text.split("\n", 1)[0]
    delimiter = ";" if header_line.count(";") >= header_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        records = [(reader.line_num, record) for record in reader]
    except csv.Error as error:
        raise ImportFileError(
            _("Rad %(line)s går inte att läsa som CSV: %(e)s")
            % {"line": reader.line_num, "e": error}
        ) from error
    # reader.line_num is the line a record ends on; a record starts after the previous one ends.
    starts = [1] + [end + 1 for end, _record in records]
    return _table((start, record) for start, (_end, record) in zip(starts, records, strict=False))


def read_xlsx(path: Path) -> Table:
    """The first worksheet; dates become YYYY-MM-DD and whole numbers lose their `.0`."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (OSError, zipfile.BadZipFile, InvalidFileException, KeyError, ValueError) as error:
        raise ImportFileError(
            _("Filen går inte att öppna som Excel-fil (.xlsx): %(e)s") % {"e": error}
        ) from error
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise ImportFileError(_("Excel-filen har inget kalkylblad."))
        rows = sheet.iter_rows(values_only=True)
        return _table(
            (number, [_cell_text(value) for value in row])
            for number, row in enumerate(rows, start=1)
        )
    finally:
        workbook.close()


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "ja" if value else "nej"
    return str(value)


def _table(records: Iterable[tuple[int, list[str]]]) -> Table:
    iterator: Iterator[tuple[int, list[str]]] = iter(records)
    header: list[str] | None = None
    for _line, record in iterator:
        if any(cell.strip() for cell in record):
            header = record
            break
    if header is None:
        raise ImportFileError(_("Filen är tom."))
    columns = tuple(normalise_header(name) for name in header)
    named = [name for name in columns if name]
    duplicates = sorted({name for name in named if named.count(name) > 1})
    if duplicates:
        raise ImportFileError(
            _("rad 1: kolumnen %(names)s finns flera gånger.") % {"names": ", ".join(duplicates)}
        )
    rows: list[SourceRow] = []
    width = len(columns)
    all_named = len(named) == width
    for line, record in iterator:
        if all_named and len(record) == width:
            # The usual row, one cell per named column: the same values as below, built in
            # one step.
            values = dict(zip(columns, map(str.strip, record), strict=True))
            if any(values.values()):
                rows.append(SourceRow(line=line, values=values))
            continue
        if not any(cell.strip() for cell in record):
            continue  # spreadsheets often end with empty rows
        values = {name: "" for name in named}
        extra = False
        for index, cell in enumerate(record):
            name = columns[index] if index < len(columns) else ""
            if name:
                values[name] = cell.strip()
            elif cell.strip():
                extra = True
        if extra:
            values[OVERFLOW] = "x"
        rows.append(SourceRow(line=line, values=values))
    return Table(columns=tuple(named), rows=rows)


# A row with values in cells that have no column name gets this key, so the row check reports it.
OVERFLOW = "\x00overflow"
