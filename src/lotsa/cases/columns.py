"""Columns other apps add to the case lists ("Mina ärenden" and the unit's list).

The owning app registers a column in its `extensions.py`::

    case_list_columns.register("decisions", CaseListColumn(...), order=10)

A column annotates the list's queryset with what its cell shows — a subquery or an aggregate,
never a query per row or per page, so the list's query count stays the same — and names the
template of one cell, which gets `case` (the annotated row) and `today`. The cases app imports
none of the apps that fill the registry.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from lotsa.core.registry import Registry

if TYPE_CHECKING:
    from lotsa.cases.models import Case
    from lotsa.organisations.models import User


@dataclass(frozen=True)
class CaseListColumn:
    heading: Any  # a lazily translated string
    template: str
    annotate: Callable[["QuerySet[Case]", "User", date], "QuerySet[Case]"]


case_list_columns: Registry[CaseListColumn] = Registry("case list columns")


def annotate_case_list(cases: "QuerySet[Case]", actor: "User", today: date) -> "QuerySet[Case]":
    """The case list with every registered column's annotation."""
    for column in case_list_columns:
        cases = column.annotate(cases, actor, today)
    return cases
