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

Building the querysets and compiling their SQL cost the case page more Python than anything
else it does (docs/performance.md, "the case page, fourth pass"). A reader may therefore name a
read instead of building it, with `compiled(model, key, build, *values)`: `values` are the ids
that change from one case to the next (the case's, its participant's), `build(*values)` gives
the queryset, and `key` holds everything else its SQL depends on (who asks and what the policy
let them see, as `lotsa.core.statements` asks of its keys). The first time a key is read,
`build` is called twice with stand-in ids no row has, and both are compiled. The SQL is kept
only when both texts are the same and their parameters differ exactly where the stand-ins went
in, and no other parameter equals a real value (a value `build` took from elsewhere than its
arguments); every later read of the key puts its own values in those places and builds and
compiles nothing. A read that fails the check is built and compiled each time, as a plain
queryset is. So `build` must use nothing of the case but its arguments, and must not read the
database or the clock while building.
"""

import copy
import json
from collections import OrderedDict
from collections.abc import Callable, Generator, Hashable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from inspect import isgenerator
from threading import Lock
from types import SimpleNamespace
from typing import Any, TypeVar, cast
from uuid import UUID

import psycopg
from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connections, router
from django.db.models import Model, QuerySet

T = TypeVar("T")
MAX_FUNCTION_ARGUMENTS = 100  # PostgreSQL's limit on a function's arguments
SQLITE_MAX_ARGUMENTS = 127  # SQLite's default SQLITE_MAX_FUNCTION_ARG
# Prepared combined statements kept per connection (psycopg drops the least recently used).
# The case page's holds about 4 MB of plan and parse trees in its PostgreSQL backend, and a
# connection sees few shapes (the page, a journal search, an older journal page).
PREPARED_PER_CONNECTION = 8

# Compiled reads kept per process (the case page has about 25, per actor and shape).
MAX_KEPT = 4096
# The ids `build` is called with to find where the values go: two sets no table reaches (and
# inside a 32-bit integer, so Django does not turn a lookup on them into an empty result).
_STAND_INS = (
    tuple(1_987_000_001 + index for index in range(16)),
    tuple(1_987_500_001 + index for index in range(16)),
)


@dataclass(frozen=True)
class Compiled:
    """A read named by its key instead of built (see the module docstring): `compiled(...)`."""

    model: type[Model]
    key: Hashable
    build: Callable[..., QuerySet[Any]]
    values: tuple[int, ...]


def compiled(
    model: type[Model], key: Hashable, build: Callable[..., QuerySet[Any]], *values: int
) -> Compiled:
    """A read of `build(*values)` (a queryset of `model`), compiled once per `key`."""
    return Compiled(model, key, build, values)


Reads = Mapping[str, "QuerySet[Any] | Compiled"]
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


def read_together(reads: Reads) -> dict[str, list[Any]]:
    """Evaluate every queryset in one SQL statement; each name gets the queryset's list."""
    if not reads:
        return {}
    aliases = {
        router.db_for_read(item.model) if isinstance(item, Compiled) else item.db
        for item in reads.values()
    }
    if len(aliases) != 1:
        raise ValueError("read_together reads from one database at a time")
    alias = aliases.pop()
    connection = connections[alias]
    parts, compilers = [], {}
    querysets: dict[str, QuerySet[Any]] = {}
    params: list[Any] = []
    results: dict[str, list[Any]] = {}
    for name, item in reads.items():
        kept = _kept(item, alias, connection.vendor) if isinstance(item, Compiled) else None
        if kept is not None:
            querysets[name] = kept.queryset
            if kept.sql is None:
                results[name] = []
                continue
            compiler = copy.copy(kept.compiler)
            compiler.connection = connection
            sql, part_params = kept.sql, kept.params(cast(Compiled, item).values)
        else:
            queryset = item.build(*item.values) if isinstance(item, Compiled) else item
            querysets[name] = queryset
            _refuse_prefetch(name, queryset)
            compiler = queryset.query.get_compiler(using=alias)
            try:
                sql, part_params = compiler.as_sql()
            except EmptyResultSet:  # e.g. a filter on an empty list: nothing to read
                results[name] = []
                continue
            _refuse_extra_select(name, compiler)
            if _too_wide(connection.vendor, compiler):
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
    return {name: results[name] for name in reads}


def _refuse_prefetch(name: str, queryset: QuerySet[Any]) -> None:
    if queryset._prefetch_related_lookups:  # type: ignore[attr-defined]
        raise ValueError(f"{name}: prefetch_related would run its own queries")


def _refuse_extra_select(name: str, compiler: Any) -> None:
    if compiler.has_extra_select:
        raise ValueError(f"{name}: an ordering outside the selected columns")


def _too_wide(vendor: str, compiler: Any) -> bool:
    return vendor != "postgresql" and len(compiler.select) > SQLITE_MAX_ARGUMENTS


class _Kept:
    """A compiled read: the stand-ins' queryset and compiler, its SQL (None: it reads nothing)
    and its parameters, with the places where each value goes."""

    def __init__(
        self,
        queryset: QuerySet[Any],
        compiler: Any,
        sql: str | None,
        params: Sequence[Any],
        slots: dict[int, int],
    ) -> None:
        self.queryset, self.compiler, self.sql = queryset, compiler, sql
        self._params, self._slots = tuple(params), slots

    def params(self, values: tuple[int, ...]) -> list[Any]:
        params = list(self._params)
        for position, index in self._slots.items():
            params[position] = values[index]
        return params


_kept_reads: "OrderedDict[Hashable, _Kept]" = OrderedDict()
_kept_lock = Lock()


def clear() -> None:
    """Forget every compiled read (tests that change what a key stands for mid-process)."""
    with _kept_lock:
        _kept_reads.clear()


def kept_count() -> int:
    return len(_kept_reads)


def _kept(item: Compiled, alias: str, vendor: str) -> _Kept | None:
    """The compiled read of `item`, compiled now if its key is new; None if it cannot be kept
    (the caller builds and compiles it as a plain queryset)."""
    values = item.values
    if len(values) > len(_STAND_INS[0]) or not all(type(value) is int for value in values):
        return None
    where = (alias, item.model._meta.label, item.key, len(values))
    with _kept_lock:
        found = _kept_reads.get(where)
        if found is not None:
            _kept_reads.move_to_end(where)
            return found
    found = _compile_kept(item, alias, vendor)
    if found is not None:
        with _kept_lock:
            _kept_reads[where] = found
            while len(_kept_reads) > MAX_KEPT:
                _kept_reads.popitem(last=False)
    return found


def _compile_kept(item: Compiled, alias: str, vendor: str) -> _Kept | None:
    count = len(item.values)
    first_values, second_values = (stand_ins[:count] for stand_ins in _STAND_INS)
    compiled_twice = []
    for stand_ins in (first_values, second_values):
        queryset = item.build(*stand_ins)
        if queryset.db != alias:
            return None
        _refuse_prefetch(repr(item.key), queryset)
        compiler = queryset.query.get_compiler(using=alias)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            if count:  # it may be empty because of a stand-in, not whoever asks
                return None
            return _Kept(queryset, compiler, None, (), {})
        _refuse_extra_select(repr(item.key), compiler)
        if _too_wide(vendor, compiler):
            return None
        compiled_twice.append((queryset, compiler, sql, list(params)))
    (queryset, compiler, sql, params), (_queryset, _compiler, other_sql, other_params) = (
        compiled_twice
    )
    if sql != other_sql or len(params) != len(other_params):
        return None
    slots: dict[int, int] = {}
    for position, (first, second) in enumerate(zip(params, other_params, strict=True)):
        if type(first) is int and first in first_values:
            index = first_values.index(first)
            if second != second_values[index]:
                return None
            slots[position] = index
        elif first != second or (type(first) is int and first in item.values):
            # A parameter that moved on its own, or one that is a real value `build` did not
            # take from its arguments: the statement is not a function of the key.
            return None
    return _Kept(queryset, compiler, sql, params, slots)


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
        merged: dict[str, QuerySet[Any] | Compiled] = {}
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
