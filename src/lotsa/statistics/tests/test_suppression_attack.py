"""An attacker's view of every published table: for each hidden cell, the tightest whole-number
bounds a reader can derive from what the table publishes, and a failure when any hidden cell is
narrowed.

The reader here is written from the published output alone (the cells' texts, which totals a
table has, the published means and shares), independently of lotsa.core.suppression. The reader
knows: shown numbers; every total is the sum of its row or column; counts are whole numbers, not
negative (so a total of 0 makes its cells 0); a mean or share lies within half its last digit.
By integer programming (scipy's HiGHS) it finds each hidden cell's lowest and highest possible
value, and fails when the two are less than the threshold (5) apart. It also checks that every
"<5" is 1–4 and every ".." at least 5 (never a zero the reader could work out).

Tables: the board report (every section, the chosen and the previous period), SKR's categories,
long-term support, the socio-economic evaluation, the survey results page, equal access per
district and per target group — on the demo data and on generated data (`lotsa generate`).
"""

import datetime
import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pytest
from django.utils import timezone
from scipy.optimize import Bounds, LinearConstraint, milp

from lotsa.organisations.models import Organisation
from lotsa.statistics.evaluation import evaluation, long_term
from lotsa.statistics.periods import Period, year
from lotsa.statistics.report import ReportFilter, board_report, report_actor
from lotsa.statistics.skr import skr_tables
from lotsa.statistics.tables import Cell, Table, TableMean, publish

pytestmark = pytest.mark.django_db
K = 5
BIG = 10**9


@dataclass
class Reader:
    """What one published table tells a reader: cells by key (an int, or "<5" / ".."), sums
    (total key, part keys) and ratios (weights, denominator keys, value, half step, scale)."""

    name: str
    cells: dict[Any, int | str] = field(default_factory=dict)
    truth: dict[Any, int] = field(default_factory=dict)
    sums: list[tuple[Any, list[Any]]] = field(default_factory=list)
    ratios: list[tuple[dict[Any, float], list[Any], float, float, float]] = field(
        default_factory=list
    )

    def hidden(self) -> list[Any]:
        return sorted((key for key, v in self.cells.items() if isinstance(v, str)), key=repr)

    def bounds(self) -> dict[Any, tuple[int, int]]:
        hidden = self.hidden()
        index = {key: k for k, key in enumerate(hidden)}
        rows, lows, highs = [], [], []

        def add(coefficients: dict[Any, float], low: float, high: float) -> None:
            row, constant = np.zeros(len(hidden)), 0.0
            for key, c in coefficients.items():
                if key in index:
                    row[index[key]] += c
                else:
                    constant += c * int(self.cells[key])
            if row.any():
                rows.append(row)
                lows.append(low - constant)
                highs.append(high - constant)
            else:
                assert low - 1e-6 <= constant <= high + 1e-6, (
                    f"{self.name}: published figures disagree"
                )

        for total, parts in self.sums:
            add({**{p: 1.0 for p in parts}, total: -1.0}, 0.0, 0.0)
        for weights, denominator, value, half, scale in self.ratios:
            for edge, low, high in ((value + half, -np.inf, 0.0), (value - half, 0.0, np.inf)):
                coefficients: dict[Any, float] = {}
                for key, w in weights.items():
                    coefficients[key] = coefficients.get(key, 0.0) + scale * w
                for key in denominator:
                    coefficients[key] = coefficients.get(key, 0.0) - edge
                add(coefficients, low, high)
        lower, upper = [0] * len(hidden), [BIG] * len(hidden)
        constraints = [LinearConstraint(np.array(rows), lows, highs)] if rows else []
        found = {}
        for key in hidden:
            ends = []
            for sign in (1.0, -1.0):
                c = np.zeros(len(hidden))
                c[index[key]] = sign
                result = milp(
                    c,
                    integrality=np.ones(len(hidden)),
                    bounds=Bounds(lower, upper),
                    constraints=constraints,
                )
                assert result.x is not None, f"{self.name}: no table fits what is published"
                ends.append(round(result.x[index[key]]))
            found[key] = (ends[0], ends[1])
        return found

    def leaks(self) -> list[str]:
        problems = []
        for key, text in self.cells.items():
            true = self.truth.get(key)
            if true is None:
                continue
            if text == f"<{K}":
                assert 1 <= true < K, f"{self.name} {key}: '<{K}' on {true}"
            elif text == "..":
                assert true >= K, f"{self.name} {key}: '..' on {true} (a reader assumes >= {K})"
        for key, (low, high) in self.bounds().items():
            if high - low < K:
                problems.append(f"{self.name} {key}: {self.cells[key]!r} narrowed to {low}–{high}")
        return problems


def _text(cell: Cell) -> int | str:
    return cell.text if cell.hidden else int(cell.value or 0)


def readers_of_table(table: Table, name: str = "") -> list[Reader]:
    """One reader per period block of a published count table."""
    if table.kind != "count":
        return []
    published = publish(table, below=K)
    width = published.width_per_period
    h = len(published.rows)
    readers = []
    matrices = [table.current, table.previous][: published.period_count]
    for period, matrix in enumerate(matrices):
        reader = Reader(f"{name or table.key}[{period}]")
        for i, (_label, cells) in enumerate(published.rows):
            for j, cell in enumerate(cells[period * width : (period + 1) * width]):
                reader.cells[(i, j)] = _text(cell)
                reader.truth[(i, j)] = int(cell.value or 0)
        body_h = h - (1 if published.has_total_row else 0)
        body_w = width - (1 if table.row_totals else 0)
        if published.has_total_row:
            for j in range(width):
                reader.sums.append(((body_h, j), [(i, j) for i in range(body_h)]))
        if table.row_totals:
            for i in range(h):
                reader.sums.append(((i, body_w), [(i, j) for j in range(body_w)]))
        means = published.means or []
        if table.mean is not None and period < len(means) and means[period] is not None:
            weights = {(i, 0): w for i, w in enumerate(table.mean.weights)}
            half = 0.5 * 10**-table.mean.decimals
            reader.ratios.append((weights, [(body_h, 0)], float(means[period]), half, 1.0))
        assert matrix is not None
        readers.append(reader)
    return readers


def survey_readers(organisation: Organisation, start: datetime.date, end: datetime.date):
    from lotsa.surveys.queries import survey_results

    readers = []
    for survey in survey_results(report_actor(organisation), start, end):
        for question in survey.questions:
            if not question.shown or not question.distribution:
                continue
            reader = Reader(f"survey {survey.name}: {question.text}")
            keys = list(question.distribution)
            for i, key in enumerate(keys):
                reader.cells[(i, 0)] = question.distribution[key]
                reader.truth[(i, 0)] = question.counts[key]
            reader.cells[(len(keys), 0)] = question.answers
            reader.sums.append(((len(keys), 0), [(i, 0) for i in range(len(keys))]))
            if question.mean is not None:
                weights = {(i, 0): float(key) for i, key in enumerate(keys)}
                reader.ratios.append((weights, [(len(keys), 0)], question.mean, 0.005, 1.0))
            readers.append(reader)
    return readers


def equal_access_readers(organisation: Organisation, start: datetime.date, end: datetime.date):
    from lotsa.decisions.queries import (
        decisions_by_district,
        decisions_by_target_group,
        equal_access_published,
    )

    actor = report_actor(organisation)
    readers = []
    for name, rows in (
        ("equal access by district", decisions_by_district(actor, start, end)),
        ("equal access by target group", decisions_by_target_group(actor, start, end)),
    ):
        reader = Reader(name)
        for i, (row, shown) in enumerate(zip(rows, equal_access_published(rows), strict=True)):
            for j, field_name in enumerate(("applications", "granted", "rejected")):
                text = getattr(shown, field_name)
                reader.cells[(i, j)] = text if text in (f"<{K}", "..") else int(text)
                reader.truth[(i, j)] = getattr(row, field_name)
            if shown.granted_share != "–":
                value = float(shown.granted_share.removesuffix(" %"))
                reader.ratios.append(({(i, 1): 1.0}, [(i, 1), (i, 2)], value, 0.5, 100.0))
        readers.append(reader)
    return readers


def every_reader(organisations: Iterable[Organisation], today: datetime.date) -> list[Reader]:
    readers: list[Reader] = []
    periods = [Period(datetime.date(today.year, 1, 1), today), year(today.year - 1)]
    for organisation in organisations:
        for period in periods:
            report_filter = ReportFilter(organisation=organisation, period=period)
            for table in board_report(report_filter).tables():
                readers += readers_of_table(table, f"{organisation.name} {period} {table.key}")
            result = evaluation(report_filter)
            analyses = [
                *long_term(report_filter),
                result.summary,
                result.per_payer,
                result.transitions,
            ]
            for table in analyses:
                readers += readers_of_table(table, f"{organisation.name} {period} {table.key}")
            readers += survey_readers(organisation, period.start, period.end)
            readers += equal_access_readers(organisation, period.start, period.end)
        report_filter = ReportFilter(organisation=organisation, period=year(today.year - 1))
        for table in skr_tables(report_filter):
            readers += readers_of_table(table, f"{organisation.name} SKR {table.key}")
    return readers


def _assert_no_leaks(readers: list[Reader]) -> None:
    assert readers, "nothing was published"
    assert any(reader.hidden() for reader in readers), "no table hid anything: a weak test"
    problems = []
    for reader in readers:
        found = reader.leaks()
        if found:
            problems += [*found, f"  published: {reader.cells}", f"  true: {reader.truth}"]
    assert not problems, "\n".join(problems)


# -- the known leaks ------------------------------------------------------------------------


def test_skr_gender_row_with_an_empty_column_does_not_give_kvinna_away():
    """Kvinna <5, Man 7, Annat '..', Totalt 9 with the Annat column 0: Kvinna = 2 on main."""
    table = Table(
        key="skr_gender",
        title="Deltagare per SKR-kategori och kön",
        definition="",
        row_header="Kategori",
        rows=["A", "B", "C"],
        columns=["Kvinna", "Man", "Annat"],
        current=[[2, 7, 0], [10, 12, 0], [6, 9, 0]],
        column_totals=True,
        row_totals=True,
    )
    readers = readers_of_table(table)
    assert readers[0].cells[(0, 0)] == "<5"
    assert readers[0].cells[(0, 2)] == 0  # a zero is never "..": the reader knows it anyway
    _assert_no_leaks(readers)


def test_a_survey_mean_does_not_give_a_suppressed_distribution_away():
    # 20 answers: 3 × "3", 9 × "4", 8 × "5"; mean 4.25. With the mean and the total published,
    # hiding the 3 and one more would still pin both: the mean is withheld or more is hidden.
    table = Table(
        key="survey",
        title="Enkät",
        definition="",
        row_header="Svar",
        rows=["1", "2", "3", "4", "5"],
        columns=["Antal svar"],
        current=[[0], [0], [3], [9], [8]],
        column_totals=True,
        mean=TableMean("Medelvärde 1–5", [1.0, 2.0, 3.0, 4.0, 5.0]),
    )
    readers = readers_of_table(table)
    assert readers[0].cells[(2, 0)] == "<5"
    _assert_no_leaks(readers)


# -- every published table --------------------------------------------------------------------


def test_no_hidden_cell_can_be_narrowed_on_the_demo_data():
    from lotsa.demo.builders import build_demo

    today = timezone.localdate()
    build_demo(rng=random.Random(2026), today=today, participants=300)
    _assert_no_leaks(every_reader(Organisation.objects.order_by("name"), today))


def _generated(participants: int) -> list[Organisation]:
    from lotsa.scale.generator import GenerateOptions, generate

    result = generate(GenerateOptions(participants=participants, seed=11, audit_per_participant=1))
    return list(Organisation.objects.filter(pk__in=result.organisation_ids).order_by("pk"))


def test_no_hidden_cell_can_be_narrowed_on_generated_data():
    _assert_no_leaks(every_reader(_generated(400), timezone.localdate()))


@pytest.mark.slow
def test_no_hidden_cell_can_be_narrowed_on_20000_generated_participants():
    _assert_no_leaks(every_reader(_generated(20000), timezone.localdate()))
