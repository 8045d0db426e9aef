"""Write many generated rows fast: COPY on PostgreSQL, bulk_create everywhere else.

`TableWriter` itself lives in `lotsa.core.tablewriter` (the import and the audit log use it
too); this module adds the generator's id hand-out. Rows carry their primary key already set,
so both paths store exactly the same values (auto_now fields aside, docs/decisions/0006).
"""

from collections.abc import Sequence

from django.db import connection, models

from lotsa.core.tablewriter import BATCH_SIZE, TableWriter, copy_available

__all__ = ["BATCH_SIZE", "TableWriter", "copy_available", "next_ids", "reset_sequences"]


def reset_sequences(model_list: Sequence[type[models.Model]]) -> None:
    """After rows with explicit ids: move PostgreSQL's id sequences past them (no-op elsewhere)."""
    from django.core.management.color import no_style

    statements = connection.ops.sequence_reset_sql(no_style(), list(model_list))
    if not statements:
        return
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def next_ids(model_list: Sequence[type[models.Model]]) -> dict[type[models.Model], int]:
    """The first free id of each table (ids are handed out by the generator, not the database)."""
    result: dict[type[models.Model], int] = {}
    for model in model_list:
        highest = model._default_manager.aggregate(highest=models.Max("pk"))["highest"]
        result[model] = (highest or 0) + 1
    return result
