"""The participant flow tables in one grouped pass, and the time, closure and result figures in
another (`case_figures`).

New, active and closed participants (each person counted once) for several periods, in total
and broken down by several groups at once: one statement over the report's cases. On
PostgreSQL it is `GROUP BY GROUPING SETS ((group 1), (group 2), …, ())`; on SQLite, which has
no grouping sets, a `UNION ALL` of the same GROUP BYs, one per group, in the same statement.
Both count `COUNT(DISTINCT participant)` under the same CASE conditions as
`report._flow_filters`, so the figures are the same as one grouped query per table.

A group is a field path of the case (the same in every period, e.g. the participant's gender)
or an expression per period (the age band at the period's end): for the latter, period k's
figures come from the grouping by period k's expression.

Given a `key` (everything the statement depends on: the report's filter and periods), each
statement is built and compiled once per key and database and then only sent again: building
the inner queryset and compiling it cost more than running it (docs/performance.md).
"""

from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from threading import Lock
from typing import Any

from django.db import connections, router
from django.db.models import F, QuerySet

from lotsa.cases.models import Case
from lotsa.statistics.db import DayNumber
from lotsa.statistics.periods import Period

FLOW_KEYS = ("new", "active", "closed")
TOTAL = ""  # the name of the ungrouped figures: {None: counts} per period

# One period's figures by group value: {value: {"new": n, "active": n, "closed": n}}.
ByGroup = dict[Any, dict[str, int]]

# A queryset of cases, or a function that builds it (called only when the statement is built).
Cases = QuerySet[Any] | Callable[[], QuerySet[Any]]

MAX_STATEMENTS = 256
_statements: "OrderedDict[Hashable, tuple[str, str, list[Any]]]" = OrderedDict()
_lock = Lock()


def clear() -> None:
    with _lock:
        _statements.clear()


def _statement(
    key: Hashable | None, build: Callable[[], tuple[str, str, list[Any]]]
) -> tuple[str, str, list[Any]]:
    """(database alias, SQL, parameters) of `build()`, kept per key and database when there is
    a key. Every value the SQL depends on must be in the key."""
    if key is None:
        return build()
    where = (router.db_for_read(Case), key)
    with _lock:
        found = _statements.get(where)
        if found is not None:
            _statements.move_to_end(where)
            return found
    found = build()
    if found[0] == where[0]:
        with _lock:
            _statements[where] = found
            while len(_statements) > MAX_STATEMENTS:
                _statements.popitem(last=False)
    return found


def _queryset(cases: Cases) -> QuerySet[Any]:
    return cases if isinstance(cases, QuerySet) else cases()


def _counts(periods: Sequence[Period], connection: Any) -> tuple[str, list[Any]]:
    """The three flow counts of every period over the inner query's columns (the conditions of
    `report._flow_filters`), and their parameters in order."""
    parts: list[str] = []
    params: list[Any] = []
    for index, period in enumerate(periods):
        start = connection.ops.adapt_datefield_value(period.start)
        end = connection.ops.adapt_datefield_value(period.end)
        conditions = {
            "new": ("flow_start >= %s AND flow_start <= %s", [start, end]),
            "active": (
                "flow_start <= %s AND (flow_closed IS NULL OR flow_closed >= %s)",
                [end, start],
            ),
            "closed": ("flow_closed >= %s AND flow_closed <= %s", [start, end]),
        }
        for key, (condition, values) in conditions.items():
            parts.append(
                f"COUNT(DISTINCT CASE WHEN {condition} THEN flow_participant END) AS p{index}_{key}"
            )
            params += values
    return ", ".join(parts), params


def grouped_flows(
    cases: Cases,
    periods: Sequence[Period],
    fixed: Mapping[str, str],
    per_period: Mapping[str, Callable[[Period], Any]] | None = None,
    *,
    key: Hashable | None = None,
) -> dict[str, list[ByGroup]]:
    """{group name: [figures by value, one per period]} for every group of `fixed` (name → the
    case's field path) and `per_period` (name → the period's expression), and under TOTAL the
    ungrouped figures ({None: counts} per period). One statement, one round trip; compiled once
    per `key` when there is one."""
    per_period = per_period or {}
    # The grouping columns: (name, period index or None, column alias).
    columns: list[tuple[str, int | None, str]] = []
    for name in fixed:
        columns.append((name, None, f"flow_g{len(columns)}"))
    for name in per_period:
        for index in range(len(periods)):
            columns.append((name, index, f"flow_g{len(columns)}"))

    def build() -> tuple[str, str, list[Any]]:
        annotations: dict[str, Any] = {
            "flow_participant": F("participant_id"),
            "flow_start": F("start_date"),
            "flow_closed": F("closed_on"),
        }
        expressions = [F(path) for path in fixed.values()] + [
            expression(period) for expression in per_period.values() for period in periods
        ]
        for (_name, _index, alias), expression in zip(columns, expressions, strict=True):
            annotations[alias] = expression
        inner = _queryset(cases).annotate(**annotations).values(*annotations).order_by()
        counts, count_params = _counts(periods, connections[inner.db])
        aliases = [alias for _name, _index, alias in columns]
        return _grouping_sql(inner, aliases, counts, count_params)

    n = len(columns)
    rows = _grouping_rows(_statement(key, build), n)
    found: dict[str, list[ByGroup]] = {name: [{} for _p in periods] for name, _i, _a in columns}
    found[TOTAL] = [{} for _p in periods]
    for which, value, figures in rows:
        by_period = [
            {key: int(figures[3 * index + j]) for j, key in enumerate(FLOW_KEYS)}
            for index in range(len(periods))
        ]
        if which == n:
            for index, period_figures in enumerate(by_period):
                found[TOTAL][index][None] = period_figures
            continue
        name, only, _alias = columns[which]
        for index, period_figures in enumerate(by_period):
            if only is None or only == index:
                found[name][index][value] = period_figures
    return found


@dataclass
class CaseFigures:
    """Per period: waiting days and days in support as histograms ({days: cases}), closures
    by reason ({reason: cases}), and the 18-month cohort's started and succeeded cases."""

    waiting: list[dict[int, int]]
    support: list[dict[int, int]]
    closures: list[dict[str, int]]
    cohort_started: list[int]
    cohort_succeeded: list[int]


def case_figures(
    cases: Cases,
    periods: Sequence[Period],
    cohorts: Sequence[Period],
    success_reasons: Sequence[str],
    success_days: int,
    *,
    key: Hashable | None = None,
) -> CaseFigures:
    """The board report's time, closure and result figures of `cases` in one statement
    (compiled once per `key` when there is one).

    Period k: cases started in it with a waiting time, by waiting days; cases closed in it, by
    days from start to closure and by closure reason; and of the cases started in `cohorts[k]`,
    how many closed with a reason in `success_reasons` within `success_days` of their start.
    The same conditions as one filtered query per figure."""
    groups = ["fig_wait", "fig_days", "fig_reason"]

    def build() -> tuple[str, str, list[Any]]:
        inner = (
            _queryset(cases)
            .annotate(
                fig_start=F("start_date"),
                fig_closed=F("closed_on"),
                fig_wait=F("waiting_days"),
                fig_days=DayNumber("closed_on") - DayNumber("start_date"),
                fig_reason=F("closure_reason"),
            )
            .values("fig_start", "fig_closed", "fig_wait", "fig_days", "fig_reason")
            .order_by()
        )
        date = connections[inner.db].ops.adapt_datefield_value
        parts: list[str] = []
        params: list[Any] = []
        reasons = ", ".join(["%s"] * len(success_reasons)) or "NULL"
        for period, cohort in zip(periods, cohorts, strict=True):
            started = "fig_start >= %s AND fig_start <= %s"
            closed = "fig_closed >= %s AND fig_closed <= %s"
            parts += [
                f"COUNT(CASE WHEN {started} THEN 1 END)",
                f"COUNT(CASE WHEN {closed} THEN 1 END)",
                f"COUNT(CASE WHEN {started} THEN 1 END)",
                f"COUNT(CASE WHEN {started} AND fig_reason IN ({reasons}) "
                "AND fig_days <= %s THEN 1 END)",
            ]
            params += [date(period.start), date(period.end), date(period.start), date(period.end)]
            params += [date(cohort.start), date(cohort.end)]
            params += [
                date(cohort.start),
                date(cohort.end),
                *map(str, success_reasons),
                success_days,
            ]
        return _grouping_sql(inner, groups, ", ".join(parts), params)

    rows = _grouping_rows(_statement(key, build), len(groups))
    size = len(periods)
    figures = CaseFigures(
        waiting=[{} for _p in periods],
        support=[{} for _p in periods],
        closures=[{} for _p in periods],
        cohort_started=[0] * size,
        cohort_succeeded=[0] * size,
    )
    for which, value, counts in rows:
        for index in range(size):
            started_n, closed_n, cohort_n, succeeded_n = (int(n) for n in counts[4 * index :][:4])
            if which == len(groups):
                figures.cohort_started[index] = cohort_n
                figures.cohort_succeeded[index] = succeeded_n
            elif value is None:
                continue  # no waiting time, or not closed: not in these figures
            elif which == 0 and started_n:
                figures.waiting[index][value] = started_n
            elif which == 1 and closed_n:
                figures.support[index][value] = closed_n
            elif which == 2 and closed_n:
                figures.closures[index][value] = closed_n
    return figures


def _grouping_sql(
    inner: QuerySet[Any], groups: Sequence[str], counts: str, count_params: Sequence[Any]
) -> tuple[str, str, list[Any]]:
    """(database alias, SQL, parameters) that run `counts` (SQL over the inner query's columns,
    with its parameters) grouped by each of the inner query's columns `groups` on its own and
    once ungrouped, in one statement: GROUPING SETS on PostgreSQL, UNION ALL on SQLite."""
    connection = connections[inner.db]
    inner_sql, inner_params = inner.query.get_compiler(connection=connection).as_sql()
    n = len(groups)
    if connection.vendor == "postgresql":
        aliases = ", ".join(groups)
        sets = ", ".join([f"({alias})" for alias in groups] + ["()"])
        sql = (
            # Only our own aliases and the ORM's compiled SQL are interpolated; every value
            # is a parameter.
            f"SELECT GROUPING({aliases}) AS flow_set, {aliases}, {counts} "  # noqa: S608
            f"FROM ({inner_sql}) flow_cases GROUP BY GROUPING SETS ({sets})"
        )
        params = [*count_params, *inner_params]
    else:
        parts = [
            f"SELECT {k} AS flow_set, {alias} AS flow_value, {counts} "  # noqa: S608
            f"FROM ({inner_sql}) flow_cases GROUP BY {alias}"
            for k, alias in enumerate(groups)
        ]
        parts.append(
            f"SELECT {n} AS flow_set, NULL AS flow_value, {counts} "  # noqa: S608
            f"FROM ({inner_sql}) flow_cases"
        )
        sql = " UNION ALL ".join(parts)
        params = [*count_params, *inner_params] * len(parts)
    return inner.db, sql, params


def _grouping_rows(
    statement: tuple[str, str, list[Any]], n: int
) -> list[tuple[int, Any, tuple[Any, ...]]]:
    """Run a statement of `_grouping_sql` over `n` groups. Returns (which group, its value, the
    counts) per row; `which` is n for the ungrouped row."""
    alias, sql, params = statement
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    found = []
    postgresql = connection.vendor == "postgresql"
    for row in rows:
        if postgresql:
            bits = row[0]
            grouped = [k for k in range(n) if not bits & (1 << (n - 1 - k))]
            which = grouped[0] if grouped else n
            value = row[1 + which] if grouped else None
            figures = tuple(row[1 + n :])
        else:
            which, value, figures = row[0], row[1], tuple(row[2:])
        found.append((which, value, figures))
    return found
