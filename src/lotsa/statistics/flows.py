"""The participant flow tables in one grouped pass.

New, active and closed participants (each person counted once) for several periods, in total
and broken down by several groups at once: one statement over the report's cases. On
PostgreSQL it is `GROUP BY GROUPING SETS ((group 1), (group 2), …, ())`; on SQLite, which has
no grouping sets, a `UNION ALL` of the same GROUP BYs, one per group, in the same statement.
Both count `COUNT(DISTINCT participant)` under the same CASE conditions as
`report._flow_filters`, so the figures are the same as one grouped query per table.

A group is a field path of the case (the same in every period, e.g. the participant's gender)
or an expression per period (the age band at the period's end): for the latter, period k's
figures come from the grouping by period k's expression.
"""

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django.db import connections
from django.db.models import F, QuerySet

from lotsa.statistics.periods import Period

FLOW_KEYS = ("new", "active", "closed")
TOTAL = ""  # the name of the ungrouped figures: {None: counts} per period

# One period's figures by group value: {value: {"new": n, "active": n, "closed": n}}.
ByGroup = dict[Any, dict[str, int]]


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
    cases: QuerySet[Any],
    periods: Sequence[Period],
    fixed: Mapping[str, str],
    per_period: Mapping[str, Callable[[Period], Any]] | None = None,
) -> dict[str, list[ByGroup]]:
    """{group name: [figures by value, one per period]} for every group of `fixed` (name → the
    case's field path) and `per_period` (name → the period's expression), and under TOTAL the
    ungrouped figures ({None: counts} per period). One statement, one round trip."""
    per_period = per_period or {}
    # The grouping columns: (name, period index or None, column alias).
    columns: list[tuple[str, int | None, str]] = []
    annotations: dict[str, Any] = {
        "flow_participant": F("participant_id"),
        "flow_start": F("start_date"),
        "flow_closed": F("closed_on"),
    }
    for name, path in fixed.items():
        alias = f"flow_g{len(columns)}"
        columns.append((name, None, alias))
        annotations[alias] = F(path)
    for name, expression in per_period.items():
        for index, period in enumerate(periods):
            alias = f"flow_g{len(columns)}"
            columns.append((name, index, alias))
            annotations[alias] = expression(period)
    inner = cases.annotate(**annotations).values(*annotations).order_by()
    connection = connections[inner.db]
    inner_sql, inner_params = inner.query.get_compiler(connection=connection).as_sql()
    counts, count_params = _counts(periods, connection)
    if connection.vendor == "postgresql":
        aliases = ", ".join(alias for _name, _index, alias in columns)
        sets = ", ".join([f"({alias})" for _name, _index, alias in columns] + ["()"])
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
            for k, (_name, _index, alias) in enumerate(columns)
        ]
        parts.append(
            f"SELECT {len(columns)} AS flow_set, NULL AS flow_value, {counts} "  # noqa: S608
            f"FROM ({inner_sql}) flow_cases"
        )
        sql = " UNION ALL ".join(parts)
        params = [*count_params, *inner_params] * len(parts)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    found: dict[str, list[ByGroup]] = {name: [{} for _p in periods] for name, _i, _a in columns}
    found[TOTAL] = [{} for _p in periods]
    n = len(columns)
    width = 3 * len(periods)
    for row in rows:
        figures = row[-width:]
        if connection.vendor == "postgresql":
            bits = row[0]
            grouped = [k for k in range(n) if not bits & (1 << (n - 1 - k))]
            which = grouped[0] if grouped else n
            value = row[1 + which] if grouped else None
        else:
            which, value = row[0], row[1]
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
