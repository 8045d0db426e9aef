"""Suppression: every small count is hidden, and no hidden count can be worked out again.

The property tests check the suppression against an independent model of what a reader can do:
with column totals only, each column is one equation, so a hidden cell is exposed exactly when it
is the only hidden cell of its column (with the total). With both margins, flipping the sign of
the total row and column turns every equation into "the line sums to zero", so the tables a
reader cannot tell apart differ by circulations on the bipartite graph whose edges are the hidden
cells; a hidden cell is exposed exactly when its edge is a bridge of that graph.
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lotsa.statistics.suppression import Grid, recoverable, suppress

COUNTS = st.sampled_from([0, 0, 1, 2, 3, 4, 5, 6, 8, 13, 40])


def grids(row_totals: bool) -> st.SearchStrategy[Grid]:
    return st.integers(1, 5).flatmap(
        lambda height: st.integers(1, 4).flatmap(
            lambda width: st.lists(
                st.lists(COUNTS, min_size=width, max_size=width).map(tuple),
                min_size=height,
                max_size=height,
            ).map(lambda rows: Grid(tuple(rows), column_totals=True, row_totals=row_totals))
        )
    )


def _bridges(edges: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """Edges (row, column) of a bipartite graph that lie on no cycle (brute force)."""
    found = set()
    for edge in edges:
        rest = edges - {edge}
        start, goal = ("r", edge[0]), ("c", edge[1])
        seen, frontier = {start}, [start]
        while frontier:
            kind, number = frontier.pop()
            for r, c in rest:
                if kind == "r" and r == number and ("c", c) not in seen:
                    seen.add(("c", c))
                    frontier.append(("c", c))
                if kind == "c" and c == number and ("r", r) not in seen:
                    seen.add(("r", r))
                    frontier.append(("r", r))
        if goal not in seen:
            found.add(edge)
    return found


@settings(max_examples=150, deadline=None)
@given(grids(row_totals=False))
def test_one_way_tables_hide_small_counts_and_never_leave_one_alone(grid):
    primary, secondary = suppress(grid, below=5)
    hidden = primary | secondary
    cells = grid.cells()
    assert {cell for cell, n in cells.items() if 0 < n < 5} == primary
    for j in range(grid.width):
        column = {cell for cell in hidden if cell[1] == j}
        assert len(column) != 1, f"column {j} has a single hidden cell: {column}"
    assert recoverable(grid, hidden) == set()


@settings(max_examples=150, deadline=None)
@given(grids(row_totals=True))
def test_two_way_tables_leave_no_hidden_cell_on_a_bridge(grid):
    primary, secondary = suppress(grid, below=5)
    hidden = primary | secondary
    assert {cell for cell, n in grid.cells().items() if 0 < n < 5} == primary
    assert _bridges(hidden) == set()


@settings(max_examples=100, deadline=None)
@given(grids(row_totals=True))
def test_breakdowns_add_up_before_suppression(grid):
    cells = grid.cells()
    h, w = grid.height, grid.width
    for j in range(w):
        assert cells[(h, j)] == sum(cells[(i, j)] for i in range(h))
    for i in range(h):
        assert cells[(i, w)] == sum(cells[(i, j)] for j in range(w))
    assert (
        cells[(h, w)]
        == sum(cells[(h, j)] for j in range(w))
        == sum(cells[(i, w)] for i in range(h))
    )


def test_a_single_small_cell_takes_the_next_smallest_with_it():
    primary, secondary = suppress(Grid(((3,), (10,), (12,))), below=5)
    assert primary == {(0, 0)}
    assert secondary == {(1, 0)}  # 10 < 12: hiding it costs the least


def test_a_two_way_table_hides_a_rectangle():
    primary, secondary = suppress(Grid(((3, 10), (10, 20), (12, 7)), row_totals=True), below=5)
    assert primary == {(0, 0)}
    assert secondary == {(0, 1), (2, 0), (2, 1)}
    assert _bridges(primary | secondary) == set()


def test_zeros_are_shown_and_two_small_cells_protect_each_other():
    primary, secondary = suppress(Grid(((0,), (2,), (3,), (9,))), below=5)
    assert primary == {(1, 0), (2, 0)}
    assert secondary == set()


def test_a_small_total_is_hidden_with_its_cells():
    primary, _secondary = suppress(Grid(((1,), (2,))), below=5)
    assert primary == {(0, 0), (1, 0), (2, 0)}


@pytest.mark.parametrize("below", [1, 3, 10])
def test_the_threshold_is_configurable(below):
    primary, _ = suppress(Grid(((2,), (7,), (30,))), below=below)
    assert primary == {
        cell for cell, n in Grid(((2,), (7,), (30,))).cells().items() if 0 < n < below
    }


def test_an_empty_table_publishes_no_total_row():
    from lotsa.statistics.tables import Table, publish

    empty = Table(
        key="empty",
        title="Tom",
        definition="Inget.",
        row_header="Rad",
        rows=[],
        columns=["Antal"],
        current=[],
        previous=[],
        column_totals=True,
    )
    published = publish(empty, below=5)
    assert published.rows == []
    assert not published.has_total_row
