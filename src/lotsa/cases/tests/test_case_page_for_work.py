"""The case page made for work: the action bar and table of contents (plain links, no
JavaScript), long sections folded with their summary, the journal paged and searchable."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lotsa.cases.journal.tests.factories import NoteFactory
from lotsa.cases.tests.factories import CaseFactory, today
from lotsa.cases.tests.test_case_lists import CASE_PAGE_QUERIES
from lotsa.collaboration.tests.factories import MeetingFactory
from lotsa.organisations.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _page(client, case, **params):
    client.force_login(case.coach)
    response = client.get(reverse("cases:detail", args=[case.pk]), params)
    assert response.status_code == 200
    return response.content.decode()


def _ids(html):
    return set(re.findall(r'\sid="([^"]+)"', html))


def test_the_action_bar_leads_to_the_note_follow_up_and_meeting_forms(client, case):
    html = _page(client, case)
    bar = html.split('aria-label="Vanliga åtgärder"')[1].split("</nav>")[0]
    assert 'href="#note-form">Ny anteckning' in bar
    assert 'href="#follow-up-form">Registrera uppföljning' in bar
    meeting = reverse("collaboration:meeting_create", args=[case.pk])
    assert f'href="{meeting}">Boka samverkansmöte' in bar
    assert {"note-form", "follow-up-form"} <= _ids(html)
    # the action bar comes before the plan, so recording a note needs no scrolling
    assert html.index('href="#note-form"') < html.index('id="plan"')


def test_every_table_of_contents_link_has_its_target_on_the_page(client, case):
    MeetingFactory(case=case)
    html = _page(client, case)
    toc = html.split('aria-labelledby="toc-heading"')[1].split("</nav>")[0]
    targets = re.findall(r'href="#([^"]+)"', toc)
    assert {"summary", "plan", "follow-ups", "notes", "collaboration", "status"} <= set(targets)
    assert set(targets) <= _ids(html)


def test_a_referrer_gets_no_action_bar(client):
    case = CaseFactory(referred=True)
    client.force_login(case.referral.referrer)
    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Vanliga åtgärder" not in html


def test_long_panels_are_folded_with_their_summary(client, case):
    manager = UserFactory(manager=True, unit=case.unit)
    client.force_login(manager)
    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    # surveys: the manager may send one by hand, so the panel shows, folded, with a count
    fold = re.search(
        r'<details class="case-fold" id="surveys-fold">\s*<summary>(.*?)</summary>', html, re.S
    )
    assert fold is not None
    assert "Enkäter" in fold.group(1) and "0 enkäter skickade" in fold.group(1)
    assert '<details class="case-fold" id="surveys-fold" open' not in html


def test_the_journal_shows_ten_notes_a_page_newest_first(client, case):
    notes = [
        NoteFactory(case=case, signed=True, occurred_on=today() - datetime.timedelta(days=number))
        for number in range(23)
    ]
    first = _page(client, case)
    assert f'id="note-{notes[0].pk}"' in first and f'id="note-{notes[9].pk}"' in first
    assert f'id="note-{notes[10].pk}"' not in first
    assert "journalsida=2#notes" in first
    third = _page(client, case, journalsida="3")
    assert f'id="note-{notes[22].pk}"' in third and "Äldre anteckningar" not in third
    assert "journalsida=2#notes" in third


def test_the_journal_search_finds_text_and_amendments_and_keeps_the_search_on_each_page(
    client, case
):
    plain = NoteFactory(case=case, signed=True, text="Pratade om truckkort och lager.")
    other = NoteFactory(case=case, signed=True, text="Samtal om sömn.")
    amended = NoteFactory(case=case, signed=True, text="Första mötet.")
    NoteFactory(case=case, amends=amended, amendment=True, text="Tillägg: vill ta TRUCKKORT.")
    html = _page(client, case, sok="truckkort")
    assert f'id="note-{plain.pk}"' in html and f'id="note-{amended.pk}"' in html
    assert f'id="note-{other.pk}"' not in html
    assert 'value="truckkort"' in html
    for _ in range(12):
        NoteFactory(case=case, signed=True, text="Truckkort igen.")
    assert "sok=truckkort&amp;journalsida=2#notes" in _page(client, case, sok="truckkort")
    assert "Inga anteckningar matchar sökningen." in _page(client, case, sok="finns inte")


def test_a_colleagues_draft_stays_out_of_the_search(client, case):
    colleague = UserFactory(coach=True, unit=case.unit)
    NoteFactory(case=case, author=colleague, text="Hemligt utkast om truckkort.")
    assert "Hemligt utkast" not in _page(client, case, sok="truckkort")


@pytest.mark.parametrize("page", ["0", "-1", "x", "99999999999999999999", "٣"])
def test_any_journal_page_number_answers(client, case, page):
    NoteFactory(case=case, signed=True)
    _page(client, case, journalsida=page)


def test_searching_and_paging_the_journal_costs_no_extra_query(client, case):
    for _ in range(25):
        NoteFactory(case=case, signed=True, text="Om truckkort.")
    client.force_login(case.coach)
    url = reverse("cases:detail", args=[case.pk])
    client.get(url)
    for params in ({}, {"sok": "truckkort"}, {"sok": "truckkort", "journalsida": "2"}):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, params).status_code == 200
        assert len(queries) <= CASE_PAGE_QUERIES, (params, len(queries))
