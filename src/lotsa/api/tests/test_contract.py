"""Contract test: schemathesis generates requests from the published OpenAPI schema and calls
the API in-process (WSGI) with a valid token. The schema must validate, no request may get a
5xx, and every answer must match the schema (status codes, content type, body).

Kept to a modest number of examples per operation so it runs in the normal suite
(`LOTSA_API_FUZZ_EXAMPLES` changes it); `make test-slow` runs 150 per operation and mode.
"""

import os

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from lotsa.api.tests.conftest import build_world
from lotsa.api.v1 import api
from lotsa.config.wsgi import application

EXAMPLES = int(os.environ.get("LOTSA_API_FUZZ_EXAMPLES", "12"))
SLOW_EXAMPLES = 150


@pytest.fixture
def api_schema(db, settings):
    # schemathesis calls the WSGI application with Host: localhost.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
    # Like Django's test client: a request must not close the test's database connection
    # (it holds the test transaction; PostgreSQL would lose it).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/schema/", application)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def token(db):
    return build_world()["sender"]["token"]


# The operations, known without a database: method and path from the published schema.
OPERATIONS = [
    f"{method.upper()} {path}"
    for path, item in api.get_openapi_schema()["paths"].items()
    for method in item
]


def _fuzz(api_schema, token: str, mode: GenerationMode, examples: int) -> None:
    """Every operation of the schema: `examples` generated requests each, all checks but one.

    One world for all operations (not one per operation) keeps it fast; a failure names the
    operation and schemathesis' reproduction.
    """
    headers = {"Authorization": f"Bearer {token}"}
    failures = []
    for label in OPERATIONS:
        operation = api_schema.find_operation_by_label(label)
        assert operation is not None, label

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=examples,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def run(case):
            # Schema-valid is not always valid: a personnummer with a wrong check digit or a
            # period of more than ten years is refused with 400 by the domain rules, on purpose.
            # A negative case may leave out the required Authorization header on purpose; then
            # it goes without our token, and must be refused (401) like any other bad request.
            sent = case.headers or {}
            dropped = mode == GenerationMode.NEGATIVE and "Authorization" not in sent
            case.call_and_validate(
                headers={} if dropped else headers, excluded_checks=[positive_data_acceptance]
            )

        try:
            run()
        except Exception as failure:  # noqa: BLE001 - collect every operation's failure
            failures.append(f"{label}: {failure}")
    assert not failures, "\n\n".join(failures)


MODES = [GenerationMode.POSITIVE, GenerationMode.NEGATIVE]


@pytest.mark.parametrize("mode", MODES)
def test_no_server_errors_and_answers_match_the_schema(api_schema, token, mode):
    """Positive: valid requests; negative: requests the schema forbids (they must get 4xx)."""
    _fuzz(api_schema, token, mode, EXAMPLES)


@pytest.mark.slow
@pytest.mark.parametrize("mode", MODES)
def test_long_fuzz_run(api_schema, token, mode):
    """`make test-slow`: the same with many more requests per operation."""
    _fuzz(api_schema, token, mode, SLOW_EXAMPLES)


def test_the_schema_is_valid_openapi(api_schema):
    from jsonschema_rs import validator_for  # noqa: F401  (installed with schemathesis)

    raw = api_schema.raw_schema
    assert raw["openapi"].startswith("3.")
    assert set(raw["paths"]) >= {"/api/v1/participants/", "/api/v1/referrals/"}
    assert raw["components"]["securitySchemes"]["ServiceAccountAuth"]["scheme"] == "bearer"
