"""ESF-style result indicators: where people are one and six months after leaving.

From the same follow-ups after closure as everything else (`outcomes`, scheduled 1 and 6
months after every closure): of the cases closed in the period, the status recorded at each
follow-up — in work, in studies, seeking work, other — or not (yet) followed up. Source: the
European Social Fund's common result indicators (status within one month and six months after
leaving), as DOMAIN.md §11 reads them; docs/statistics.md.
"""

from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import gettext as _

from lotsa.cases.constants import CaseStatus
from lotsa.cases.models import Case
from lotsa.organisations.models import Organisation
from lotsa.outcomes.constants import OutcomeStatus
from lotsa.outcomes.models import OutcomeFollowUp
from lotsa.statistics.periods import Period
from lotsa.statistics.tables import Table

MONTHS = (1, 6)
IN_WORK, STUDIES, SEEKING, OTHER, NOT_FOLLOWED = "work", "studies", "seeking", "other", "none"
ROWS = (IN_WORK, STUDIES, SEEKING, OTHER, NOT_FOLLOWED)
STATUS_ROW: dict[str, str] = {
    OutcomeStatus.IN_WORK: IN_WORK,
    OutcomeStatus.STUDIES: STUDIES,
    OutcomeStatus.SEEKING_WORK: SEEKING,
    OutcomeStatus.OTHER_SUPPORT: OTHER,
    OutcomeStatus.NO_SUPPORT: OTHER,
    OutcomeStatus.UNKNOWN: OTHER,
}


def row_labels() -> dict[str, str]:
    return {
        IN_WORK: _("I arbete"),
        STUDIES: _("Studerar"),
        SEEKING: _("Söker arbete"),
        OTHER: _("Annat (annat stöd, ingen sysselsättning, okänt)"),
        NOT_FOLLOWED: _("Inte uppföljd (ännu)"),
    }


@dataclass
class EsfReport:
    organisation: Organisation
    period: Period
    counts: dict[int, dict[str, int]]
    tables: list[Table]

    @property
    def title(self) -> str:
        return _("Läge efter avslut (ESF) %(period)s") % {"period": str(self.period)}


def produce_esf(organisation: Organisation, period: Period) -> EsfReport:
    """Status one and six months after leaving for the cases closed in the period (2 queries)."""
    closed = Case.objects.filter(
        organisation=organisation,
        status=CaseStatus.CLOSED,
        closed_on__gte=period.start,
        closed_on__lte=period.end,
    )
    total = closed.count()
    counts = {month: dict.fromkeys(ROWS, 0) for month in MONTHS}
    recorded = (
        OutcomeFollowUp.objects.filter(case__in=closed, months_after__in=MONTHS)
        .exclude(status="")
        .values("months_after", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in recorded:
        counts[row["months_after"]][STATUS_ROW[row["status"]]] += row["n"]
    for month in MONTHS:
        counts[month][NOT_FOLLOWED] = total - sum(counts[month].values())
    labels = row_labels()
    table = Table(
        key="esf_status",
        title=_("Läge en och sex månader efter avslut"),
        definition=_(
            "Ärenden som avslutades under perioden, efter vad uppföljningen en respektive sex "
            "månader efter avslut visade. Inte uppföljd: uppföljningen är inte registrerad, "
            "eller inte planerad än."
        ),
        row_header=_("Läge"),
        rows=[labels[key] for key in ROWS],
        columns=[_("1 månad efter"), _("6 månader efter")],
        current=[[counts[month][key] for month in MONTHS] for key in ROWS],
        column_totals=True,
    )
    return EsfReport(organisation=organisation, period=period, counts=counts, tables=[table])
