"""Demo: every national report for every demo organisation, for last year and last month.

The demo history closes cases through the closing page's service with what a closure to work
or studies records, and outcomes' demo records the follow-ups one month after; so the reports
come out whole. This builder produces each one and says what it found, or which cases lack
what, in the demo's summary.
"""

from datetime import timedelta
from typing import Any

from lotsa.organisations.models import Organisation
from lotsa.reporting.common import ReportIncompleteError
from lotsa.reporting.esf import produce_esf
from lotsa.reporting.kolada import COUNTED, produce_kolada
from lotsa.reporting.socialstyrelsen import produce_socialstyrelsen
from lotsa.statistics.periods import Period, year


def build_demo(context: Any) -> list[str]:
    last_year = year(context.today.year - 1)
    month_end = context.today.replace(day=1) - timedelta(days=1)
    last_month = Period(month_end.replace(day=1), month_end)
    lines = []
    for organisation in Organisation.objects.order_by("name"):
        try:
            kolada = produce_kolada(organisation, last_year)
            monthly = produce_socialstyrelsen(organisation, last_month)
            esf = produce_esf(organisation, last_year)
        except ReportIncompleteError as incomplete:
            lines.append(f"Rapporter, {organisation.name}: {incomplete.title}")
            continue
        counted = sum(kolada.counts[key] for key in COUNTED)
        closed = sum(kolada.counts.values())
        lines.append(
            f"Rapporter, {organisation.name}: resultat vid avslut {last_year.start.year} "
            f"{counted} av {closed}; månadsfil {last_month.start:%Y-%m} {len(monthly.rows)} "
            f"rader; uppföljda efter en månad {closed - esf.counts[1]['none']}"
        )
    return lines
