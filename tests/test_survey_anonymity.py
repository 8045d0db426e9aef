"""Anonymity that holds (issue 13, decision 0016).

An attacker holding everything a manager, an administrator and the database can read tries to
tie an anonymous survey answer to the person who gave it:

- the writes an answer leaves behind: every row of every table, before and after each answer
  (audit records, invitation rows, sessions, anything), and the person's register extract;
- the results as a manager watches them after every single answer (the data behind the page,
  the board report and its exports, and the page itself);
- the published answer rows: their keys, the order the database stores them in (SQLite's rowid,
  PostgreSQL's ctid and xmin) and every date on them, lined up against every order of the
  people that the stored data gives (asked, audited, the invitation rows' own order).

The people answer in the order they were asked — the easiest case for the attacker — and each
writes a free-text answer of their own, so a link is checked against the truth.
"""

import dataclasses
import re
import uuid
from datetime import date
from typing import Any

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lotsa.audit.models import AuditRecord
from lotsa.cases.tests.factories import CaseFactory
from lotsa.organisations.tests.factories import UserFactory
from lotsa.portal.services import participant_account_for
from lotsa.retention.extract import SECTIONS, extract_as_json, participant_extract
from lotsa.surveys import queries, services
from lotsa.surveys.constants import PUBLICATION_BATCH
from lotsa.surveys.models import Answer, Invitation, PendingResponse, Response

pytestmark = pytest.mark.django_db

FIRST_DAY = 9  # answers on the first day: one batch; the attacker lines up nine published rows
SECOND_DAY = 2  # fewer than a batch: they must not show at all while the survey is open
WORDS = (
    "Lingon",
    "Blåbär",
    "Hjortron",
    "Åkerbär",
    "Smultron",
    "Vinbär",
    "Krusbär",
    "Havtorn",
    "Nypon",
    "Slånbär",
    "Rönnbär",
)


# --- What the database holds -----------------------------------------------------------------


def _all_rows() -> dict[str, dict[str, dict[str, Any]]]:
    """Every row of every table, keyed by table and primary key."""
    rows: dict[str, dict[str, dict[str, Any]]] = {}
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        pk = model._meta.pk.attname
        rows[model._meta.label_lower] = {str(row[pk]): row for row in model._base_manager.values()}
    return rows


def _writes(before: dict, after: dict) -> list[tuple[str, str, dict[str, Any]]]:
    """(table, primary key, {field: (before, after)}) for every row added, changed or removed."""
    found = []
    for table in after:
        old, new = before.get(table, {}), after[table]
        for key in new.keys() | old.keys():
            was, now = old.get(key, {}), new.get(key, {})
            if was != now:
                fields = {
                    name: (was.get(name), now.get(name))
                    for name in was.keys() | now.keys()
                    if was.get(name) != now.get(name)
                }
                found.append((table, key, fields))
    return found


def _column(model: Any, expression: str) -> dict[uuid.UUID | int, Any]:
    """{primary key: value of a raw SQL expression} for every row of the model's table."""
    pk = model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT "{pk}", {expression} FROM "{model._meta.db_table}"')  # noqa: S608
        rows = cursor.fetchall()
    if isinstance(model._meta.pk, type(Response._meta.pk)):
        return {uuid.UUID(str(key)): value for key, value in rows}
    return dict(rows)


def _stored_orders(model: Any) -> dict[str, dict[Any, Any]]:
    """Every per-row value the database keeps beside the columns that could order the rows."""
    if connection.vendor == "postgresql":
        return {
            "ctid": _column(
                model, "(ctid::text::point)[0]::bigint * 1000000 + (ctid::text::point)[1]::bigint"
            ),
            "xmin": _column(model, "xmin::text::bigint"),
        }
    return {"rowid": _column(model, "rowid")}


def _total_order(values: dict[Any, Any]) -> list[Any] | None:
    """The keys sorted by value, or None when values tie (then they order nothing)."""
    if len(set(values.values())) != len(values):
        return None
    return sorted(values, key=lambda key: values[key])


# --- What a manager sees ---------------------------------------------------------------------


def _published_view(manager: Any, client: Client, survey: Any) -> tuple[Any, str]:
    """The results as the manager reads them: the data (page, board report, exports) and the
    page's text (without the CSRF token, which differs on every request)."""
    today = timezone.localdate()
    start = date(today.year - 1, 1, 1)
    data = [dataclasses.asdict(r) for r in queries.survey_results(manager, start, today)]
    page = client.get(reverse("surveys:results", args=[survey.pk])).content.decode()
    return data, re.sub(r'(csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]*"', "", page)


def _answered_count(view: tuple[Any, str]) -> int:
    return sum(survey["responses"] for survey in view[0])


# --- The scenario ----------------------------------------------------------------------------


@pytest.fixture
def world():
    first = CaseFactory()
    admin = UserFactory(administrator=True, unit=None, organisation=first.organisation)
    manager = UserFactory(manager=True, unit=first.unit)
    survey = services.survey_template_install(actor=admin, key="rating")
    cases = [first] + [
        CaseFactory(organisation=first.organisation, unit=first.unit)
        for _index in range(FIRST_DAY + SECOND_DAY - 1)
    ]
    sent = [services.invitation_send(actor=case.coach, survey=survey, case=case) for case in cases]
    watcher = Client()
    watcher.force_login(manager)
    return {"survey": survey, "manager": manager, "watcher": watcher, "cases": cases, "sent": sent}


def _answer(world: dict, index: int) -> None:
    """Person `index` answers: by the link, or (every other person) signed in on Mina sidor."""
    survey = world["survey"]
    case, sent = world["cases"][index], world["sent"][index]
    data = {f"q{q.pk}": "4" for q in survey.questions.filter(kind="scale")}
    data[f"q{survey.questions.get(kind='free_text').pk}"] = WORDS[index]
    client = Client()
    if index % 2:
        client.force_login(participant_account_for(case.participant))
        url = reverse("surveys:answer_mine", args=[sent.invitation.pk])
    else:
        url = reverse("surveys:answer", args=[sent.token])
    before = _all_rows()
    page = client.post(url, data)
    world["writes"].append((index, _writes(before, _all_rows())))
    assert "Tack för dina svar" in page.content.decode()


def _allowed(world: dict, index: int, table: str, key: str, fields: dict) -> bool:
    """What an anonymous answer may write: the invitation's spent mark, and the waiting answer
    with no person and no invitation (decision 0016)."""
    invitation = world["sent"][index].invitation
    if table == "surveys.invitation":
        return key == str(invitation.pk) and set(fields) == {"is_used"}
    if table == "surveys.pendingresponse":
        _was, now = fields.get("invitation_id", (None, None))
        return set(fields) <= {"id", "survey_id", "invitation_id", "answers"} and now is None
    return False


def _traces(world: dict) -> list[str]:
    """Rows an answer left that tie the person to the moment of answering."""
    return [
        f"person {index}'s answer wrote {table} {key}: {sorted(fields)}"
        for index, writes in world["writes"]
        for table, key, fields in writes
        if not _allowed(world, index, table, key, fields)
    ]


def _watching(views: list[tuple[int | None, tuple[Any, str]]]) -> list[str]:
    """A manager who knows who answered between two looks attributes any change of the results
    to that person when only one person answered in between, or when one answer came in."""
    claims = []
    since: list[int] = []
    for (index, view), (_, earlier) in zip(views[1:], views[:-1], strict=True):
        if index is not None:
            since.append(index)
        if view != earlier:
            if len(since) == 1 or _answered_count(view) - _answered_count(earlier) == 1:
                claims.append(f"the results changed by one answer after person {since[-1]}")
            since = []
    return claims


def _lining_up(world: dict) -> list[str]:
    """Line the published answers up by every order the database keeps, against every order of
    the people who used their invitation; a claim when one pairing names every author right."""
    survey = world["survey"]
    free_text = survey.questions.get(kind="free_text")
    texts = dict(Answer.objects.filter(question=free_text).values_list("response_id", "text"))
    responses = list(Response.objects.filter(survey=survey).values())
    response_orders: dict[str, list[Any] | None] = {"key": sorted(row["id"] for row in responses)}
    for name, values in _stored_orders(Response).items():
        response_orders[name] = _total_order(values)
    for field in Response._meta.concrete_fields:
        if field.get_internal_type() in ("DateField", "DateTimeField", "TimeField"):
            response_orders[field.name] = _total_order(
                {row["id"]: row[field.attname] for row in responses}
            )
    used = dict(
        Invitation.objects.filter(survey=survey, is_used=True).values_list("pk", "participant_id")
    )
    last_audited = {
        int(object_id): seq
        for object_id, seq in AuditRecord.objects.filter(
            object_type="surveys.invitation", object_id__in=[str(pk) for pk in used]
        )
        .order_by("seq")
        .values_list("object_id", "seq")
    }
    people_orders: dict[str, list[Any] | None] = {
        "asked": sorted(used),
        "last audit record": _total_order(last_audited),
    }
    for name, values in _stored_orders(Invitation).items():
        people_orders[f"invitation {name}"] = _total_order(
            {key: value for key, value in values.items() if key in used}
        )
    words = {case.participant_id: WORDS[index] for index, case in enumerate(world["cases"])}
    claims = []
    for response_name, response_order in response_orders.items():
        for people_name, people_order in people_orders.items():
            if not response_order or not people_order:
                continue
            # The earliest people's answers are the ones published; pair them in order.
            pairs = list(zip(people_order, response_order, strict=False))
            if all(words[used[person]] == texts.get(response) for person, response in pairs):
                claims.append(f"answers by {response_name} lined up with people {people_name}")
    return claims


def test_nothing_a_reader_can_see_links_an_anonymous_answer_to_its_author(world):
    survey, manager, watcher = world["survey"], world["manager"], world["watcher"]
    world["writes"] = []
    person = world["cases"][0].participant
    extract_before = extract_as_json(participant_extract(person)[SECTIONS])
    views: list[tuple[int | None, tuple[Any, str]]] = [
        (None, _published_view(manager, watcher, survey))
    ]
    for index in range(FIRST_DAY):
        _answer(world, index)
        views.append((index, _published_view(manager, watcher, survey)))
    extract_after = extract_as_json(participant_extract(person)[SECTIONS])
    services.publish_due_responses()  # the night
    views.append((None, _published_view(manager, watcher, survey)))
    for index in range(FIRST_DAY, FIRST_DAY + SECOND_DAY):
        _answer(world, index)
        views.append((index, _published_view(manager, watcher, survey)))
    services.publish_due_responses()  # the next night: too few to publish
    views.append((None, _published_view(manager, watcher, survey)))

    claims = _traces(world) + _watching(views) + _lining_up(world)
    # The person's own register extract (`lotsa extract`) shows only that the invitation was
    # used: the same records, nothing of the answer, no record of when.
    extract_change = set(extract_after.splitlines()) - set(extract_before.splitlines())
    if any("Besvarad" not in line for line in extract_change):
        claims.append(f"the register extract gained {sorted(extract_change)}")
    if WORDS[0] in extract_after:
        claims.append("the register extract shows the answer")
    assert claims == [], "\n".join(claims)

    # The attacker had something to work with: the first day's answers are all published,
    # the second day's wait for more.
    published = views[FIRST_DAY + 1][1][0][0]
    assert published["responses"] == FIRST_DAY
    assert sorted(published["questions"][-1]["texts"]) == sorted(WORDS[:FIRST_DAY])
    assert _answered_count(views[-1][1]) == FIRST_DAY
    assert PendingResponse.objects.count() == SECOND_DAY
    assert not Response.objects.exclude(participant=None, invitation=None).exists()


def test_published_answers_are_stored_in_the_order_of_their_random_keys(world):
    for index in range(PUBLICATION_BATCH + 1):
        world.setdefault("writes", [])
        _answer(world, index)
    services.publish_due_responses()
    for model in (Response, Answer):
        keys = sorted(model.objects.values_list("pk", flat=True))
        assert all(key.version == 4 for key in keys)
        if connection.vendor == "sqlite":
            assert _total_order(_stored_orders(model)["rowid"]) == keys
        else:  # one transaction wrote every published row and every used invitation
            assert len(set(_stored_orders(model)["xmin"].values())) == 1
    if connection.vendor == "postgresql":
        used = Invitation.objects.filter(is_used=True).values_list("pk", flat=True)
        xmins = _stored_orders(Invitation)["xmin"]
        assert len({xmins[pk] for pk in used}) == 1
