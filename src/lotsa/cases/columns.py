"""Columns other apps add to the case lists ("Mina ärenden" and the unit's list).

The owning app registers a column in its `extensions.py`::

    case_list_columns.register("decisions", CaseListColumn(...), order=10)

A column annotates the list's queryset with what its cell shows — a subquery or an aggregate,
never a query per row or per page, so the list's query count stays the same; like a caseload
filter's condition it depends only on the actor and the day, because the list's statement is
compiled once per actor, day and filter (`lotsa.core.statements`) — and says how one
row's cell reads: `value(case, today)` gives the cell's content, rendered inline (escaped,
unless it is already safe HTML such as `format_html` gives), or, when the column names a
`template`, handed to that template as `value` together with `case` (the annotated row) and
`today`. The inline form costs no template per row, which the list's time depends on
(docs/performance.md, "pages near the floor, third pass"). The cases app imports none of the
apps that fill the registry.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.template.loader import get_template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString

from lotsa.core.registry import Registry

if TYPE_CHECKING:
    from lotsa.cases.models import Case
    from lotsa.organisations.models import User


@dataclass(frozen=True)
class CaseListColumn:
    heading: Any  # a lazily translated string
    annotate: Callable[["QuerySet[Case]", "User", date], "QuerySet[Case]"]
    value: Callable[["Case", date], Any]
    template: str = ""

    def cell(self, case: "Case", today: date) -> SafeString:
        """The HTML inside the row's <td> for this column."""
        value = self.value(case, today)
        if self.template:
            context = {"case": case, "today": today, "value": value}
            return SafeString(get_template(self.template).render(context))
        return SafeString(conditional_escape(value))


case_list_columns: Registry[CaseListColumn] = Registry("case list columns")


def annotate_case_list(cases: "QuerySet[Case]", actor: "User", today: date) -> "QuerySet[Case]":
    """The case list with every registered column's annotation."""
    for column in case_list_columns:
        cases = column.annotate(cases, actor, today)
    return cases
