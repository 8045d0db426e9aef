"""Eight people at once: page views (each writes an audit record) and note saves never fail.

On SQLite this runs against a *file* database (a copy of the test database), as the embedded
default does in an office: WAL, write transactions that take the lock up front
(`transaction_mode: IMMEDIATE`) and a busy timeout. A deferred transaction that reads the
audit chain head and then writes is refused at once with "database is locked" when another
writer came first; an immediate one waits its turn.
"""

import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from lotsa.audit.models import AuditRecord
from lotsa.cases.journal.models import Note
from lotsa.cases.tests.factories import CaseFactory
from lotsa.organisations.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db(transaction=True)

CLIENTS = 8


@contextmanager
def _file_database(tmp_path: Path) -> Iterator[dict | None]:
    """On SQLite: the settings of a file copy of the test database; on PostgreSQL: None."""
    if connection.vendor != "sqlite":
        yield None
        return
    path = tmp_path / "office.sqlite3"
    connection.ensure_connection()
    import sqlite3

    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    settings_dict = {**connection.settings_dict, "NAME": str(path)}
    yield settings_dict


def _use_database(settings_dict: dict | None) -> None:
    """Point this thread's default connection at the file copy (threads have their own)."""
    if settings_dict is None:
        return
    backend = type(connections["default"])
    connections["default"] = backend(settings_dict, "default")


def _run_clients(seconds: float, tmp_path: Path) -> tuple[Counter, int]:
    unit = UnitFactory(support=True)
    cases = [CaseFactory(unit=unit) for _ in range(CLIENTS)]
    outcomes: Counter = Counter()
    lock = threading.Lock()
    with _file_database(tmp_path) as settings_dict:

        def work(case) -> None:
            _use_database(settings_dict)
            try:
                client = Client()
                client.force_login(case.coach)
                detail = reverse("people:detail", args=[case.participant_id])
                create = reverse("journal:note_create", args=[case.pk])
                deadline = time.monotonic() + seconds
                n = 0
                while time.monotonic() < deadline:
                    n += 1
                    if n % 2:
                        response = client.get(detail)
                        ok = response.status_code == 200
                    else:
                        response = client.post(
                            create,
                            {
                                "note-kind": "conversation",
                                "note-occurred_on": date.today().isoformat(),
                                "note-text": f"Samtal {n}",
                            },
                        )
                        ok = response.status_code == 302
                    with lock:
                        outcomes["ok" if ok else f"status {response.status_code}"] += 1
            except Exception as error:  # noqa: BLE001 - every failure is counted, none hidden
                with lock:
                    outcomes[f"{type(error).__name__}: {error}"] += 1
            finally:
                connections["default"].close()

        threads = [threading.Thread(target=work, args=(case,)) for case in cases]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        original = connections["default"]
        _use_database(settings_dict)
        try:
            written = Note.objects.count() + AuditRecord.objects.count()
        finally:
            if settings_dict is not None:
                connections["default"].close()
                connections["default"] = original
    return outcomes, written


def _check(outcomes: Counter, written: int) -> None:
    errors = {key: n for key, n in outcomes.items() if key != "ok"}
    print(f"{CLIENTS} clients: {outcomes['ok']} requests answered, {sum(errors.values())} errors")
    assert errors == {}
    assert outcomes["ok"] >= CLIENTS
    assert written >= outcomes["ok"]


def test_eight_clients_for_two_seconds_get_no_errors(tmp_path):
    _check(*_run_clients(2, tmp_path))


@pytest.mark.slow
def test_eight_clients_for_twenty_seconds_get_no_errors(tmp_path):
    _check(*_run_clients(20, tmp_path))
