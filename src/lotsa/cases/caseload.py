"""What needs doing today: the filters of "Mina ärenden" and the unit's case list.

A filter is a condition on Case. The cases app registers the ones it can answer from its own
rows (new, follow-up due, no contact for a while); apps above it register theirs in their
`extensions.py` (a meeting today, a decision or placement ending, a message waiting)::

    caseload_filters.register(
        "meeting-today", CaseloadFilter(label=_("Möte i dag"), condition=meets_today), order=30
    )

`condition(context)` returns a `Q` on Case — typically `Q(pk__in=<a subquery of case ids>)` —
so the same condition narrows the list and, as a filtered `Count`, counts it: every filter's
count comes out of one aggregate query, however many filters are registered. The condition
must depend only on the context (who asks, the day, N) and never read the database or the
clock itself: the lists compile their statements once per such context
(`lotsa.core.statements`, keyed in `cases.queries`). The key is the
filter's name in the address (`?urval=<key>`), so keep it short, lower case and stable: saved
filters name it.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from lotsa.cases.constants import CaseStatus
from lotsa.core.registry import Registry

if TYPE_CHECKING:
    from lotsa.cases.models import Case
    from lotsa.organisations.models import User

# "Ingen kontakt på N dagar": the N a list starts with, and the range a person may choose.
NO_CONTACT_DAYS_DEFAULT = 30
NO_CONTACT_DAYS_MIN = 1
NO_CONTACT_DAYS_MAX = 365
# "Slutar inom 30 dagar" for decisions and placements.
ENDING_WITHIN_DAYS = 30


@dataclass(frozen=True)
class CaseloadContext:
    """What a filter's condition may depend on: who asks, which day it is, the chosen N."""

    actor: "User"
    today: date
    no_contact_days: int = NO_CONTACT_DAYS_DEFAULT

    @property
    def end_of_week(self) -> date:
        """The Sunday of this week (a Swedish week starts on Monday)."""
        return self.today + timedelta(days=6 - self.today.weekday())

    @property
    def ending_by(self) -> date:
        return self.today + timedelta(days=ENDING_WITHIN_DAYS)


@dataclass(frozen=True)
class CaseloadFilter:
    """One filter: its Swedish label (may use `{days}`), and its condition on Case."""

    label: Any  # a lazily translated string
    condition: Callable[[CaseloadContext], Q]

    def label_for(self, context: CaseloadContext) -> str:
        return str(self.label).format(days=context.no_contact_days)


caseload_filters: Registry[CaseloadFilter] = Registry("caseload filters")


@dataclass(frozen=True)
class CaseloadChoice:
    """A filter as the list shows it: key, label, how many of the list's cases it holds."""

    key: str
    label: str
    count: int


def caseload_condition(key: str, context: CaseloadContext) -> Q | None:
    """The condition of the registered filter `key`, or None when no such filter exists."""
    for entry in caseload_filters.entries():
        if entry.key == key:
            return entry.item.condition(context)
    return None


def caseload_aggregate_names() -> list[str]:
    """The names `caseload_aggregates` gives its counts, in registry order."""
    return [f"filter_{index}" for index in range(len(caseload_filters))]


def caseload_aggregates(context: CaseloadContext) -> dict[str, Count]:
    """One filtered count per registered filter, named as `caseload_aggregate_names` says."""
    return {
        name: Count("pk", filter=entry.item.condition(context))
        for name, entry in zip(caseload_aggregate_names(), caseload_filters.entries(), strict=True)
    }


def caseload_choices(totals: dict[str, Any], context: CaseloadContext) -> list[CaseloadChoice]:
    """The registered filters with the counts `caseload_aggregates` gave."""
    return [
        CaseloadChoice(
            key=entry.key,
            label=entry.item.label_for(context),
            count=totals[f"filter_{index}"] or 0,
        )
        for index, entry in enumerate(caseload_filters.entries())
    ]


def caseload_counts(cases: "QuerySet[Case]", context: CaseloadContext) -> list[CaseloadChoice]:
    """How many of `cases` each registered filter holds, in one aggregate query."""
    if not len(caseload_filters):
        return []
    return caseload_choices(cases.order_by().aggregate(**caseload_aggregates(context)), context)


# The filters the cases app answers from its own rows ------------------------------------------


def not_yet_met(context: CaseloadContext) -> Q:
    """New: an open case with no contact recorded yet."""
    return Q(last_contact_on__isnull=True) & ~Q(status=CaseStatus.CLOSED)


def follow_up_due(context: CaseloadContext) -> Q:
    """The next follow-up is late, or due by the end of this week."""
    return Q(next_follow_up_on__lte=context.end_of_week) & ~Q(status=CaseStatus.CLOSED)


def no_contact_for(context: CaseloadContext) -> Q:
    """No contact for N days: the last contact, or (never met) the start, is older than that."""
    since = context.today - timedelta(days=context.no_contact_days)
    return ~Q(status=CaseStatus.CLOSED) & (
        Q(last_contact_on__lt=since) | Q(last_contact_on__isnull=True, start_date__lt=since)
    )


caseload_filters.register(
    "nya", CaseloadFilter(label=_("Nya, inte träffade än"), condition=not_yet_met), order=10
)
caseload_filters.register(
    "uppfoljning",
    CaseloadFilter(label=_("Uppföljning försenad eller denna vecka"), condition=follow_up_due),
    order=20,
)
caseload_filters.register(
    "utan-kontakt",
    CaseloadFilter(label=_("Ingen kontakt på {days} dagar"), condition=no_contact_for),
    order=90,
)
