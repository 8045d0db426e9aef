"""The case page's query budget with every section holding rows (issue 17, item 6): at most
CASE_PAGE_QUERIES, the same for one row per list as for several, and every row on the page.

The page reads its own lists and every panel's in one statement (lotsa.core.batch), so a
section with rows costs no more queries than an empty one."""

import datetime
from unittest import mock

import pytest
from django.db import connection
from django.db.models.sql.compiler import SQLCompiler
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lotsa.assessments.tests.factories import (
    CasePhaseFactory,
    MappingFactory,
    assess,
    small_instrument,
)
from lotsa.cases.journal.tests.factories import NoteFactory
from lotsa.cases.models import CoachHandover
from lotsa.cases.tests.factories import ActivityFactory, CaseFactory, FollowUpFactory
from lotsa.cases.tests.test_case_lists import CASE_PAGE_QUERIES
from lotsa.collaboration.models import MeetingAction
from lotsa.collaboration.tests.factories import ConsentFactory, MeetingFactory, PartnerFactory
from lotsa.core import batch
from lotsa.messaging import services as messaging_services
from lotsa.organisations.tests.factories import UserFactory
from lotsa.work import services as work_services
from lotsa.work.constants import PlacementKind, PlacementStatus
from lotsa.work.tests.factories import TrainingArenaFactory, catalogue_install

pytestmark = pytest.mark.django_db


def _fill(case, number):
    """One more row in every list the page and its panels show, named by `number`."""
    today = timezone.localdate()
    activity = ActivityFactory(case=case, description=f"Aktivitet {number}")
    note = NoteFactory(case=case, signed=True, text=f"Anteckning {number}")
    NoteFactory(case=case, amendment=True, amends=note, text=f"Tillägg {number}")
    FollowUpFactory(case=case, due_on=today + datetime.timedelta(days=number))
    partner = PartnerFactory(organisation=case.organisation, name=f"Part {number}")
    meeting = MeetingFactory(case=case)
    meeting.partners.add(partner)
    MeetingAction.objects.create(
        meeting=meeting, activity=activity, description=f"Åtgärd {number}", responsible="coach"
    )
    ConsentFactory(participant=case.participant, partners=[partner])
    MappingFactory(case=case, mapped_on=today - datetime.timedelta(days=number))
    messaging_services.thread_start(
        actor=case.coach, case=case, subject=f"Tråd {number}", body="Hej"
    )
    work_services.placement_create(
        actor=case.coach,
        case=case,
        kind=PlacementKind.WORK_TRAINING,
        arena=TrainingArenaFactory(unit=case.unit, name=f"Arena {number}"),
        starts_on=today - datetime.timedelta(days=10),
        ends_on=today + datetime.timedelta(days=30 + number),
        hours_per_week="20",
        status=PlacementStatus.ONGOING,
    )


def _count(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries), response.content.decode()


def test_case_page_with_every_section_stays_within_its_budget(client):
    case = CaseFactory()
    catalogue_install(case.organisation)
    instrument = small_instrument(case.organisation)
    module_names = [f"Modul {area}.{module}" for area in (1, 2) for module in (1, 2)]
    assess(case, instrument, case.start_date, dict.fromkeys(module_names, 2))
    CasePhaseFactory(case=case)
    previous = UserFactory(coach=True, unit=case.unit, first_name="Före", last_name="Detta")
    CoachHandover.objects.create(
        case=case,
        previous_coach=previous,
        coach=case.coach,
        note="Överlämnat",
        handed_over_on=timezone.localdate(),
        handed_over_by=case.coach,
    )
    _fill(case, 1)
    client.force_login(case.coach)
    url = reverse("cases:detail", args=[case.pk])
    client.get(url)  # the session, and the coach's read receipt of the plan
    with_one, _page = _count(client, url)
    for number in (2, 3, 4):
        _fill(case, number)
    client.get(url)  # the plan changed: the read receipt is written once
    with_four, page = _count(client, url)

    assert with_one == with_four, (with_one, with_four)
    assert with_four <= CASE_PAGE_QUERIES, f"{with_four} queries, budget {CASE_PAGE_QUERIES}"
    for number in (1, 2, 3, 4):
        for shown in (
            f"Aktivitet {number}",
            f"Anteckning {number}",
            f"Tillägg {number}",
            f"Åtgärd {number}",
            f"Part {number}",
            f"Tråd {number}",
            f"Arena {number}",
        ):
            assert shown in page, shown
    assert "Före Detta" in page  # the hand-over


def _compiles(client, url):
    """The page's text and how many querysets its request compiled."""
    calls = []
    compile_sql = SQLCompiler.as_sql

    def counted(self, *args, **kwargs):
        calls.append(self.query.model)
        return compile_sql(self, *args, **kwargs)

    with mock.patch.object(SQLCompiler, "as_sql", counted):
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(calls)


def _shown(number):
    return [
        f"{label} {number}"
        for label in ("Aktivitet", "Anteckning", "Tillägg", "Åtgärd", "Part", "Tråd", "Arena")
    ]


def _other_rows(page, number):
    """The rows of case `number` found on another case's page (an activity's description; its
    type's name comes from a factory sequence and may read "Aktivitet n" on any case)."""
    texts = [text for text in _shown(number) if not text.startswith("Aktivitet")]
    texts.append(f'<span class="muted">Aktivitet {number}</span>')
    return [text for text in texts if text in page]


def test_the_case_pages_reads_are_compiled_once_and_each_case_shows_its_own_rows(client):
    """The page's reads are kept compiled with the case's ids as parameters
    (lotsa.core.batch.compiled): the next case builds and compiles almost nothing, and shows
    its own rows, never the first case's; another coach's kept reads are their own."""
    batch.clear()
    first = CaseFactory()
    second = CaseFactory(unit=first.unit, coach=first.coach)
    catalogue_install(first.organisation)
    _fill(first, 1)
    _fill(second, 2)
    client.force_login(first.coach)
    for case in (first, second):  # the sessions and the read receipts of the plans
        client.get(reverse("cases:detail", args=[case.pk]))
    batch.clear()

    page, cold = _compiles(client, reverse("cases:detail", args=[second.pk]))
    page, _compiled = _compiles(client, reverse("cases:detail", args=[first.pk]))
    assert all(text in page for text in _shown(1))
    assert not _other_rows(page, 2)
    page, warm = _compiles(client, reverse("cases:detail", args=[second.pk]))
    assert all(text in page for text in _shown(2))
    assert not _other_rows(page, 1)
    # Left: the consents (dated), the session, the user, the audit chain, the read receipt,
    # and on SQLite the case itself (too wide for one JSON array, lotsa.core.batch).
    assert warm * 4 <= cold, (warm, cold)

    other_coach = UserFactory(coach=True, unit=first.unit)
    client.force_login(other_coach)
    page = client.get(reverse("cases:detail", args=[second.pk])).content.decode()
    assert "Tråd 2" in page and "Tråd 1" not in page
    assert "Anteckning 2" in page  # signed notes: the unit's coaches read them
