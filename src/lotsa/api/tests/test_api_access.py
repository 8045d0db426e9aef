"""Every API endpoint, called with a token of each scope, of another organisation and none.

The session-based access matrix (tests/test_access_matrix.py) checks that signed-in staff get
no answer from the API without a token; this walks the API with tokens. The endpoint list is
checked against the OpenAPI schema, so a new endpoint cannot be left out.
"""

from dataclasses import dataclass, field

import pytest
from django.db import transaction
from django.utils import timezone

from lotsa.api.constants import Scope
from lotsa.api.tests.conftest import ALL_SCOPES, TokenClient, personnummer, referral_body
from lotsa.api.v1 import api

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Call:
    method: str
    path: str  # as in the schema
    scope: str
    url: object  # world -> URL
    body: object = None  # world -> body
    query: dict = field(default_factory=dict)
    object_url: bool = True  # a URL naming one object: another organisation gets 404
    # What another organisation's token gets when it differs (e.g. a body naming our person).
    other_organisation: int | None = None
    # Reports are for a manager's account (as the pages are for managers): every referrer
    # account here gets 403; reporting's API tests call them as a manager.
    manager_only: bool = False


def _participant_body(world):
    return {"personal_number": personnummer(31, 777), "first_name": "Ny", "last_name": "Nysson"}


CALLS = [
    Call(
        "get",
        "/api/v1/participants/",
        Scope.PARTICIPANTS_READ,
        lambda w: "/api/v1/participants/",
        object_url=False,
    ),
    Call(
        "post",
        "/api/v1/participants/",
        Scope.PARTICIPANTS_WRITE,
        lambda w: "/api/v1/participants/",
        _participant_body,
        object_url=False,
    ),
    Call(
        "get",
        "/api/v1/participants/{participant_id}/",
        Scope.PARTICIPANTS_READ,
        lambda w: f"/api/v1/participants/{w['visible'].pk}/",
    ),
    Call(
        "patch",
        "/api/v1/participants/{participant_id}/",
        Scope.PARTICIPANTS_WRITE,
        lambda w: f"/api/v1/participants/{w['visible'].pk}/",
        lambda w: {"version": w["visible"].version, "city": "Apiby"},
    ),
    Call(
        "get",
        "/api/v1/referrals/",
        Scope.REFERRALS_READ,
        lambda w: "/api/v1/referrals/",
        object_url=False,
    ),
    Call(
        "post",
        "/api/v1/referrals/",
        Scope.REFERRALS_WRITE,
        lambda w: "/api/v1/referrals/",
        lambda w: referral_body(w, w["visible"]),
        object_url=False,
        other_organisation=400,
    ),
    Call(
        "get",
        "/api/v1/referrals/options/",
        Scope.REFERRALS_WRITE,
        lambda w: "/api/v1/referrals/options/",
        object_url=False,
    ),
    Call(
        "get",
        "/api/v1/referrals/{referral_id}/",
        Scope.REFERRALS_READ,
        lambda w: f"/api/v1/referrals/{w['referral'].pk}/",
    ),
    Call(
        "get",
        "/api/v1/referrals/{referral_id}/eligibility/",
        Scope.REFERRALS_READ,
        lambda w: f"/api/v1/referrals/{w['referral'].pk}/eligibility/",
    ),
    Call("get", "/api/v1/cases/", Scope.CASES_READ, lambda w: "/api/v1/cases/", object_url=False),
    Call(
        "get",
        "/api/v1/cases/{case_id}/",
        Scope.CASES_READ,
        lambda w: f"/api/v1/cases/{w['case'].pk}/",
    ),
    Call(
        "get",
        "/api/v1/cases/{case_id}/plan/",
        Scope.CASES_READ,
        lambda w: f"/api/v1/cases/{w['case'].pk}/plan/",
    ),
    Call(
        "get",
        "/api/v1/statistics/",
        Scope.STATISTICS_READ,
        lambda w: "/api/v1/statistics/",
        query={"from": "2024-01-01", "to": "2030-12-31"},
        object_url=False,
    ),
    *[
        Call(
            "get",
            f"/api/v1/reports/{name}/",
            Scope.STATISTICS_READ,
            lambda w, name=name: f"/api/v1/reports/{name}/",
            query={"year": 2025},
            object_url=False,
            manager_only=True,
        )
        for name in ("kolada", "esf", "skr", "finsam")
    ],
    Call(
        "get",
        "/api/v1/reports/socialstyrelsen/",
        Scope.REPORT_ROWS_READ,
        lambda w: "/api/v1/reports/socialstyrelsen/",
        query={"month": "2025-03"},
        object_url=False,
        manager_only=True,
    ),
    # For a referrer's account (the referring officer): these tokens' accounts are referrers.
    Call(
        "get",
        "/api/v1/reports/attendance/",
        Scope.REPORT_ROWS_READ,
        lambda w: "/api/v1/reports/attendance/",
        query={"month": "2025-03"},
        object_url=False,
    ),
]


def test_every_endpoint_of_the_schema_is_walked():
    schema = api.get_openapi_schema()
    operations = {(method, path) for path, item in schema["paths"].items() for method in item}
    assert operations == {(call.method, call.path) for call in CALLS}


def _request(client: TokenClient, call: Call, world: dict):
    body = call.body(world) if call.body else None
    if call.method == "get":
        return client.call("get", call.url(world), call.query or None)
    return client.call(call.method, call.url(world), body)


@pytest.mark.parametrize("call", CALLS, ids=[f"{c.method} {c.path}" for c in CALLS])
def test_each_token_gets_the_expected_answer_and_no_protected_name(world, call):
    tokens = {f"only {scope}": world[f"only {scope}"]["token"] for scope in ALL_SCOPES}
    tokens["all scopes"] = world["sender"]["token"]
    tokens["other organisation"] = world["other"]["token"]
    tokens["no token"] = None
    problems = []
    for name, token in tokens.items():
        with transaction.atomic():
            response = _request(TokenClient(token), call, world)
            transaction.set_rollback(True)
        status = response.status_code
        body = response.content.decode()
        if name == "no token":
            expected = {401}
        elif (name.startswith("only ") and name != f"only {call.scope}") or call.manager_only:
            expected = {403}
        elif name == "other organisation" and call.other_organisation:
            expected = {call.other_organisation}
        elif name == "other organisation" and call.object_url:
            expected = {404}
        elif name == "only referrals:read" and call.object_url:
            # A referrer account sees only the referrals it sent (as on the pages).
            expected = {404}
        elif name == "only cases:read" and call.object_url:
            expected = {404}
        else:
            expected = {200, 201}
        if status not in expected:
            problems.append(f"{name}: expected {sorted(expected)}, got {status} {body[:200]}")
        if "Skyddadsson" in body:
            problems.append(f"{name}: the answer names the person with protected identity")
        if name == "other organisation" and ("Synligsson" in body or "Egensson" in body):
            problems.append(f"{name}: the answer names a person of another organisation")
        if status >= 400 and set(response.json()) != {"error"}:
            problems.append(f"{name}: error is not JSON in the agreed shape")
    assert not problems, "\n".join(problems)


def test_a_protected_person_reaches_no_account_not_even_the_registering_one(world):
    """No service account reads a protected person, even the one that registered them."""
    from lotsa.people.services import participant_register

    registrar = world["sender"]["account"].user
    person = participant_register(
        actor=registrar,
        personal_number=personnummer(50, 339),
        first_name="Hemlig",
        last_name="Skyddadsdotter",
        is_protected=True,
    )
    entitled = TokenClient(world["sender"]["token"])
    other = TokenClient(world["only participants:read"]["token"])
    assert entitled.call("get", f"/api/v1/participants/{person.pk}/").status_code == 404
    assert other.call("get", f"/api/v1/participants/{person.pk}/").status_code == 404
    listing = other.call("get", "/api/v1/participants/").content.decode()
    assert "Skyddadsdotter" not in listing
    search = other.call(
        "get", "/api/v1/participants/", {"personal_number": person.personal_number}
    ).json()
    assert search["count"] == 0
    assert timezone.now()
