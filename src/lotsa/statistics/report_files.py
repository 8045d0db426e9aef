"""Other reports that `lotsa report <name>` writes: apps in the readers' layer (reporting)
register a producer here in their extensions.py; the command imports none of them.

A producer takes an organisation and a period and returns a `ReportOutput`: published tables
(written like the board report, XLSX/CSV/HTML) or a row-level file (CSV, header first). It
raises `ValueError` with a Swedish message when the report cannot be produced whole.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from lotsa.core.registry import Registry
from lotsa.organisations.models import Organisation
from lotsa.statistics.exports import ExportPart
from lotsa.statistics.periods import Period


@dataclass
class ReportOutput:
    parts: list[ExportPart] = field(default_factory=list)
    rows: list[list[object]] | None = None  # a row-level file: the header, then one per row


report_commands: Registry[Callable[[Organisation, Period], ReportOutput]] = Registry(
    "report commands"
)
