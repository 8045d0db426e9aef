"""The board's one-page summary: key figures for a year beside up to five previous years.

The figures are a registry (`key_figures`), so another module can add its own (Kolada's key
figures, say) in its `extensions.py` without touching this one. A figure takes a `YearSource`
— one year's board-report builder, whose tables are built once and shared by every figure —
and returns the year's value and its basis (the number of people or cases it is computed over).
The figures come from the same builder methods as the board report, so the two pages agree;
suppression is the board report's: a count below the threshold, or a measure whose basis is,
is hidden (`tables.publish`).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lotsa.core.registry import Registry
from lotsa.organisations.models import Organisation
from lotsa.statistics.evaluation import evaluation
from lotsa.statistics.periods import year as year_period
from lotsa.statistics.report import BoardReportBuilder, ReportFilter
from lotsa.statistics.sections import _step_change, placements
from lotsa.statistics.suppression import suppress_below
from lotsa.statistics.tables import Table
from lotsa.surveys.constants import QuestionKind
from lotsa.surveys.queries import survey_results

YEARS_BACK = 5  # the year and up to five previous years

Value = int | float | None


class YearSource:
    """One year's figures, each board-report table built once (figures share them)."""

    def __init__(self, organisation: Organisation, year: int) -> None:
        self.year = year
        self.filter = ReportFilter(organisation=organisation, period=year_period(year))
        self.builder = BoardReportBuilder(self.filter)
        self._cache: dict[str, Any] = {}

    def cached(self, name: str, build: Callable[[], Any]) -> Any:
        if name not in self._cache:
            self._cache[name] = build()
        return self._cache[name]

    def table(self, method: str) -> Any:
        """A board-report builder method's result (a Table or a tuple of them)."""
        return self.cached(method, getattr(self.builder, method))


@dataclass(frozen=True)
class KeyFigure:
    key: str
    label: str | Promise
    unit: str | Promise  # "", "%", "dagar", "kr"
    definition: str | Promise
    compute: Callable[[YearSource], tuple[Value, int]]  # (value, basis)
    kind: str = "measure"  # "count": the value is its own basis


key_figures: Registry[KeyFigure] = Registry("board summary key figures")


def _flow(row: int) -> Callable[[YearSource], tuple[Value, int]]:
    def compute(source: YearSource) -> tuple[Value, int]:
        value = source.table("flow_overview").current[row][0]
        return value, value

    return compute


def _work_or_studies(source: YearSource) -> tuple[Value, int]:
    share: Table = source.table("work_or_studies")[1]
    assert share.current_basis is not None  # noqa: S101 - a measure table has its basis
    return share.current[0][0], share.current_basis[0][0]


def _times(row: int) -> Callable[[YearSource], tuple[Value, int]]:
    def compute(source: YearSource) -> tuple[Value, int]:
        times: Table = source.table("times")
        assert times.current_basis is not None  # noqa: S101
        return times.current[row][0], times.current_basis[row][0]

    return compute


def _still_in_work(months: int) -> Callable[[YearSource], tuple[Value, int]]:
    def compute(source: YearSource) -> tuple[Value, int]:
        still: Table = source.table("outcomes")[1]
        label = _("%(months)s mån") % {"months": months}
        if label not in still.columns:
            return None, 0
        column = still.columns.index(label)
        in_work, not_in_work = still.current[0][column], still.current[1][column]
        followed = in_work + not_in_work
        # Both counts show through a share and its base: the share needs five of each.
        small = any(0 < count < suppress_below() for count in (in_work, not_in_work))
        share = round(100 * in_work / followed, 1) if followed else None
        return share, 0 if small else followed

    return compute


def _step_change_share(source: YearSource) -> tuple[Value, int]:
    period = source.filter.period
    merged = source.cached(
        "steps", lambda: _step_change(source.builder, [(period.start, period.end)])[0]
    )
    up = sum(row["up"] for row in merged.values())
    assessed = sum(row["up"] + row["same"] + row["down"] for row in merged.values())
    small = any(0 < count < suppress_below() for count in (up, assessed - up))
    return (round(100 * up / assessed, 1) if assessed else None), 0 if small else assessed


def _satisfaction(source: YearSource) -> tuple[Value, int]:
    period = source.filter.period
    results = source.cached(
        "surveys", lambda: survey_results(source.builder.actor, period.start, period.end)
    )
    weighted, answers = 0.0, 0
    for survey in results:
        for question in survey.questions:
            if question.kind != QuestionKind.SCALE or not question.shown:
                continue
            for key, count in question.counts.items():
                weighted += float(key) * count
                answers += count
    return (round(weighted / answers, 2) if answers else None), answers


def _employment_cost(column: int) -> Callable[[YearSource], tuple[Value, int]]:
    def compute(source: YearSource) -> tuple[Value, int]:
        section = source.cached("placements", lambda: placements(source.builder))
        costs: Table = section.tables[1]
        assert costs.current_basis is not None  # noqa: S101
        value = costs.current[-1][column]  # "Alla anställningar"
        return (int(value) if value is not None else None), costs.current_basis[-1][column]

    return compute


def _evaluation_net(source: YearSource) -> tuple[Value, int]:
    result = source.cached("evaluation", lambda: evaluation(source.filter))
    return round(result.public_net), result.participants


for _order, _figure in enumerate(
    (
        KeyFigure(
            "new",
            gettext_lazy("Nya deltagare"),
            "",
            gettext_lazy("Personer vars ärende startade."),
            _flow(0),
            "count",
        ),
        KeyFigure(
            "active",
            gettext_lazy("Aktiva deltagare"),
            "",
            gettext_lazy("Personer med ärende någon dag."),
            _flow(1),
            "count",
        ),
        KeyFigure(
            "closed",
            gettext_lazy("Avslutade deltagare"),
            "",
            gettext_lazy("Personer vars ärende avslutades."),
            _flow(2),
            "count",
        ),
        KeyFigure(
            "work_or_studies",
            gettext_lazy("Andel till arbete eller studier inom 18 månader"),
            "%",
            gettext_lazy("Av ärendena som startade 18 månader före året (Koladas definition)."),
            _work_or_studies,
        ),
        KeyFigure(
            "waiting",
            gettext_lazy("Väntetid, median"),
            gettext_lazy("dagar"),
            gettext_lazy("Dagar från remiss till start."),
            _times(0),
        ),
        KeyFigure(
            "support_time",
            gettext_lazy("Tid i stöd, median"),
            gettext_lazy("dagar"),
            gettext_lazy("Dagar från start till avslut."),
            _times(2),
        ),
        KeyFigure(
            "still_6",
            gettext_lazy("Fortfarande i arbete efter 6 månader"),
            "%",
            gettext_lazy("Av de avslutade till arbete som följts upp."),
            _still_in_work(6),
        ),
        KeyFigure(
            "still_12",
            gettext_lazy("Fortfarande i arbete efter 12 månader"),
            "%",
            gettext_lazy("Av de avslutade till arbete som följts upp."),
            _still_in_work(12),
        ),
        KeyFigure(
            "step_change",
            gettext_lazy("Andel bedömningar som gick upp"),
            "%",
            gettext_lazy("Stegförflyttning: förbättrade av alla bedömda, alla områden."),
            _step_change_share,
        ),
        KeyFigure(
            "satisfaction",
            gettext_lazy("Nöjdhet, medelvärde 1–5"),
            "",
            gettext_lazy("Alla skalfrågor i enkäterna, bara frågor med minst fem svar."),
            _satisfaction,
        ),
        KeyFigure(
            "employment_cost",
            gettext_lazy("Kommunens del av lönekostnaden för anställningar med stöd"),
            "kr",
            gettext_lazy("Lönekostnad minus Arbetsförmedlingens bidrag."),
            _employment_cost(2),
        ),
        KeyFigure(
            "employment_grant",
            gettext_lazy("Arbetsförmedlingens bidrag för anställningar"),
            "kr",
            gettext_lazy("Enligt placeringarnas kostnadsuppgifter."),
            _employment_cost(1),
        ),
        KeyFigure(
            "evaluation",
            gettext_lazy("Samhällsekonomisk utvärdering: offentliga betalare netto"),
            "kr",
            gettext_lazy("Över utvärderingens tidshorisont, negativt = besparing."),
            _evaluation_net,
        ),
    )
):
    key_figures.register(_figure.key, _figure, order=10 * (_order + 1))


@dataclass
class Summary:
    years: list[int]
    figures: list[KeyFigure]
    table: Table  # rows = figures, columns = years (oldest first)


def board_summary(organisation: Organisation, year: int, first_year: int | None = None) -> Summary:
    """Every key figure for `year` and up to five previous years (not before `first_year`)."""
    start = year - YEARS_BACK if first_year is None else max(year - YEARS_BACK, first_year)
    years = list(range(start, year + 1))
    sources = [YearSource(organisation, number) for number in years]
    figures = list(key_figures)
    values: list[list[Value]] = []
    bases: list[list[int]] = []
    for figure in figures:
        row = [figure.compute(source) for source in sources]
        values.append([value for value, _basis in row])
        # A count is its own basis; zero is published (nobody, nothing to protect).
        bases.append(
            [
                suppress_below() if figure.kind == "count" and not basis else basis
                for value, basis in row
            ]
        )
    table = Table(
        key="key_figures",
        title=_("Nyckeltal %(first)s–%(last)s") % {"first": years[0], "last": years[-1]},
        definition=_(
            "Samma definitioner som styrelserapporten, för varje kalenderår. Ett tal som bygger "
            "på färre än fem personer visas inte."
        ),
        row_header=_("Nyckeltal"),
        rows=[f"{figure.label}{f' ({figure.unit})' if figure.unit else ''}" for figure in figures],
        columns=[str(number) for number in years],
        current=values,
        current_basis=bases,
        kind="measure",
    )
    return Summary(years=years, figures=figures, table=table)
