"""Socialstyrelsen's monthly file (HSLF-FS 2015:30): one row per person and calendar month.

For the organisation and month: everyone who took part in a plan activity (not cancelled) some
day of the month, up to its effective end, or whose case closed in the month; per row the
activity codes (through the code table, `reporting.codes`) and the code of the closure
reason. Fixed layout (`HEADER`): personnummer (12 digits), month (YYYYMM), the municipality
code, one column per activity code (1 = took part, 0 = not), the closure reason's code.

Rows are personal data: produced for a manager, only the people they may see (a protected
person only for those entitled, `people.policy`); produced without an actor (the scheduled
file), never a person with protected identity — their participation is reported by someone
entitled to see them. A missing code mapping stops the file and names the cases.
"""

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from lotsa.cases.constants import ActivityStatus, CaseStatus
from lotsa.cases.effective_end import ran_between_q
from lotsa.cases.models import Activity, Case
from lotsa.organisations.models import Organisation
from lotsa.people.models import Participant
from lotsa.people.policy import visible_participants_q
from lotsa.reporting.codes import ACTIVITY, CLOSURE, code_table, codes_of
from lotsa.reporting.common import Problem, ReportIncompleteError, require_calendar_month
from lotsa.statistics.periods import Period
from lotsa.statistics.tables import Table

if TYPE_CHECKING:
    from lotsa.organisations.models import User

FIXED_COLUMNS = ("personnummer", "manad", "kommunkod")
CLOSURE_COLUMN = "avslutsorsak"


@dataclass
class MonthlyFile:
    organisation: Organisation
    period: Period
    header: list[str]
    rows: list[list[str]]
    activity_codes: list[tuple[str, str]]  # (code, label), in column order

    @property
    def title(self) -> str:
        return _("Månadsfil till Socialstyrelsen %(month)s") % {
            "month": self.period.start.strftime("%Y-%m")
        }

    @property
    def filename(self) -> str:
        return f"socialstyrelsen-{self.period.start.strftime('%Y-%m')}"

    def csv_rows(self) -> list[list[str]]:
        return [self.header, *self.rows]

    def summary(self) -> Table:
        """Persons per activity code and with a closure: counts, for the page (suppressed)."""
        width = len(self.activity_codes)
        per_code = [sum(1 for row in self.rows if row[3 + k] == "1") for k in range(width)]
        closed = sum(1 for row in self.rows if row[-1])
        return Table(
            key="socialstyrelsen_summary",
            title=_("Personer i månadsfilen"),
            definition=_(
                "Personer med minst en aktivitet (ej avbruten) någon dag i månaden, eller vars "
                "ärende avslutades i månaden. En person med flera insatser räknas under varje."
            ),
            row_header=_("Insatskod"),
            rows=[f"{code} {label}" for code, label in self.activity_codes]
            + [_("Avslutad under månaden"), _("Rader i filen")],
            columns=[_("Personer")],
            current=[[n] for n in per_code] + [[closed], [len(self.rows)]],
        )


def produce_socialstyrelsen(
    organisation: Organisation, period: Period, *, actor: "User | None" = None
) -> MonthlyFile:
    """The monthly file for one calendar month; PeriodError for another period,
    ReportIncompleteError naming the cases whose activity or closure has no code. Four queries."""
    require_calendar_month(period)
    table = code_table(organisation)
    activity_codes, closure_codes = codes_of(table, ACTIVITY), codes_of(table, CLOSURE)
    activities = (
        Activity.objects.filter(
            ran_between_q(period.start, period.end),
            case__organisation=organisation,
        )
        .exclude(status=ActivityStatus.CANCELLED)
        .values_list("case__participant_id", "case_id", "skr_category")
        .distinct()
    )
    closures = Case.objects.filter(
        organisation=organisation,
        status=CaseStatus.CLOSED,
        closed_on__gte=period.start,
        closed_on__lte=period.end,
    ).values_list("participant_id", "pk", "closure_reason", "closed_on")
    problems: dict[tuple[int, str], Problem] = {}
    taken: dict[int, set[str]] = defaultdict(set)
    for participant_id, case_id, category in activities:
        row = activity_codes.get(str(category))
        if row is None or not row.code:
            name = row.name if row else str(category)
            problems[(case_id, name)] = Problem(
                case_id, _("Kategorin %(name)s har ingen kod i kodtabellen.") % {"name": name}
            )
            continue
        taken[participant_id].add(row.code)
    ended: dict[int, tuple[object, str]] = {}
    for participant_id, case_id, reason, closed_on in closures:
        row = closure_codes.get(reason)
        if row is None or not row.code:
            name = row.name if row else reason
            problems[(case_id, name)] = Problem(
                case_id, _("Avslutsorsaken %(name)s har ingen kod i kodtabellen.") % {"name": name}
            )
            continue
        taken.setdefault(participant_id, set())
        if participant_id not in ended or ended[participant_id][0] < closed_on:  # type: ignore[operator]
            ended[participant_id] = (closed_on, row.code)
    if problems:
        raise ReportIncompleteError(
            _("Månadsfilen kan inte tas fram: koder saknas i kodtabellen."),
            sorted(problems.values(), key=lambda p: (p.case_id or 0, p.what)),
        )
    people = Participant.objects.filter(pk__in=list(taken), organisation=organisation)
    if actor is not None:
        people = people.filter(visible_participants_q(actor))
    else:
        people = people.filter(is_protected=False)
    codes = sorted({row.code for row in activity_codes.values() if row.code})
    labels = {row.code: row.label for row in activity_codes.values() if row.code}
    month = period.start.strftime("%Y%m")
    rows = []
    for pk, personal_number in people.order_by("personal_number").values_list(
        "pk", "personal_number"
    ):
        chosen = taken[pk]
        rows.append(
            [
                personal_number,
                month,
                organisation.municipality_code,
                *["1" if code in chosen else "0" for code in codes],
                ended[pk][1] if pk in ended else "",
            ]
        )
    return MonthlyFile(
        organisation=organisation,
        period=period,
        header=[*FIXED_COLUMNS, *[f"insats_{code}" for code in codes], CLOSURE_COLUMN],
        rows=rows,
        activity_codes=[(code, labels[code]) for code in codes],
    )
