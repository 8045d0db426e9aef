"""Several small querysets read in one SQL statement: the case page's lists and panels.

A page that shows a dozen short lists of one case pays Django's fixed cost per query (building
the SQL, a round trip, reading the rows) a dozen times. `read_together` sends them as one
statement: each queryset becomes a scalar sub-select that returns its rows as one JSON array
(`json_agg` on PostgreSQL, `json_group_array` on SQLite), and each comes back as the list of
model instances the queryset itself would have given — with its `select_related` objects and
annotations, in its order. The querysets keep their filters, so whoever built them (an app's
`queries.py`) still decides what the actor may see.

`read_rounds` drives *readers*: generators that yield a dict of querysets, receive their lists,
and return what they built. Every reader's first round goes in one statement, every second
round in the next, so a page costs as many queries as its deepest reader has rounds::

    def reader(case):
        rows = yield {"goals": Goal.objects.filter(case=case)}
        return rows["goals"]

    goals, panel = read_rounds([reader(case), other_reader(case)])

Not for `prefetch_related` (its extra queries would run anyway; read the related rows in the
same round instead) nor for `distinct` with an ordering outside the selected columns.
"""

import json
from collections.abc import Generator, Iterator, Mapping, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from inspect import isgenerator
from types import SimpleNamespace
from typing import Any, TypeVar, cast
from uuid import UUID

import psycopg
from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet

T = TypeVar("T")
MAX_FUNCTION_ARGUMENTS = 100  # PostgreSQL's limit on a function's arguments
SQLITE_MAX_ARGUMENTS = 127  # SQLite's default SQLITE_MAX_FUNCTION_ARG
# Prepared combined statements kept per connection (psycopg drops the least recently used).
# The case page's holds about 4 MB of plan and parse trees in its PostgreSQL backend, and a
# connection sees few shapes (the page, a journal search, an older journal page).
PREPARED_PER_CONNECTION = 8

Reads = Mapping[str, QuerySet[Any]]
Reader = Generator[Reads, dict[str, list[Any]], T]

# How a value that travelled through JSON becomes what the database driver would have given.
_FROM_JSON = {
    "DateField": date.fromisoformat,
    "DateTimeField": datetime.fromisoformat,
    "TimeField": time.fromisoformat,
    "DecimalField": Decimal,
    "FloatField": float,
    "UUIDField": UUID,
    # A JSONField's value arrives parsed; the field's own converter expects its text.
    "JSONField": lambda value: json.dumps(value),
}


def read_together(querysets: Reads) -> dict[str, list[Any]]:
    """Evaluate every queryset in one SQL statement; each name gets the queryset's list."""
    if not querysets:
        return {}
    aliases = {queryset.db for queryset in querysets.values()}
    if len(aliases) != 1:
        raise ValueError("read_together reads from one database at a time")
    alias = aliases.pop()
    connection = connections[alias]
    parts, compilers = [], {}
    params: list[Any] = []
    results: dict[str, list[Any]] = {}
    for name, queryset in querysets.items():
        if queryset._prefetch_related_lookups:  # type: ignore[attr-defined]
            raise ValueError(f"{name}: prefetch_related would run its own queries")
        compiler = queryset.query.get_compiler(using=alias)
        try:
            sql, part_params = compiler.as_sql()
        except EmptyResultSet:  # e.g. a filter on an empty list: nothing to read
            results[name] = []
            continue
        if compiler.has_extra_select:
            raise ValueError(f"{name}: an ordering outside the selected columns")
        if connection.vendor != "postgresql" and len(compiler.select) > SQLITE_MAX_ARGUMENTS:
            results[name] = list(queryset)  # too wide for json_array: a query of its own
            continue
        parts.append(_json_rows(connection.vendor, sql, len(compiler.select)))
        params.extend(part_params)
        compilers[name] = compiler
    texts: Sequence[str] = ()
    if parts:
        with _statement_cursor(connection) as cursor:
            cursor.execute("SELECT " + ", ".join(parts), params)
            texts = cursor.fetchone()
    for (name, compiler), text in zip(compilers.items(), texts, strict=True):
        if connection.vendor == "postgresql":
            rows = json.loads(text, parse_float=Decimal)  # numeric keeps its digits
            if rows and isinstance(rows[0], dict):  # the whole-row form of a wide select
                rows = [list(row.values()) for row in rows]
            rows = _native(rows, compiler)
        else:  # SQLite's JSON holds the values as its driver gives them (REAL as float)
            rows = json.loads(text)
        results[name] = _evaluate(querysets[name], compiler, rows)
    return {name: results[name] for name in querysets}


def _statement_cursor(connection: Any) -> Any:
    """A cursor for the combined statement: on PostgreSQL (psycopg 3) a server-side prepared
    one, so the statement is parsed and planned once per connection and shape, not on every
    page; elsewhere Django's own.

    The combined statement of the case page is tens of kilobytes of SQL that PostgreSQL plans
    in several milliseconds and runs in about one. Django sends every statement with its values
    spliced in (client-side binding), so no two cases share a statement text and nothing can be
    prepared. Here the values travel as parameters ($1, $2 …): every case of the same shape
    sends the same text, psycopg prepares it on its first use on the connection (it keeps the
    last `PREPARED_PER_CONNECTION`) and PostgreSQL reuses the plan, or re-plans when its own
    `plan_cache_mode` says so. The cursor is wrapped like any of Django's, so query logging,
    `execute_wrapper` hooks and query-count tests see it. Off with the setting
    `LOTSA_BATCH_PREPARED_STATEMENTS` (e.g. behind a pooler in transaction mode that does not
    carry prepared statements)."""
    if connection.vendor != "postgresql" or not settings.LOTSA_BATCH_PREPARED_STATEMENTS:
        return connection.cursor()
    connection.ensure_connection()
    raw = connection.connection
    if raw.prepare_threshold is None:
        # Django turns psycopg's automatic preparing off (prepare_threshold None), which also
        # refuses an explicit prepare=True. A threshold no statement reaches enables the
        # explicit one and leaves every other cursor as it was (Django's cursors bind on the
        # client and never prepare anyway).
        raw.prepare_threshold = 2**31 - 1
        raw.prepared_max = PREPARED_PER_CONNECTION
    with connection.wrap_database_errors:
        return connection._prepare_cursor(_PreparedCursor(raw))


class _PreparedCursor:
    """A psycopg cursor that binds on the server and prepares every statement it executes.

    Django's query log (DEBUG, `CaptureQueriesContext`) reads the statement psycopg sent; here
    that has $1, $2 … in it, so `_query` instead gives the statement with its values spliced in
    as Django's own cursors would have sent it: what the log shows can be run or EXPLAINed."""

    def __init__(self, connection: psycopg.Connection[Any]) -> None:
        self._cursor = psycopg.Cursor(connection)
        self._sent: tuple[str, Any] = ("", None)

    def execute(self, query: str, params: Any = None) -> Any:
        self._sent = (query, params)
        return self._cursor.execute(query, params, prepare=True)

    @property
    def _query(self) -> SimpleNamespace:
        query, params = self._sent
        text = psycopg.ClientCursor(self._cursor.connection).mogrify(query, params)
        return SimpleNamespace(query=text.encode())

    def __getattr__(self, name: str) -> Any:
        return getattr(self._cursor, name)

    def __iter__(self) -> Any:
        return iter(self._cursor)


def _json_rows(vendor: str, sql: str, width: int) -> str:
    """A scalar sub-select: the rows of `sql` as one JSON array of arrays, in their order."""
    columns = ", ".join(f"c{index}" for index in range(width))
    if vendor == "postgresql":
        # A function takes at most 100 arguments; a wider row goes as an object, in order.
        row = f"json_build_array({columns})" if width <= MAX_FUNCTION_ARGUMENTS else "t"
        # Django's compiled SQL with numbered column names; the values stay parameters.
        return f"(SELECT COALESCE(json_agg({row}), '[]')::text FROM ({sql}) AS t({columns}))"  # noqa: S608
    return (
        f"(WITH t({columns}) AS ({sql}) "  # noqa: S608 - Django's compiled SQL, values are parameters
        f"SELECT COALESCE(json_group_array(json_array({columns})), '[]') FROM t)"
    )


def _native(rows: list[list[Any]], compiler: Any) -> list[list[Any]]:
    """Values as psycopg returns them (JSON has no dates); SQLite's JSON values already are."""
    converters = []
    for index, (expression, _sql, _alias) in enumerate(compiler.select):
        field = getattr(expression, "output_field", None)
        convert = _FROM_JSON.get(field.get_internal_type()) if field is not None else None
        if convert is not None:
            converters.append((index, convert))
    if not converters:
        return rows
    for row in rows:
        for index, convert in converters:
            if row[index] is not None:
                row[index] = convert(row[index])
    return rows


def _evaluate(queryset: QuerySet[Any], compiler: Any, rows: list[list[Any]]) -> list[Any]:
    """The queryset's own iterable (model instances, select_related, annotations) over rows
    already read: its compiler is handed the rows instead of running its SQL again."""
    clone = queryset._chain()  # type: ignore[attr-defined]

    def execute_sql(*args: Any, **kwargs: Any) -> Iterator[list[list[Any]]]:
        return iter([rows])

    compiler.execute_sql = execute_sql
    clone.query.get_compiler = lambda *args, **kwargs: compiler  # type: ignore[method-assign]
    return list(clone)


def read_rounds(readers: Sequence[Any]) -> list[Any]:
    """What each reader returns, reading every round of all of them in one statement each.

    An item that is not a generator is passed through unchanged, so a panel may return its
    result directly when it has nothing to read."""
    return read_one(read_in_step(readers))


def read_in_step(readers: Sequence[Any]) -> Reader[list[Any]]:
    """One reader made of several: each round yields all their querysets together, and it
    returns what each of them returned, in order."""
    results: list[Any] = list(readers)
    pending: dict[int, tuple[Reader[Any], Reads]] = {}
    for index, item in enumerate(readers):
        if isgenerator(item):
            _advance(index, cast(Reader[Any], item), None, pending, results)
    while pending:
        merged: dict[str, QuerySet[Any]] = {}
        for index, (_reader, reads) in pending.items():
            merged.update({f"{index}:{name}": queryset for name, queryset in reads.items()})
        rows = yield merged
        current, pending = pending, {}
        for index, (reader, reads) in current.items():
            answer = {name: rows[f"{index}:{name}"] for name in reads}
            _advance(index, reader, answer, pending, results)
    return results


def _advance(
    index: int,
    reader: Reader[Any],
    answer: dict[str, list[Any]] | None,
    pending: dict[int, tuple[Reader[Any], Reads]],
    results: list[Any],
) -> None:
    """Run `reader` to its next round (or its end), skipping rounds that read nothing."""
    try:
        reads = next(reader) if answer is None else reader.send(answer)
        while not reads:
            reads = reader.send({})
    except StopIteration as finished:
        results[index] = finished.value
        return
    pending[index] = (reader, reads)


def read_one(reader: Reader[T]) -> T:
    """Run one reader: each of its rounds is one statement."""
    try:
        reads = next(reader)
        while True:
            reads = reader.send(read_together(reads))
    except StopIteration as finished:
        return finished.value  # type: ignore[no-any-return]


def attach(
    instances: Sequence[Any], name: str, related: Sequence[Any], key: str, value: str = ""
) -> None:
    """Give each instance its `name` relation from rows read alongside, as prefetch_related
    would: `instance.<name>.all()` then reads no query. `key` is the attribute of a related
    row naming its instance (e.g. "amends_id"); `value` an attribute to take instead of the
    row itself (the far side of a many-to-many through row)."""
    grouped: dict[Any, list[Any]] = {}
    for row in related:
        grouped.setdefault(getattr(row, key), []).append(getattr(row, value) if value else row)
    for instance in instances:
        queryset = getattr(instance, name).all()
        queryset._result_cache = grouped.get(instance.pk, [])
        queryset._prefetch_done = True
        if not hasattr(instance, "_prefetched_objects_cache"):
            instance._prefetched_objects_cache = {}
        instance._prefetched_objects_cache[name] = queryset
