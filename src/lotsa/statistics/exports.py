"""CSV and XLSX of published tables: the same cells, the same hidden marks, as the page.

A hidden count is written as its mark ("<5" or ".."), never as a number; every table carries its
one-line definition, so a spreadsheet read on its own still says what each figure means. Every
cell goes through `lotsa.core.exports`, so no text becomes a formula.
"""

import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from lotsa.core.downloads import csv_text
from lotsa.core.exports import append_row
from lotsa.statistics.suppression import suppress_below
from lotsa.statistics.tables import SECONDARY_MARK, PublishedTable


@dataclass
class ExportPart:
    """One heading (an organisation, a report) and its published tables."""

    heading: str
    description: str
    tables: list[PublishedTable]


def legend() -> str:
    return _(
        '"<%(n)s" = färre än %(n)s personer. "%(mark)s" = dolt för att ett litet tal inte ska '
        "kunna räknas fram ur summorna."
    ) % {"n": suppress_below(), "mark": SECONDARY_MARK}


def _cell_value(cell: object) -> object:
    from lotsa.statistics.tables import Cell

    assert isinstance(cell, Cell)
    if cell.hidden or cell.value is None:
        return cell.text
    value = cell.value
    return int(value) if float(value) == int(value) else float(value)


def to_csv(parts: Iterable[ExportPart]) -> str:
    return csv_text(csv_rows(parts))


def csv_rows(parts: Iterable[ExportPart]) -> Iterator[list[object]]:
    yield [legend()]
    for part in parts:
        yield []
        yield [part.heading]
        yield [part.description]
        for published in part.tables:
            yield []
            yield [published.table.title]
            yield [published.table.definition]
            if published.note:
                yield [published.note]
            yield [published.table.row_header, *published.header]
            for label, cells in published.rows:
                yield [label, *[_cell_value(cell) for cell in cells]]


def to_xlsx(parts: Iterable[ExportPart]) -> bytes:
    """One sheet per part (organisation); tables one under the other with their definitions."""
    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    bold = Font(bold=True)
    used: set[str] = set()
    for part in parts:
        name = "".join(ch for ch in part.heading if ch not in "[]:*?/\\")[:28] or "Rapport"
        while name in used:
            name = name[:26] + str(len(used))
        used.add(name)
        sheet = workbook.create_sheet(name)
        append_row(sheet, [part.heading])
        sheet["A1"].font = Font(bold=True, size=14)
        append_row(sheet, [part.description])
        append_row(sheet, [legend()])
        for published in part.tables:
            append_row(sheet, [])
            append_row(sheet, [published.table.title])
            sheet.cell(row=sheet.max_row, column=1).font = bold
            append_row(sheet, [published.table.definition])
            if published.note:
                append_row(sheet, [published.note])
            append_row(sheet, [published.table.row_header, *published.header])
            for cell in sheet[sheet.max_row]:
                cell.font = bold
            for label, cells in published.rows:
                append_row(sheet, [label, *[_cell_value(cell) for cell in cells]])
        sheet.column_dimensions["A"].width = 48
    if not workbook.worksheets:
        workbook.create_sheet("Rapport")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
