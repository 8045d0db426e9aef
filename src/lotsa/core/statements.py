"""Compiled SQL kept per key, for list pages whose statement is a pure function of a few values.

Building a queryset with many filters, subqueries and annotations (`filter`, `annotate`,
`Q.resolve_expression`) and compiling it (`SQLCompiler.as_sql`) costs more Python than running
it: "Mina ärenden" spent about two thirds of its view there (docs/performance.md, "the lists
near the floor"). When the SQL and its parameters depend only on values the caller can name —
who asks (id, role, unit, organisation), which day it is, the chosen filter, the page — the
statement can be compiled once per key and sent again as it is:

    cases = compiled_rows(("my_cases", actor.pk, actor.role, today, ...), build)

`build()` is called only on a miss. Every value the queryset's SQL depends on must be in the
key; a queryset that reads the database or the clock while being built (a `list()` of ids in a
filter, `timezone.now()` in a parameter) must not be cached. The rows come back through the
queryset's own compiler, so they are the model instances, `select_related` objects and
annotations the queryset itself would have given. Each process keeps the newest `MAX_ENTRIES`
statements (a key holds the day, so yesterday's fall out); `clear()` empties it (tests that
change a registry mid-process).
"""

import copy
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from threading import Lock
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections, router
from django.db.models import Model, QuerySet

MAX_ENTRIES = 512

_cache: "OrderedDict[Hashable, Any]" = OrderedDict()
_lock = Lock()


def clear() -> None:
    with _lock:
        _cache.clear()


def _get(key: Hashable) -> Any:
    with _lock:
        found = _cache.get(key)
        if found is not None:
            _cache.move_to_end(key)
        return found


def _put(key: Hashable, value: Any) -> None:
    with _lock:
        _cache[key] = value
        _cache.move_to_end(key)
        while len(_cache) > MAX_ENTRIES:
            _cache.popitem(last=False)


class _Rows:
    """A compiled row statement: the queryset (unevaluated), its compiler, SQL and parameters."""

    def __init__(self, queryset: QuerySet[Any]) -> None:
        self.queryset = queryset
        self.alias = queryset.db
        self.compiler = queryset.query.get_compiler(using=self.alias)
        try:
            self.sql, self.params = self.compiler.as_sql()
        except EmptyResultSet:
            self.sql, self.params = "", ()

    def read(self) -> list[Any]:
        if not self.sql:
            return []
        connection = connections[self.alias]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, self.params)
            rows = cursor.fetchall()
        # The queryset's own iterable over these rows: a copy of its compiler hands them over
        # instead of running the SQL again (as lotsa.core.batch does for its combined reads).
        compiler = copy.copy(self.compiler)
        compiler.connection = connection

        def execute_sql(*args: Any, **kwargs: Any) -> Iterator[list[Any]]:
            return iter([rows])

        compiler.execute_sql = execute_sql
        clone = self.queryset._chain()  # type: ignore[attr-defined]
        clone.query.get_compiler = lambda *args, **kwargs: compiler
        return list(clone)


def _where(model: type[Model], key: Hashable) -> tuple[Hashable, ...]:
    # The database a read of `model` goes to now (the replica router may choose another).
    return (router.db_for_read(model), key)


def compiled_rows(
    model: type[Model], key: Hashable, build: Callable[[], QuerySet[Any]]
) -> list[Any]:
    """The rows of `build()` (a queryset of `model`: instances, or the tuples of `values_list`),
    whose SQL is compiled once per `key` and database (see the module docstring)."""
    where = ("rows", *_where(model, key))
    entry = _get(where)
    if entry is None or entry.alias != where[1]:
        entry = _Rows(build())
        if entry.alias == where[1]:
            _put(where, entry)
    return entry.read()


class _Aggregate:
    """A compiled aggregate: the one statement `QuerySet.aggregate` sends, and its names."""

    def __init__(self, queryset: QuerySet[Any], aggregates: dict[str, Any]) -> None:
        self.alias = queryset.db
        self.names = list(aggregates)
        statements: list[tuple[str, Any]] = []

        def capture(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
            statements.append((sql, params))
            return execute(sql, params, many, context)

        with connections[self.alias].execute_wrapper(capture):
            self.first = queryset.aggregate(**aggregates)
        # An aggregate over an empty filter sends nothing; it is not kept.
        self.statement = statements[0] if len(statements) == 1 else None

    def read(self) -> dict[str, Any]:
        assert self.statement is not None
        sql, params = self.statement
        with connections[self.alias].cursor() as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
        return dict(zip(self.names, row, strict=True))


def compiled_aggregate(
    model: type[Model],
    key: Hashable,
    build: Callable[[], QuerySet[Any]],
    aggregates: Callable[[], dict[str, Any]],
) -> dict[str, Any]:
    """`build().aggregate(**aggregates())` over `model`, its SQL compiled once per `key` and
    database. For aggregates whose values the database driver gives as Python wants them
    (counts); the first call returns Django's own result."""
    where = ("aggregate", *_where(model, key))
    entry = _get(where)
    if entry is not None:
        return entry.read()  # type: ignore[no-any-return]
    entry = _Aggregate(build(), aggregates())
    if entry.statement is not None and entry.alias == where[1]:
        _put(where, entry)
    return entry.first
