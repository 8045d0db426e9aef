"""The board report's statements are built and compiled once per filter and periods: asked
again, the report sends the same SQL without building a queryset, and publishes the same
figures and marks. Runs on SQLite and PostgreSQL (set DATABASE_URL for the latter)."""

from typing import Any

import pytest
from django.db import connection
from django.db.models.sql.compiler import SQLCompiler
from django.test.utils import CaptureQueriesContext

from lotsa.core import statements
from lotsa.organisations.models import Organisation
from lotsa.statistics import flows
from lotsa.statistics.report import ReportFilter, board_report
from lotsa.statistics.tables import publish
from lotsa.statistics.tests.test_flows import _filters

pytestmark = pytest.mark.django_db


@pytest.fixture
def generated(db):
    from lotsa.scale.generator import GenerateOptions, generate

    result = generate(GenerateOptions(participants=400, seed=11, audit_per_participant=0))
    return list(Organisation.objects.filter(pk__in=result.organisation_ids).order_by("pk"))


def _published(report_filter: ReportFilter) -> list[Any]:
    found = []
    for table in board_report(report_filter).tables():
        shown = publish(table)
        cells = [(label, [(c.text, c.hidden) for c in row]) for label, row in shown.rows]
        found.append((table.key, shown.header, shown.means, cells))
    return found


def _compiles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A list that grows by one for every SELECT the ORM compiles from now on."""
    calls: list[str] = []
    original = SQLCompiler.as_sql

    def counting(self: SQLCompiler, *args: Any, **kwargs: Any) -> Any:
        calls.append(self.query.model.__name__ if self.query.model else "")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(SQLCompiler, "as_sql", counting)
    return calls


def test_a_report_asked_again_is_compiled_once(generated, monkeypatch):
    statements.clear()
    flows.clear()
    compared = 0
    for organisation in generated:
        for report_filter in _filters(organisation):
            with CaptureQueriesContext(connection) as first_queries:
                first = _published(report_filter)
            compiles = _compiles(monkeypatch)
            with CaptureQueriesContext(connection) as second_queries:
                second = _published(report_filter)
            monkeypatch.undo()
            assert second == first, report_filter.describe()
            sent = [query["sql"] for query in second_queries.captured_queries]
            assert sent == [query["sql"] for query in first_queries.captured_queries]
            # Only the organisation's chosen follow-up months (outcomes.services) are read
            # through a queryset of their own.
            assert compiles == ["OutcomeSettings"], compiles
            compared += 1
    assert compared >= 4


def test_the_compiled_statements_follow_the_filter(generated):
    """Two filters never share a statement: a report asked after another has its own figures
    (the same as from a cold cache)."""
    organisation = generated[0]
    filters = _filters(organisation)
    statements.clear()
    flows.clear()
    cold = [_published(report_filter) for report_filter in filters]
    warm = [_published(report_filter) for report_filter in reversed(filters)]
    assert list(reversed(warm)) == cold
    assert len({repr(found) for found in cold}) > 1, "every filter the same report: a weak test"
