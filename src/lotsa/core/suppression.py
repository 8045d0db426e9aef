"""One suppression routine for every published table: small counts are hidden, and so is whatever
would let a reader narrow them down again.

A published table is a set of counts (`Counts.values`, each addressed by a sortable key such as
(row, column)) with the relations a reader sees between them: sums (a total is the sum of its
parts) and measures (a mean or a share over some of the counts, rounded as published).

What a reader knows, and what we assume they use (decision record 0017): every shown number,
every published sum, mean and share (each within half its last digit), and that every count is
a whole number and not negative — so a total of 0 makes its parts 0, and a zero shown as ".."
would be no secret: zeros are always shown, and ".." only ever hides a count of at least K.

Primary suppression hides every count from 1 to K-1 (K = setting LOTSA_SUPPRESS_BELOW, default
5). A measure is published only when its base (the counts it is computed over) is shown and at
least K. Secondary suppression then hides further counts (or withholds a measure) until every
hidden cell is *protected*: the tightest whole-number interval [low, high] a reader can derive
for it by integer linear programming over everything above is at least K wide (high - low >= K),
so no hidden count is pinned or narrowed below the threshold. Hiding more never narrows another
cell's interval, so cells are protected one at a time: for the first unprotected
cell we try, cheapest first, hiding one cell that shares a relation with it, a rectangle of three
(two-way tables), or withholding a measure over it, and take the first move that protects it;
when none does alone, the move that widens its interval most. Tables are small (a few hundred
cells at most), so this takes milliseconds per table.
"""

import math
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
from django.conf import settings
from scipy.optimize import Bounds, LinearConstraint, milp

DEFAULT_SUPPRESS_BELOW = 5
# Stands in for "no upper bound" in the integer programs (far above any count we publish).
UNBOUNDED = 10**9
PRIMARY = "primary"
SECONDARY = "secondary"

Key = Any  # a hashable, sortable cell address, e.g. (row, column)


def suppress_below() -> int:
    """K: counts from 1 to K-1 are hidden (setting LOTSA_SUPPRESS_BELOW, at least 1)."""
    value = getattr(settings, "LOTSA_SUPPRESS_BELOW", DEFAULT_SUPPRESS_BELOW)
    return max(int(value), 1)


@dataclass(frozen=True)
class Measure:
    """A published ratio over counts: scale * sum(weight * count) / sum(denominator counts).

    `value` is the figure as published and `half_step` half its last digit (0.005 for a mean
    with two decimals, 0.05 for a percentage with one), so the exact ratio lies within
    value ± half_step. A mean of a 1–5 scale: weights {cell of answer k: k}, denominator the
    cell with the number of answers, scale 1. A share in per cent: weights {part: 1},
    denominator the cells that make up the whole, scale 100.
    """

    key: Hashable
    weights: Mapping[Key, float]
    denominator: tuple[Key, ...]
    value: float
    half_step: float
    scale: float = 1.0

    def cells(self) -> set[Key]:
        return set(self.weights) | set(self.denominator)


@dataclass(frozen=True)
class Counts:
    """A table's counts and the relations published between them."""

    values: Mapping[Key, int]
    sums: tuple[tuple[Key, tuple[Key, ...]], ...] = ()  # (total, its parts)
    measures: tuple[Measure, ...] = ()
    # Sets of cells that may be hidden together as one move (rectangles of a two-way table).
    groups: tuple[frozenset[Key], ...] = ()
    # Cells that are totals: hiding one costs more than hiding any interior count.
    totals: frozenset[Key] = frozenset()

    def relations(self) -> list[set[Key]]:
        found = [{total, *parts} for total, parts in self.sums]
        return found + [measure.cells() for measure in self.measures]


@dataclass(frozen=True)
class Suppression:
    """What to hide: primary cells ("<K"), secondary cells (".."), withheld measures."""

    primary: frozenset[Key]
    secondary: frozenset[Key]
    withheld: frozenset[Hashable] = field(default_factory=frozenset)

    @property
    def hidden(self) -> frozenset[Key]:
        return self.primary | self.secondary

    def mark(self, key: Key) -> str:
        if key in self.primary:
            return PRIMARY
        return SECONDARY if key in self.secondary else ""


# -- what a reader can derive ---------------------------------------------------------------


def reader_bounds(
    counts: Counts,
    suppression: Suppression,
    below: int,
    cells: Iterable[Key] | None = None,
) -> dict[Key, tuple[int, int]]:
    """For each hidden cell (or those in `cells`), the tightest whole-number interval a reader
    can derive from everything published. The upper end is UNBOUNDED when nothing limits it."""
    wanted = sorted(suppression.hidden if cells is None else cells, key=repr)
    found: dict[Key, tuple[int, int]] = {}
    for component in _components(counts, suppression, wanted):
        found.update(_component_bounds(counts, suppression, below, component, wanted))
    return found


def _active(counts: Counts, suppression: Suppression) -> list[tuple[set[Key], Any]]:
    """The published relations, each with the cells it involves."""
    found: list[tuple[set[Key], Any]] = [
        ({total, *parts}, (total, parts)) for total, parts in counts.sums
    ]
    for measure in counts.measures:
        if measure.key not in suppression.withheld:
            found.append((measure.cells(), measure))
    return found


def _components(counts: Counts, suppression: Suppression, wanted: list[Key]) -> list[list[Key]]:
    """The hidden cells linked to the wanted ones through published relations, by component:
    a reader's interval for a cell depends on its component only."""
    hidden = suppression.hidden
    neighbours: dict[Key, set[Key]] = {key: set() for key in hidden}
    for cells, _relation in _active(counts, suppression):
        linked = cells & hidden
        for key in linked:
            neighbours[key] |= linked
    seen: set[Key] = set()
    components = []
    for start in wanted:
        if start in seen:
            continue
        component, frontier = {start}, [start]
        while frontier:
            for other in neighbours[frontier.pop()]:
                if other not in component:
                    component.add(other)
                    frontier.append(other)
        seen |= component
        components.append(sorted(component, key=repr))
    return components


def _component_bounds(
    counts: Counts,
    suppression: Suppression,
    below: int,
    hidden: list[Key],
    wanted: list[Key],
) -> dict[Key, tuple[int, int]]:
    index = {key: k for k, key in enumerate(hidden)}
    rows: list[np.ndarray] = []
    lows: list[float] = []
    highs: list[float] = []

    def add(coefficients: Mapping[Key, float], low: float, high: float) -> None:
        row = np.zeros(len(hidden))
        constant = 0.0
        for key, coefficient in coefficients.items():
            if key in index:
                row[index[key]] += coefficient
            else:
                constant += coefficient * counts.values[key]
        if np.any(row):
            rows.append(row)
            lows.append(low - constant)
            highs.append(high - constant)

    members = set(hidden)
    for cells, relation in _active(counts, suppression):
        if not cells & members:
            continue
        if not isinstance(relation, Measure):
            total, parts = relation
            equation: dict[Key, float] = {part: 1.0 for part in parts}
            equation[total] = equation.get(total, 0.0) - 1.0
            add(equation, 0.0, 0.0)
            continue
        measure = relation
        for edge, sense in (
            (measure.value + measure.half_step, -1),
            (measure.value - measure.half_step, 1),
        ):
            # scale * sum(w x) - edge * sum(d x): <= 0 at the upper edge, >= 0 at the lower one.
            coefficients: dict[Key, float] = {}
            for key, weight in measure.weights.items():
                coefficients[key] = coefficients.get(key, 0.0) + measure.scale * weight
            for key in measure.denominator:
                coefficients[key] = coefficients.get(key, 0.0) - edge
            if sense < 0:
                add(coefficients, -math.inf, 0.0)
            else:
                add(coefficients, 0.0, math.inf)
    program = (
        len(hidden),
        tuple(tuple(float(c) for c in row) for row in rows),
        tuple(float(v) for v in lows),
        tuple(float(v) for v in highs),
    )
    found: dict[Key, tuple[int, int]] = {}
    for key in wanted:
        if key in members:
            found[key] = _program_bounds(program, index[key])
    return found


# Whether `_program_bounds` may answer a single published sum by reasoning instead of by MILP
# (tests switch it off to check that both give the same intervals).
EXACT_SINGLE_SUM = True


@lru_cache(maxsize=4096)
def _program_bounds(
    program: tuple[int, tuple[tuple[float, ...], ...], tuple[float, ...], tuple[float, ...]],
    variable: int,
) -> tuple[int, int]:
    """The whole-number interval of one variable over {x integer, 0 <= x <= UNBOUNDED,
    lows <= rows·x <= highs}. Cached: tables of the same shape with the same numbers (the
    current and the previous period, the same report asked twice) ask the same programs."""
    size, rows, lows, highs = program
    if not rows:  # linked to nothing: only its own mark limits it
        return (0, UNBOUNDED)
    if EXACT_SINGLE_SUM and len(rows) == 1:
        found = _single_sum_bounds(rows[0], lows[0], highs[0], variable)
        if found is not None:
            return found
    # The reader's own knowledge of a hidden cell: a whole number, not negative.
    lower = np.zeros(size)
    upper = np.full(size, float(UNBOUNDED))
    constraints = [LinearConstraint(np.array(rows), list(lows), list(highs))]
    integrality = np.ones(size)
    objective = np.zeros(size)
    ends = []
    for sign in (1.0, -1.0):
        objective[variable] = sign
        result = milp(
            objective,
            integrality=integrality,
            bounds=Bounds(lower, upper),
            constraints=constraints,
        )
        if result.x is None:  # cannot happen for a real table: its true values are feasible
            raise ValueError("the published relations contradict each other")
        ends.append(round(float(result.x[variable])))
    return (ends[0], ends[1])


def _single_sum_bounds(
    row: tuple[float, ...], low: float, high: float, variable: int
) -> tuple[int, int] | None:
    """The exact interval when the component is one published sum: sum(P) - sum(N) = b with
    every coefficient +1 (P), -1 (N) or 0, each x a whole number in [0, U]. The other variables'
    part, sum(P without k) - sum(N without k), takes every whole value from -|N'|·U to |P'|·U,
    so x_k = ±(b - that part) takes every whole value between the clamped ends below: what
    the integer program would find. None when the program is not of that form."""
    if low != high or not float(low).is_integer():
        return None
    if any(c not in (-1.0, 0.0, 1.0) for c in row):
        return None
    b = int(low)
    coefficient = row[variable]
    plus = sum(1 for k, c in enumerate(row) if c == 1.0 and k != variable)
    minus = sum(1 for k, c in enumerate(row) if c == -1.0 and k != variable)
    if coefficient == 0.0:  # not in the sum: nothing limits it
        ends = (0, UNBOUNDED)
    elif coefficient == 1.0:  # x_k = b - part
        ends = (max(0, b - plus * UNBOUNDED), min(UNBOUNDED, b + minus * UNBOUNDED))
    else:  # x_k = part - b
        ends = (max(0, -b - minus * UNBOUNDED), min(UNBOUNDED, plus * UNBOUNDED - b))
    # Feasible at all: the variables' sum must reach b.
    all_plus = plus + (1 if coefficient == 1.0 else 0)
    all_minus = minus + (1 if coefficient == -1.0 else 0)
    if ends[0] > ends[1] or not -all_minus * UNBOUNDED <= b <= all_plus * UNBOUNDED:
        raise ValueError("the published relations contradict each other")
    return ends


def is_protected(interval: tuple[int, int], below: int) -> bool:
    """A hidden cell is protected when a reader's interval for it is at least K wide."""
    low, high = interval
    return high - low >= below


# -- choosing what to hide ------------------------------------------------------------------


def _withheld_for_base(counts: Counts, hidden: frozenset[Key], below: int) -> set[Hashable]:
    """Measures whose base is hidden or below K are not published."""
    return {
        measure.key
        for measure in counts.measures
        if any(key in hidden for key in measure.denominator)
        or sum(counts.values[key] for key in measure.denominator) < below
    }


def protect(counts: Counts, below: int | None = None) -> Suppression:
    """Primary cells, the secondary cells and withheld measures that protect them."""
    below = suppress_below() if below is None else below
    values = counts.values
    primary = frozenset(key for key, n in values.items() if 0 < n < below)
    hidden = set(primary)
    withheld = _withheld_for_base(counts, frozenset(hidden), below)
    if below <= 2 or not primary:
        return Suppression(primary, frozenset(), frozenset(withheld))
    relations = counts.relations()
    measure_cells = {measure.key: measure.cells() for measure in counts.measures}
    done: set[Key] = set()

    def state(extra: frozenset[Key] = frozenset(), drop: frozenset[Hashable] = frozenset()):
        cells = frozenset(hidden | extra)
        return Suppression(
            primary,
            cells - primary,
            frozenset(withheld | drop | _withheld_for_base(counts, cells, below)),
        )

    sum_cells = [{total, *parts} for total, parts in counts.sums]
    cache: dict[tuple[Key, frozenset[Key], frozenset[Hashable]], tuple[int, int]] = {}

    def interval(key: Key, suppression: Suppression) -> tuple[int, int]:
        # A cell alone hidden in a published sum is pinned: no program needed.
        hidden_now = suppression.hidden
        if any(key in cells and len(cells & hidden_now) == 1 for cells in sum_cells):
            return (values[key], values[key])
        memo = (key, hidden_now, suppression.withheld)
        if memo not in cache:
            cache[memo] = reader_bounds(counts, suppression, below, [key])[key]
        return cache[memo]

    def cost(move: tuple[frozenset[Key], frozenset[Hashable]]) -> tuple[int, int, int, str]:
        cells, drop = move
        return (
            sum(1 for key in cells if key in counts.totals),
            sum(values[key] for key in cells) + (10**6 if drop else 0),
            len(cells),
            repr(sorted(cells, key=repr)),
        )

    while True:
        current = state()
        pending = sorted((key for key in current.hidden if key not in done), key=repr)
        if not pending:
            break
        target = pending[0]
        if is_protected(interval(target, current), below):
            done.add(target)
            continue
        # Candidate moves: hide a shown count (>= K; zeros and small counts are never "..")
        # sharing a relation with the target, a group (rectangle) through it, or withhold a
        # published measure over it.
        hideable = {key for key, n in values.items() if n >= below and key not in hidden}
        near = {key for relation in relations if target in relation for key in relation}
        moves: set[tuple[frozenset[Key], frozenset[Hashable]]] = {
            (frozenset({key}), frozenset()) for key in near & hideable
        }
        for group in counts.groups:
            if target in group:
                rest = frozenset(group - hidden)
                if rest and rest <= hideable:
                    moves.add((rest, frozenset()))
        over_target = frozenset(
            key
            for key, cells in measure_cells.items()
            if target in cells and key not in current.withheld
        )
        if over_target:
            # Withhold the measures over the target, alone or together with a hidden count.
            moves |= {(cells, over_target) for cells, _drop in moves}
            moves.add((frozenset(), over_target))
        if not moves:
            # Nothing near it is left to hide: widen the search to every hideable count.
            moves = {(frozenset({key}), frozenset()) for key in hideable}
        if not moves:
            done.add(target)  # everything is hidden already; nothing more can be done
            continue
        best: tuple[tuple[int, int, int, str], Any] | None = None
        best_width = -1
        chosen = None
        for move in sorted(moves, key=cost):
            trial = state(move[0], move[1])
            low, high = interval(target, trial)
            if is_protected((low, high), below):
                chosen = move
                break
            if high - low > best_width:
                best_width, best = high - low, (cost(move), move)
        if chosen is None:
            assert best is not None
            chosen = best[1]
        hidden |= chosen[0]
        withheld |= chosen[1]
    final = state()
    return final


# -- common shapes --------------------------------------------------------------------------

MEAN = "mean"


def column(values: list[int], *, total: bool = True) -> Counts:
    """One column of counts (keys (i, 0)) and, when `total`, their sum as key (len, 0)."""
    cells: dict[Key, int] = {(i, 0): int(n) for i, n in enumerate(values)}
    if not total:
        return Counts(values=cells)
    total_key = (len(values), 0)
    cells[total_key] = sum(values)
    parts = tuple((i, 0) for i in range(len(values)))
    return Counts(values=cells, sums=((total_key, parts),), totals=frozenset({total_key}))


def rounded_mean(values: list[int], weights: list[float], decimals: int) -> float | None:
    """sum(weight × count) / sum(count), rounded as published; None without counts."""
    base = sum(values)
    if not base:
        return None
    return round(sum(w * n for w, n in zip(weights, values, strict=True)) / base, decimals)


def with_mean(
    counts: Counts, rows: list[Key], weights: list[float], base: Key, decimals: int
) -> Counts:
    """`counts` with a published mean: sum(weight × count of row) / count of `base`."""
    value = rounded_mean([counts.values[key] for key in rows], weights, decimals)
    if value is None:
        return counts
    measure = Measure(
        key=MEAN,
        weights=dict(zip(rows, weights, strict=True)),
        denominator=(base,),
        value=value,
        half_step=0.5 * 10**-decimals,
    )
    return Counts(
        values=counts.values,
        sums=counts.sums,
        measures=(*counts.measures, measure),
        groups=counts.groups,
        totals=counts.totals,
    )
