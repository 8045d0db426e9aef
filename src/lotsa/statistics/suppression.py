"""Small counts are hidden, and so is whatever would let a reader work them out again.

A published count table is an interior matrix of counts, with column totals (a total row),
row totals (a total column), both, or neither. Primary suppression hides every count from 1 to
K-1 (K = setting LOTSA_SUPPRESS_BELOW, default 5); zeros are shown. Secondary suppression then
hides further cells until no hidden cell can be computed from the published ones: the published
totals are linear equations over the cells, and a hidden cell is recoverable exactly when its unit
vector lies in the row space of those equations restricted to the hidden cells. We test that with
exact rational elimination and, while some hidden cell is recoverable, hide a shown cell that
shares an equation with it: the one leaving the fewest cells exposed, then the smallest (interior
cells before totals). The tables are small
(at most a few hundred cells), so this runs in milliseconds.
"""

from dataclasses import dataclass
from fractions import Fraction
from functools import partial

from django.conf import settings

DEFAULT_SUPPRESS_BELOW = 5


def suppress_below() -> int:
    value = getattr(settings, "LOTSA_SUPPRESS_BELOW", DEFAULT_SUPPRESS_BELOW)
    return max(int(value), 1)


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


def _move_cost(
    grid: Grid,
    cells: dict[tuple[int, int], int],
    hidden: frozenset[tuple[int, int]],
    move: frozenset[tuple[int, int]],
) -> tuple[int, int, int, list[tuple[int, int]]]:
    """Cells left exposed, then what the move hides (a total weighs more than any count)."""
    h, w = grid.height, grid.width
    weight = sum(cells[cell] + (10**6 if cell[0] == h or cell[1] == w else 0) for cell in move)
    return (len(recoverable(grid, set(hidden | move))), weight, len(move), sorted(move))


def suppress(
    grid: Grid, below: int | None = None
) -> tuple[set[tuple[int, int]], set[tuple[int, int]]]:
    """(primary, secondary): the cells to hide. Primary: 1 ≤ n < below; secondary: protection."""
    below = suppress_below() if below is None else below
    cells = grid.cells()
    primary = {cell for cell, n in cells.items() if 0 < n < below}
    hidden = set(primary)
    equations = grid.equations()
    h, w = grid.height, grid.width
    while True:
        exposed = recoverable(grid, hidden)
        if not exposed:
            break
        target = min(exposed)
        # Moves: one more cell sharing an equation with the exposed one or, when both margins
        # are published, the three cells completing a rectangle with it. Take the move leaving
        # the fewest cells exposed, then the one hiding the least (totals count heavily).
        moves: set[frozenset[tuple[int, int]]] = {
            frozenset({cell})
            for equation in equations
            if target in equation
            for cell in equation
            if cell not in hidden
        }
        if grid.row_totals and grid.column_totals:
            r, c = target
            for r2 in range(h + 1):
                for c2 in range(w + 1):
                    if r2 != r and c2 != c:
                        moves.add(frozenset({(r, c2), (r2, c), (r2, c2)} - hidden))
        moves.discard(frozenset())
        if not moves:  # cannot happen: an exposed cell shares an equation with a shown one
            break

        hidden |= min(moves, key=partial(_move_cost, grid, cells, frozenset(hidden)))
    return primary, hidden - primary
