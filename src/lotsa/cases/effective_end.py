"""When an activity really ended: the earlier of its own end and its case's closure.

A closed case runs nothing: whatever a plan activity (or a placement, which is one) says about
its end, it stopped at the latest on the day the case closed. Every count of what ran — SKR's
categories, arena occupancy, matching, subsidy costs — asks these helpers, so a row that was
left open when its case closed can never count after the closure.

The helpers work on any model with `starts_on`, `ends_on` and a `case` foreign key (Activity,
work's Placement); `prefix` reaches such rows across a relation (`"placements__"` from an
arena). Dates are inclusive: an activity that ends on a day ran that day.
"""

from datetime import date

from django.db.models import Case, DateField, F, Q, When
from django.db.models.expressions import Expression


def effective_end(ends_on: date | None, closed_on: date | None) -> date | None:
    """The earlier of an activity's end and its case's closure (None: still running)."""
    if closed_on is None:
        return ends_on
    if ends_on is None:
        return closed_on
    return min(ends_on, closed_on)


def effective_end_expression(prefix: str = "") -> Expression:
    """`effective_end` in SQL, for annotations (NULL: still running)."""
    ends_on, closed_on = f"{prefix}ends_on", f"{prefix}case__closed_on"
    return Case(
        When(**{f"{closed_on}__isnull": True}, then=F(ends_on)),
        When(**{f"{ends_on}__isnull": True}, then=F(closed_on)),
        When(**{f"{ends_on}__lte": F(closed_on)}, then=F(ends_on)),
        default=F(closed_on),
        output_field=DateField(),
    )


def ran_between_q(start: date, end: date, prefix: str = "") -> Q:
    """Rows that ran some day from `start` to `end` (inclusive), up to their effective end.

    An activity whose case closed before it was due to start never ran at all.
    """
    closed_on = f"{prefix}case__closed_on"
    return (
        Q(**{f"{prefix}starts_on__lte": end})
        & (Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gte": start}))
        & (
            Q(**{f"{closed_on}__isnull": True})
            | (
                Q(**{f"{closed_on}__gte": start})
                & Q(**{f"{closed_on}__gte": F(f"{prefix}starts_on")})
            )
        )
    )


def runs_on_q(day: date, prefix: str = "") -> Q:
    """Rows running on `day` (started, and not past their effective end)."""
    return ran_between_q(day, day, prefix)


def ended_by_q(day: date, prefix: str = "") -> Q:
    """Rows whose effective end lies before `day` (the complement of still running then)."""
    closed_on = f"{prefix}case__closed_on"
    return Q(**{f"{prefix}ends_on__lt": day}) | Q(**{f"{closed_on}__lt": day})
