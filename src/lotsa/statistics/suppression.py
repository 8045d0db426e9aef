"""Count tables as grids for the one suppression routine (lotsa.core.suppression.protect).

A published count table is an interior matrix of counts, with column totals (a total row),
row totals (a total column), both, or neither. `counts_of` turns it into the core routine's
`Counts` (its totals as sums, its rectangles as moves); `suppress` returns the primary ("<5")
and secondary ("..") cells. `recoverable` is the old exact-recovery check (reduced echelon form
over rationals), kept as an independent property in the tests: a protected table never has an
exactly recoverable hidden cell.
"""

from dataclasses import dataclass
from fractions import Fraction

from lotsa.core.suppression import Counts, protect, suppress_below

__all__ = ["Grid", "counts_of", "recoverable", "suppress", "suppress_below"]


@dataclass(frozen=True)
class Grid:
    """A count table's numbers: interior cells, and which totals are published.

    Cells are addressed (row, column); the total row has row index len(rows), the total column
    column index len(columns).
    """

    values: tuple[tuple[int, ...], ...]
    column_totals: bool = True
    row_totals: bool = False

    @property
    def height(self) -> int:
        return len(self.values)

    @property
    def width(self) -> int:
        return len(self.values[0]) if self.values else 0

    def cells(self) -> dict[tuple[int, int], int]:
        """Every published number: interior, then the margins that are published."""
        h, w = self.height, self.width
        out = {(i, j): self.values[i][j] for i in range(h) for j in range(w)}
        if self.column_totals:
            for j in range(w):
                out[(h, j)] = sum(self.values[i][j] for i in range(h))
        if self.row_totals:
            for i in range(h):
                out[(i, w)] = sum(self.values[i])
        if self.column_totals and self.row_totals:
            out[(h, w)] = sum(sum(row) for row in self.values)
        return out

    def equations(self) -> list[dict[tuple[int, int], int]]:
        """Each published total as an equation: its cells with +1, the total with -1 (sum 0)."""
        h, w = self.height, self.width
        found: list[dict[tuple[int, int], int]] = []
        if self.column_totals:
            for j in range(w):
                equation = {(i, j): 1 for i in range(h)}
                equation[(h, j)] = -1
                found.append(equation)
            if self.row_totals:
                equation = {(h, j): 1 for j in range(w)}
                equation[(h, w)] = -1
                found.append(equation)
        if self.row_totals:
            for i in range(h):
                equation = {(i, j): 1 for j in range(w)}
                equation[(i, w)] = -1
                found.append(equation)
            if self.column_totals:
                equation = {(i, w): 1 for i in range(h)}
                equation[(h, w)] = -1
                found.append(equation)
        return found


def _reduced_rows(rows: list[list[Fraction]]) -> list[list[Fraction]]:
    """Reduced row echelon form (exact), zero rows dropped."""
    matrix = [list(row) for row in rows if any(row)]
    rank, columns = 0, len(matrix[0]) if matrix else 0
    for column in range(columns):
        pivot = next((r for r in range(rank, len(matrix)) if matrix[r][column] != 0), None)
        if pivot is None:
            continue
        matrix[rank], matrix[pivot] = matrix[pivot], matrix[rank]
        lead = matrix[rank][column]
        matrix[rank] = [value / lead for value in matrix[rank]]
        for r in range(len(matrix)):
            if r != rank and matrix[r][column] != 0:
                factor = matrix[r][column]
                matrix[r] = [a - factor * b for a, b in zip(matrix[r], matrix[rank], strict=True)]
        rank += 1
    return matrix[:rank]


def recoverable(grid: Grid, hidden: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """The hidden cells a reader can compute exactly from the published cells and totals.

    A hidden cell is determined exactly when its unit vector lies in the row space of the
    equations restricted to the hidden cells, i.e. when a row of the reduced echelon form has
    that cell as its only non-zero entry.
    """
    order = sorted(hidden)
    if not order:
        return set()
    index = {cell: k for k, cell in enumerate(order)}
    rows = []
    for equation in grid.equations():
        row = [Fraction(0)] * len(order)
        for cell, coefficient in equation.items():
            if cell in index:
                row[index[cell]] = Fraction(coefficient)
        rows.append(row)
    found = set()
    for row in _reduced_rows(rows):
        nonzero = [k for k, value in enumerate(row) if value != 0]
        if len(nonzero) == 1:
            found.add(order[nonzero[0]])
    return found


def counts_of(grid: Grid) -> Counts:
    """The grid as the core routine's counts: its published totals as sums, its rectangles as
    moves, its margins as totals."""
    h, w = grid.height, grid.width
    sums = []
    for equation in grid.equations():
        total = next(cell for cell, coefficient in equation.items() if coefficient == -1)
        sums.append((total, tuple(sorted(cell for cell, c in equation.items() if c == 1))))
    cells = grid.cells()
    groups: list[frozenset[tuple[int, int]]] = []
    if grid.row_totals and grid.column_totals:
        for r in range(h + 1):
            for c in range(w + 1):
                for r2 in range(r + 1, h + 1):
                    for c2 in range(c + 1, w + 1):
                        groups.append(frozenset({(r, c), (r, c2), (r2, c), (r2, c2)}))
    totals = frozenset(cell for cell in cells if cell[0] == h or cell[1] == w)
    return Counts(values=cells, sums=tuple(sums), groups=tuple(groups), totals=totals)


def suppress(
    grid: Grid, below: int | None = None
) -> tuple[set[tuple[int, int]], set[tuple[int, int]]]:
    """(primary, secondary): the cells to hide (lotsa.core.suppression.protect on the grid)."""
    result = protect(counts_of(grid), below)
    return set(result.primary), set(result.secondary)
