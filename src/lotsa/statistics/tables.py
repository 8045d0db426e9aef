"""A published table: its numbers, a one-line definition, and what suppression hides.

Count tables go through `lotsa.core.suppression.protect` (each period's table on its own, with
the mean published under it, if any); measure tables
(medians, shares, kronor) hide a figure whose basis — the number of people it is computed
over — is below the threshold. Pages, CSV, XLSX and the command line all render the same
`PublishedTable`, so they cannot disagree.
"""

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any, Literal

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from lotsa.core.formatting import format_number
from lotsa.core.suppression import MEAN, protect, rounded_mean, with_mean
from lotsa.statistics.suppression import Grid, counts_of, suppress_below

Number = int | float | Decimal
Kind = Literal["count", "measure"]
# Rows of cells; Any because counts are int and measures int, float, Decimal or None.
Matrix = list[list[Any]]
SECONDARY_MARK = ".."
WIDE_COLUMNS = 6


@dataclass
class TableMean:
    """A mean published under a one-column count table with a total row, per period:
    sum(weight of row × count) / total. Withheld when it would narrow a hidden count, or when
    its base (the total) is hidden or below the threshold."""

    label: str  # "Medelvärde 1–5"
    weights: list[float]  # one per row
    decimals: int = 2


@dataclass
class Table:
    key: str
    title: str
    definition: str
    row_header: str
    rows: list[str]
    columns: list[str]
    current: Matrix
    previous: Matrix | None = None
    kind: Kind = "count"
    column_totals: bool = False
    row_totals: bool = False
    # For measures: the number of people each figure is computed over (hidden below the limit).
    current_basis: list[list[int]] | None = None
    previous_basis: list[list[int]] | None = None
    unit: str = ""
    chart: bool = False
    chart_column: int = 0  # which column the bar chart draws
    note: str = ""
    mean: TableMean | None = None


@dataclass
class Cell:
    value: Number | None
    text: str
    hidden: str = ""  # "", "primary" or "secondary"

    @property
    def number(self) -> Number | None:
        """The value as published: None when hidden or missing."""
        return None if self.hidden else self.value


@dataclass
class PublishedTable:
    table: Table
    header: list[str]
    rows: list[tuple[str, list[Cell]]]
    period_count: int = 1
    has_total_row: bool = False
    has_secondary: bool = False
    # The published mean per period (None: none, or withheld).
    means: list[float | None] | None = None

    @property
    def note(self) -> str:
        """The table's note and its published means."""
        parts = [self.table.note] if self.table.note else []
        if self.table.mean is not None and self.means:
            labels = [_("vald period"), _("föregående period")]
            shown = [
                f"{labels[k]}: {_format(mean, '')}" if len(self.means) > 1 else _format(mean, "")
                for k, mean in enumerate(self.means)
            ]
            if any(mean is not None for mean in self.means):
                parts.append(f"{self.table.mean.label}: {', '.join(shown)}")
            else:
                parts.append(f"{self.table.mean.label}: {_('visas inte')}")
        return " ".join(parts)

    @property
    def is_wide(self) -> bool:
        """More columns than an A4 portrait page holds readably: printed on a landscape page."""
        return len(self.header) > WIDE_COLUMNS

    @property
    def width_per_period(self) -> int:
        return len(self.header) // self.period_count

    @property
    def body_rows(self) -> list[tuple[str, list[Cell]]]:
        return self.rows[:-1] if self.has_total_row else self.rows

    @property
    def key(self) -> str:
        return self.table.key


def _format(value: Number | None, unit: str, language: str | None = None) -> str:
    if value is None:
        return "–"
    # A report formats a thousand figures, most of them the same few small counts; Django's
    # number_format costs more than the rest of publishing (docs/performance.md).
    return _formatted(type(value).__name__, value, unit, language or get_language())


@lru_cache(maxsize=4096)
def _formatted(kind: str, value: Number, unit: str, language: str | None) -> str:
    """`value` as published in `language`; its type is in the key (1, 1.0 and True hash alike
    but need not read alike)."""
    text = format_number(value)
    return f"{text}\u00a0{unit}" if unit else text


@receiver(setting_changed)
def _formats_changed(**kwargs: Any) -> None:
    # A test that changes a format setting gets figures formatted by the new one.
    _formatted.cache_clear()


def _count_cells(
    matrix: Matrix, table: Table, below: int, language: str | None
) -> tuple[list[list[Cell]], bool, float | None]:
    """The period's cells with totals appended, small counts and their protectors hidden, and
    the published mean (None when there is none or it is withheld)."""
    values = tuple(tuple(int(v or 0) for v in row) for row in matrix)
    if not values or not values[0]:
        return [], False, None
    grid = Grid(values, column_totals=table.column_totals, row_totals=table.row_totals)
    counts = counts_of(grid)
    mean = None
    if table.mean is not None and table.column_totals and grid.width == 1:
        rows = [(i, 0) for i in range(grid.height)]
        counts = with_mean(counts, rows, table.mean.weights, (grid.height, 0), table.mean.decimals)
        mean = rounded_mean([v[0] for v in values], table.mean.weights, table.mean.decimals)
    result = protect(counts, below)
    primary, secondary = result.primary, result.secondary
    if MEAN in result.withheld:
        mean = None
    cells = grid.cells()
    h = grid.height + (1 if table.column_totals else 0)
    w = grid.width + (1 if table.row_totals else 0)
    out = []
    for i in range(h):
        row = []
        for j in range(w):
            value = cells[(i, j)]
            if (i, j) in primary:
                row.append(Cell(value, f"<{below}", "primary"))
            elif (i, j) in secondary:
                row.append(Cell(value, SECONDARY_MARK, "secondary"))
            else:
                row.append(Cell(value, _format(value, table.unit, language)))
        out.append(row)
    return out, bool(secondary), mean


def _measure_cells(
    matrix: Matrix, basis: list[list[int]] | None, table: Table, below: int, language: str | None
) -> list[list[Cell]]:
    out = []
    for i, row in enumerate(matrix):
        cells = []
        for j, value in enumerate(row):
            n = basis[i][j] if basis is not None else below
            if value is not None and n < below:
                cells.append(Cell(value, _("för få"), "primary"))
            else:
                cells.append(Cell(value, _format(value, table.unit, language)))
        out.append(cells)
    return out


def publish(table: Table, *, below: int | None = None, compare: bool = True) -> PublishedTable:
    """The table as shown everywhere: current period, then the previous one, side by side."""
    below = suppress_below() if below is None else below
    language = get_language()
    periods = [(table.current, table.current_basis)]
    if compare and table.previous is not None:
        periods.append((table.previous, table.previous_basis))
    blocks: list[list[list[Cell]]] = []
    has_secondary = False
    means: list[float | None] = []
    for matrix, basis in periods:
        if table.kind == "count":
            cells, secondary, mean = _count_cells(matrix, table, below, language)
            has_secondary = has_secondary or secondary
            means.append(mean)
        else:
            cells = _measure_cells(matrix, basis, table, below, language)
        blocks.append(cells)
    # A table with no rows or no columns (say, no districts) has nothing to total.
    has_cells = bool(table.rows) and bool(table.columns)
    labels = list(table.rows) + (
        [_("Totalt")] if table.kind == "count" and table.column_totals and has_cells else []
    )
    columns = list(table.columns) + (
        [_("Totalt")] if table.kind == "count" and table.row_totals else []
    )
    rows = []
    for i, label in enumerate(labels):
        line: list[Cell] = []
        for block in blocks:
            line.extend(block[i] if i < len(block) else [])
        rows.append((label, line))
    header = list(columns)
    if len(blocks) > 1:
        header = [f"{c} ({_('vald period')})" for c in columns] + [
            f"{c} ({_('föregående period')})" for c in columns
        ]
    return PublishedTable(
        table=table,
        header=header,
        rows=rows,
        period_count=len(blocks),
        has_total_row=table.kind == "count" and table.column_totals and has_cells,
        has_secondary=has_secondary,
        means=means if table.mean is not None else None,
    )
