"""CSV files as every export writes them: one dialect that Excel opens as it is.

Excel reads a CSV file as UTF-8 only when it starts with a byte-order mark (without it, "Åsa"
becomes "Ã…sa"), and in a Swedish locale it splits columns on semicolons. Every CSV export —
statistics, costs, attendance, the command line — goes through `csv_text` or `csv_response`,
so none of them can forget either; its cells pass `core.exports.spreadsheet_cell`, so no
text becomes a formula.
"""

import io
from collections.abc import Iterable
from typing import Any

from django.http import HttpResponse

from lotsa.core.exports import SafeCsvWriter

BYTE_ORDER_MARK = "\ufeff"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
DELIMITER = ";"


def csv_text(rows: Iterable[Iterable[Any]]) -> str:
    """The rows as the text of a CSV file: byte-order mark, semicolons, CRLF line ends."""
    buffer = io.StringIO()
    buffer.write(BYTE_ORDER_MARK)
    writer = SafeCsvWriter(buffer, delimiter=DELIMITER)
    writer.writerows(rows)
    return buffer.getvalue()


def csv_response(filename: str, rows: Iterable[Iterable[Any]]) -> HttpResponse:
    """A download of the rows as `filename` (which ends in .csv)."""
    response = HttpResponse(csv_text(rows), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
