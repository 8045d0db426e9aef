"""What every national report shares: the refusal that names what is missing, and periods.

A report is produced whole or not at all: when a case lacks what a definition needs, or an
activity has no code to report it under, `produce_*` raises `ReportIncompleteError` with one
`Problem` per case (a link to the case and what it lacks, never a name), and nothing is written.
"""

import re
from dataclasses import dataclass
from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from lotsa.statistics.periods import Period


@dataclass(frozen=True)
class Problem:
    """One case that keeps a report from being produced, and what it lacks."""

    case_id: int | None
    what: str

    @property
    def url(self) -> str:
        return reverse("cases:detail", args=[self.case_id]) if self.case_id else ""

    @property
    def label(self) -> str:
        return _("Ärende %(id)s") % {"id": self.case_id} if self.case_id else _("Kodtabellen")


class ReportIncompleteError(ValueError):
    """The report cannot be produced: what is missing, per case."""

    def __init__(self, title: str, problems: list[Problem]) -> None:
        super().__init__(title)
        self.title = title
        self.problems = problems

    def __str__(self) -> str:
        lines = [self.title] + [f"{p.label}: {p.what}" for p in self.problems]
        return "\n".join(lines)


MONTH_PATTERN = re.compile(r"[0-9]{4}-[0-9]{2}")


class PeriodError(ValueError):
    """The period does not fit the report (a monthly file needs a calendar month)."""


def require_calendar_month(period: Period) -> None:
    if period.kind != "month":
        raise PeriodError(
            _(
                "Månadsfilen gäller en hel kalendermånad: från den första till den sista dagen "
                "i samma månad (du angav %(period)s)."
            )
            % {"period": str(period)}
        )


def month_period(text: str) -> Period:
    """'2025-03' → March 2025; PeriodError with a Swedish message otherwise."""
    cleaned = (text or "").strip()
    try:
        if not MONTH_PATTERN.fullmatch(cleaned):
            raise ValueError(cleaned)
        first = date(int(cleaned[:4]), int(cleaned[5:]), 1)
    except ValueError as error:
        raise PeriodError(_("Ange månaden som ÅÅÅÅ-MM, till exempel 2025-03.")) from error
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return Period(first, date.fromordinal(following.toordinal() - 1))
