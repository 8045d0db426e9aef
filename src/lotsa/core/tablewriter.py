"""Append many rows to one table fast: COPY on PostgreSQL, bulk_create everywhere else.

Rows arrive as plain tuples in the order of `columns` (attribute names such as `case_id`), so
both paths store exactly the same values. One exception, which is Django's own behaviour:
bulk_create lets `auto_now`/`auto_now_add` fields stamp the time of the run, while COPY stores
the timestamps given (docs/decisions/0006). Used by the synthetic-data generator
(`lotsa.scale`), the import (`lotsa.imports`) and the audit log's bulk append.
"""

import json
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, models

BATCH_SIZE = 2000


def copy_available() -> bool:
    """COPY needs PostgreSQL through psycopg 3 (`cursor.copy`)."""
    return connection.vendor == "postgresql"


class TableWriter:
    """Append rows to one model's table; `use_copy=None` picks COPY when it is available."""

    def __init__(
        self, model: type[models.Model], columns: Sequence[str], *, use_copy: bool | None = None
    ) -> None:
        self.model = model
        self.columns = tuple(columns)
        fields = {field.attname: field for field in model._meta.concrete_fields}
        unknown = [name for name in self.columns if name not in fields]
        if unknown:
            raise ValueError(f"{model._meta.label} has no column(s) {', '.join(unknown)}")
        # COPY does not apply Django's defaults: a NOT NULL column the generator does not name
        # (a field added since) gets its model default, as bulk_create would give it.
        self._defaulted = [
            field
            for name, field in fields.items()
            if name not in self.columns
            and not field.primary_key
            and not field.null
            and (field.has_default() or field.empty_strings_allowed)
        ]
        self._fields = [fields[name] for name in self.columns]
        self._json_positions = [
            position
            for position, field in enumerate(self._fields)
            if isinstance(field, models.JSONField)
        ]
        self.use_copy = copy_available() if use_copy is None else use_copy
        if self.use_copy and not copy_available():
            raise ValueError("COPY needs PostgreSQL.")
        self.written = 0

    def write(self, rows: Iterable[tuple[Any, ...]]) -> int:
        """Store every row; returns how many were written."""
        count = self._copy(rows) if self.use_copy else self._bulk_create(rows)
        self.written += count
        return count

    def _copy(self, rows: Iterable[tuple[Any, ...]]) -> int:
        quote = connection.ops.quote_name
        table = quote(self.model._meta.db_table)
        copied = [*self._fields, *self._defaulted]
        column_list = ", ".join(quote(str(field.column)) for field in copied)
        defaults = tuple(field.get_default() for field in self._defaulted)
        json_positions = [
            position for position, field in enumerate(copied) if isinstance(field, models.JSONField)
        ]
        count = 0
        with connection.cursor() as cursor:
            raw = cursor.cursor  # the psycopg 3 cursor under Django's wrapper
            with raw.copy(f"COPY {table} ({column_list}) FROM STDIN") as copy:
                for row in rows:
                    row = (*row, *defaults)
                    if json_positions:
                        row = _with_json_text(row, json_positions)
                    copy.write_row(row)
                    count += 1
        return count

    def _bulk_create(self, rows: Iterable[tuple[Any, ...]]) -> int:
        names = self.columns
        batch: list[models.Model] = []
        count = 0
        manager = self.model._default_manager
        for row in rows:
            batch.append(self.model(**dict(zip(names, row, strict=True))))
            if len(batch) >= BATCH_SIZE:
                manager.bulk_create(batch)
                count += len(batch)
                batch = []
        if batch:
            manager.bulk_create(batch)
            count += len(batch)
        return count


def _with_json_text(row: tuple[Any, ...], positions: list[int]) -> tuple[Any, ...]:
    values = list(row)
    for position in positions:
        value = values[position]
        if value is None:
            continue
        # An empty object (most audit records' `changes`) without a trip through the encoder.
        values[position] = (
            "{}" if type(value) is dict and not value else json.dumps(value, ensure_ascii=False)
        )
    return tuple(values)
