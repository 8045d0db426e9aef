"""Liveness, readiness and the Prometheus metrics (issue 18, item 2)."""

import pytest
from django.core.management import call_command
from django.db import DatabaseError
from django.urls import reverse
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from lotsa.jobs import outbox
from lotsa.shell import views

pytestmark = pytest.mark.django_db


def test_live_and_ready_answer_without_sign_in(client):
    assert client.get(reverse("shell:health_live")).json() == {"status": "ok"}
    response = client.get(reverse("shell:health_ready"))
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_not_ready_while_a_migration_is_unapplied(client, monkeypatch):
    monkeypatch.setattr(views, "_migrations_applied", False)
    monkeypatch.setattr(
        views.MigrationExecutor, "migration_plan", lambda self, targets: [("jobs", "0002")]
    )
    response = client.get(reverse("shell:health_ready"))
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "unapplied_migrations": 1}


def test_not_ready_while_the_database_does_not_answer(client, monkeypatch):
    class Silent:
        def cursor(self):
            raise DatabaseError("connection refused")

    monkeypatch.setattr(views, "connection", Silent())
    response = client.get(reverse("shell:health_ready"))
    assert response.status_code == 503 and response.json()["database"] == "no answer"


def test_metrics_are_not_public(client, settings):
    settings.LOTSA_METRICS_TOKEN = ""
    assert client.get(reverse("shell:metrics")).status_code == 401
    settings.LOTSA_METRICS_TOKEN = "s3cret-token-for-prometheus"
    assert client.get(reverse("shell:metrics")).status_code == 401
    wrong = client.get(reverse("shell:metrics"), headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and wrong["WWW-Authenticate"] == "Bearer"


def test_metrics_report_requests_the_queue_and_the_audit_chain(client, settings):
    settings.LOTSA_METRICS_TOKEN = "s3cret-token-for-prometheus"
    settings.LOTSA_SMS_BACKEND = "lotsa.core.sms.LocmemSmsBackend"
    client.get(reverse("shell:health_live"))
    outbox.send_sms(to="0701234567", message="Hej", key="metrics:1")
    DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="lotsa.jobs.tasks.deliver_message",
        backend_name="default",
        run_after=get_date_max(),
        status=TaskResultStatus.FAILED,
    )
    call_command("audit", "verify")

    response = client.get(
        reverse("shell:metrics"), headers={"Authorization": "Bearer s3cret-token-for-prometheus"}
    )

    assert response.status_code == 200
    text = response.content.decode()
    assert (
        'django_http_responses_total_by_status_view_method_total{method="GET",status="200",view="shell:health_live"}'
        in text
    )  # noqa: E501
    assert "django_http_requests_latency_seconds_by_view_method_bucket" in text
    assert 'lotsa_tasks{state="failed"} 1.0' in text
    assert 'lotsa_tasks{state="ready"} 0.0' in text
    assert 'lotsa_messages{status="sent"} 1.0' in text
    assert "lotsa_audit_chain_ok 1.0" in text
    assert "lotsa_audit_verified_timestamp_seconds" in text
    assert "0701234567" not in text
