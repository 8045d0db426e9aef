"""A report's published tables for the page, CSV, XLSX and the command line: one routine, so
they cannot disagree (the board report's writers, `statistics.exports`)."""

from typing import Any

from lotsa.statistics.exports import ExportPart
from lotsa.statistics.tables import PublishedTable, publish

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def published_tables(report: Any) -> list[PublishedTable]:
    """Every table through the one suppression routine; a table with a previous period
    (the 18-month measure) is shown beside it."""
    return [publish(table, compare=table.previous is not None) for table in report.tables]


def report_part(report: Any) -> ExportPart:
    return ExportPart(report.organisation.name, report.title, published_tables(report))
