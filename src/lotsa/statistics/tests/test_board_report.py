"""The board report on the hand-built organisation (handbuilt.py): every figure by hand."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lotsa.cases.tests.factories import CaseFactory
from lotsa.statistics.report import ReportFilter, board_report
from lotsa.statistics.tables import publish
from lotsa.statistics.tests import handbuilt

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return handbuilt.build()


def _tables(world, **filters):
    report = board_report(
        ReportFilter(organisation=world["organisation"], period=handbuilt.PERIOD, **filters)
    )
    return {table.key: table for table in report.tables()}


def test_participants_new_active_and_closed(world):
    flow = _tables(world)["flow"]
    # new: B, C; active: A, B, C, D (E closed before); closed: A, C
    assert flow.current == [[2], [4], [2]]
    # previous period (the same months of 2024): none new; active D, E, F; closed E, F
    assert flow.previous == [[0], [3], [2]]


def test_by_gender_and_the_breakdown_adds_up(world):
    gender = _tables(world)["gender"]
    assert gender.rows[:2] == ["Kvinna", "Man"]
    # woman: new C; active A, C; closed A, C.  man: new B; active B, D; closed none.
    assert gender.current == [[1, 2, 2], [1, 2, 0], [0, 0, 0]]
    flow = _tables(world)["flow"]
    assert [sum(column) for column in zip(*gender.current, strict=True)] == [
        row[0] for row in flow.current
    ]


def test_by_age_band_on_the_last_day_of_the_period(world):
    age = _tables(world)["age"]
    assert age.rows == ["16–24", "25–29", "30–54", "55–64", "65+"]
    # C is 20, A 25, B 35, D 60 on 2025-06-30
    assert age.current == [[1, 1, 1], [0, 1, 1], [1, 1, 0], [0, 1, 0], [0, 0, 0]]


def test_waiting_time_and_time_in_support_by_nearest_rank(world):
    times = _tables(world)["times"]
    # waiting: B 20, C 30 -> median (rank 1) 20, 90th (rank 2) 30
    # support: A 2024-10-01..2025-02-15 = 137 days, C 2025-03-01..2025-06-01 = 92 days
    assert times.current == [[20], [30], [92], [137]]
    assert times.current_basis == [[2], [2], [2], [2]]
    # previous (2024-01-01 – 2024-06-30): none started; E closed after 131 days, F after 305
    assert times.previous == [[None], [None], [131], [305]]


def test_closures_by_reason(world):
    closures = _tables(world)["closures"]
    current = dict(zip(closures.rows, [row[0] for row in closures.current], strict=True))
    assert current["Arbete utan subvention"] == 1
    assert current["Studier"] == 1
    assert sum(current.values()) == 2


def test_share_in_work_or_studies_within_18_months(world):
    tables = _tables(world)
    # cohort 2023-07-01..2023-12-31: E (moved) and F (work with subsidy after 305 days)
    assert tables["work_studies_counts"].current == [[1], [1]]
    assert tables["work_studies_share"].current == [[50.0]]
    # previous cohort 2022-07-01..2022-12-31: nobody started
    assert tables["work_studies_counts"].previous == [[0], [0]]
    # one of two: publishing the share would reveal the small count
    assert tables["work_studies_share"].current_basis == [[0]]


def test_follow_up_after_closure(world):
    tables = _tables(world)
    outcomes = tables["outcomes"]
    # Every closure also gets a follow-up one month after (the national reports, reporting).
    assert outcomes.columns == ["1 mån", "6 mån", "12 mån"]
    rows = dict(zip(outcomes.rows, outcomes.current, strict=True))
    # due in the period: E 12 months (no support), F 12 months (in work), A 1 month (not yet)
    assert rows["I arbete"] == [0, 0, 1]
    assert rows["Inget stöd, ingen sysselsättning"] == [0, 0, 1]
    assert rows["Ännu inte registrerad"] == [1, 0, 0]
    previous = dict(zip(outcomes.rows, outcomes.previous, strict=True))
    # due in the previous period (2024-01-01 – 2024-06-30): only E's one month (2024-02-10)
    assert previous["I arbete"] == [0, 0, 0]
    assert previous["Ännu inte registrerad"] == [1, 0, 0]
    # F closed to work: still in work at 12 months (and at 6, previously); nobody not in work
    assert tables["still_in_work"].current == [[0, 0, 1], [0, 0, 0]]
    assert tables["still_in_work"].previous == [[0, 0, 0], [0, 0, 0]]


def test_filters_by_unit_and_district(world):
    from lotsa.organisations.tests.factories import DistrictFactory, UnitFactory

    district = DistrictFactory(organisation=world["organisation"])
    world["B"].participant.district = district
    world["B"].participant.save()
    assert _tables(world, district=district)["flow"].current == [[1], [1], [0]]
    other = UnitFactory(organisation=world["organisation"], support=True)
    assert _tables(world, unit=other)["flow"].current == [[0], [0], [0]]


def test_small_counts_are_published_as_under_five(world):
    published = publish(_tables(world)["gender"], below=5)
    texts = [cell.text for _label, cells in published.rows for cell in cells]
    assert "1" not in texts and "2" not in texts
    assert "<5" in texts
    raw = publish(_tables(world)["gender"], below=1)
    assert [cell.text for cell in raw.rows[0][1][:3]] == ["1", "2", "2"]


def test_the_number_of_queries_does_not_grow_with_the_data(world):
    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            board_report(ReportFilter(organisation=world["organisation"], period=handbuilt.PERIOD))
        return len(captured)

    before = count()
    for _ in range(15):
        CaseFactory(unit=world["unit"], start_date=handbuilt.D(2025, 3, 3), follow_up=False)
    assert count() == before
