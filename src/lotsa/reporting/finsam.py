"""Uppföljning Finsam: a coordination association's insatser for a calendar year.

Per insats (`FinsamInsats`): its inriktning (individual or structural), target group, budget and
outcome for the year (`FinsamInsatsYear`), and its participants split by gender — the persons
with a case at the unit that runs the insats, open some day of the year. Where the association
follows individuals (`follows_individuals`), the main income source and education before and
after: from the mapping "Vid start" (the first) and "Vid avslut" (the last) of the cases that
closed in the year. Source: Nationella rådet för finansiell samordning, the follow-up system
for financial coordination (SUS / Uppföljning Finsam), as docs/statistics.md reads it.

The row-level list (`FinsamReport.rows`) names a person (personnummer) only when the person
has consented (the consent recorded on the referral that opened the case) and has no protected
identity, and the reader may see them; everyone else is anonymous: gender and start year only.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from lotsa.assessments.constants import Education, IncomeSource, MappingOccasion
from lotsa.assessments.models import Mapping
from lotsa.cases.models import Case
from lotsa.organisations.models import Organisation
from lotsa.people.constants import Gender
from lotsa.people.models import Participant
from lotsa.people.policy import visible_participants_q
from lotsa.reporting.models import FinsamInsats, FinsamInsatsYear, Orientation
from lotsa.reporting.skr import open_in, require_calendar_year
from lotsa.statistics.periods import Period
from lotsa.statistics.tables import Table

if TYPE_CHECKING:
    from lotsa.organisations.models import User

MISSING = "missing"
ROW_HEADER = (
    "insats",
    "personnummer",
    "kon",
    "startar",
    "forsorjning_fore",
    "forsorjning_efter",
    "utbildning_fore",
    "utbildning_efter",
)


class NotAnAssociationError(ValueError):
    """Uppföljning Finsam is for coordination associations only."""


@dataclass
class Before:
    """What the start and the closure mapping recorded for one closed case."""

    income: tuple[str, str] = (MISSING, MISSING)
    education: tuple[str, str] = (MISSING, MISSING)


@dataclass
class FinsamReport:
    organisation: Organisation
    period: Period
    insatser: list[FinsamInsats]
    participants: dict[int, dict[str, int]]  # insats → gender → persons
    before_after: dict[int, dict[str, dict[str, list[int]]]]  # insats → income|education → …
    rows: list[list[str]] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)

    @property
    def title(self) -> str:
        return _("Uppföljning Finsam %(year)s") % {"year": self.period.start.year}

    @property
    def filename(self) -> str:
        return f"finsam-{self.period.start.year}"

    def csv_rows(self) -> list[list[str]]:
        return [list(ROW_HEADER), *self.rows]


def _mappings(case_ids: list[int]) -> dict[int, Before]:
    """Per case: (start, closure) income source and education; MISSING where not mapped."""
    found: dict[int, dict[str, tuple[str, str]]] = defaultdict(dict)
    for case_id, occasion, income, education in (
        Mapping.objects.filter(
            case_id__in=case_ids, occasion__in=[MappingOccasion.START, MappingOccasion.CLOSURE]
        )
        .order_by("case_id", "mapped_on", "pk")
        .values_list("case_id", "occasion", "main_income_source", "education")
    ):
        if occasion == MappingOccasion.START:
            found[case_id].setdefault(MappingOccasion.START, (income, education))  # the first
        else:
            found[case_id][MappingOccasion.CLOSURE] = (income, education)  # the last
    out = {}
    for case_id, by_occasion in found.items():
        start = by_occasion.get(MappingOccasion.START, (MISSING, MISSING))
        end = by_occasion.get(MappingOccasion.CLOSURE, (MISSING, MISSING))
        out[case_id] = Before(income=(start[0], end[0]), education=(start[1], end[1]))
    return out


def produce_finsam(
    organisation: Organisation, period: Period, *, actor: "User | None" = None
) -> FinsamReport:
    """The association's insatser for one calendar year (five queries, whatever their number);
    PeriodError for another period, NotAnAssociationError for a municipality."""
    require_calendar_year(period)
    if not organisation.is_coordination_association:
        raise NotAnAssociationError(
            _("Uppföljning Finsam gäller samordningsförbund; %(name)s är en kommun.")
            % {"name": organisation.name}
        )
    the_year = period.start.year
    insatser: list[FinsamInsats] = list(
        FinsamInsats.objects.filter(organisation=organisation)
        .select_related("unit")
        .prefetch_related(
            Prefetch(
                "years", queryset=FinsamInsatsYear.objects.filter(year=the_year), to_attr="chosen"
            )
        )
        .order_by("name")
    )
    units = {insats.unit_id for insats in insatser if insats.unit_id}
    cases = list(
        Case.objects.filter(organisation=organisation, unit_id__in=units)
        .filter(open_in(period))
        .order_by("participant__personal_number", "start_date", "pk")
        .values_list(
            "pk",
            "unit_id",
            "participant_id",
            "participant__gender",
            "start_date",
            "closed_on",
            "referral__consent_given_on",
        )
    )
    closed_ids = [row[0] for row in cases if row[5] is not None and row[5] <= period.end]
    mapped = _mappings(closed_ids)
    people = Participant.objects.filter(organisation=organisation, pk__in={row[2] for row in cases})
    if actor is not None:
        people = people.filter(visible_participants_q(actor))
    named = dict(people.filter(is_protected=False).values_list("pk", "personal_number"))
    visible = set(named)

    genders = Gender.values
    participants: dict[int, dict[str, int]] = {}
    before_after: dict[int, dict[str, dict[str, list[int]]]] = {}
    rows: list[list[str]] = []
    for insats in insatser:
        own = [row for row in cases if row[1] == insats.unit_id] if insats.unit_id else []
        per_gender: dict[str, set[int]] = defaultdict(set)
        for _pk, _unit, participant_id, gender, *_rest in own:
            per_gender[gender].add(participant_id)
        participants[insats.pk] = {gender: len(per_gender[gender]) for gender in genders}
        if not insats.follows_individuals:
            continue
        counts: dict[str, dict[str, list[int]]] = {
            "income": {key: [0, 0] for key in [*IncomeSource.values, MISSING]},
            "education": {key: [0, 0] for key in [*Education.values, MISSING]},
        }
        for pk, _unit, participant_id, gender, start, _closed_on, consent in own:
            follow = mapped.get(pk, Before()) if pk in closed_ids else None
            if follow is not None:
                for k in (0, 1):
                    counts["income"][follow.income[k]][k] += 1
                    counts["education"][follow.education[k]][k] += 1
            identified = consent is not None and participant_id in visible
            answers = [*follow.income, *follow.education] if follow is not None else [""] * 4
            rows.append(
                [
                    insats.name,
                    named[participant_id] if identified else "",
                    gender,
                    str(start.year),
                    *([_code(a) for a in answers] if identified else [""] * 4),
                ]
            )
        before_after[insats.pk] = counts
    report = FinsamReport(
        organisation=organisation,
        period=period,
        insatser=insatser,
        participants=participants,
        before_after=before_after,
        rows=rows,
    )
    report.tables = _tables(report)
    return report


def _code(answer: str) -> str:
    return "" if answer == MISSING else answer


def _label(insats: FinsamInsats) -> str:
    return _("%(name)s (%(orientation)s; målgrupp: %(group)s)") % {
        "name": insats.name,
        "orientation": insats.get_orientation_display(),
        "group": insats.target_group,
    }


def _tables(report: FinsamReport) -> list[Table]:
    insatser = report.insatser
    labels = [_label(insats) for insats in insatser]
    money: list[list[Any]] = []
    for insats in insatser:
        chosen = getattr(insats, "chosen", [])
        row = chosen[0] if chosen else None
        money.append([row.budget if row else None, row.outcome if row else None])
    individual = [i for i in insatser if i.orientation == Orientation.INDIVIDUAL and i.unit_id]
    tables = [
        Table(
            key="finsam_insatser",
            title=_("Insatser: budget och utfall (kr)"),
            definition=_(
                "Förbundets insatser med inriktning och målgrupp, och den budget och det "
                "utfall som registrerats för året. – betyder att uppgift saknas."
            ),
            row_header=_("Insats"),
            rows=labels,
            columns=[_("Budget"), _("Utfall")],
            current=money,
            kind="measure",
            unit="kr",
        ),
        Table(
            key="finsam_participants",
            title=_("Deltagare per insats och kön"),
            definition=_(
                "Personer med ett ärende vid enheten som genomför insatsen, öppet någon dag "
                "under året. Strukturövergripande insatser har inga deltagare."
            ),
            row_header=_("Insats"),
            rows=[_label(insats) for insats in individual],
            columns=[str(label) for label in Gender.labels],
            current=[
                [report.participants[insats.pk][gender] for gender in Gender.values]
                for insats in individual
            ],
            column_totals=True,
            row_totals=True,
        ),
    ]
    income_labels = {**dict(IncomeSource.choices), MISSING: _("Uppgift saknas")}
    education_labels = {**dict(Education.choices), MISSING: _("Uppgift saknas")}
    for insats in insatser:
        counts = report.before_after.get(insats.pk)
        if counts is None:
            continue
        for kind, title, names in (
            ("income", _("Huvudsaklig försörjning före och efter"), income_labels),
            ("education", _("Utbildning före och efter"), education_labels),
        ):
            keys = list(counts[kind])
            tables.append(
                Table(
                    key=f"finsam_{kind}_{insats.pk}",
                    title=f"{insats.name}: {title}",
                    definition=_(
                        "Ärenden som avslutades under året, efter kartläggningen vid start "
                        "(den första) och vid avslut (den sista). Uppgift saknas: ingen sådan "
                        "kartläggning."
                    ),
                    row_header=_("Uppgift"),
                    rows=[str(names[key]) for key in keys],
                    columns=[_("Vid inskrivning"), _("Vid avslut")],
                    current=[counts[kind][key] for key in keys],
                    column_totals=True,
                )
            )
    return tables


def budget_total(report: FinsamReport) -> Decimal:
    return sum(
        (row.budget for insats in report.insatser for row in getattr(insats, "chosen", [])),
        Decimal(0),
    )
