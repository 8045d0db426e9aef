"""`lotsa backup` and `lotsa restore`: a wiped database comes back row for row.

The round trips run `python -m lotsa` in a separate process against a scratch database (a
temporary SQLite file, or a temporary PostgreSQL database), because pytest's own test database
may live in memory and inside a transaction. Each runs when the suite runs on that engine.
"""

import builtins
import datetime
import hashlib
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import dj_database_url
import psycopg
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from lotsa.people.models import Participant
from lotsa.retention.backup import checksum_path
from lotsa.retention.tests.factories import full_case

SCRATCH = "lotsa.retention.tests.scratch_database"


def _run(database_url: str, *arguments: str) -> str:
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "lotsa.config.settings_test",
    }
    finished = subprocess.run(
        [sys.executable, "-m", *arguments],
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,  # a fresh migrate on a loaded two-core machine (audit partitions too)
        check=False,
    )
    assert finished.returncode == 0, f"{arguments} failed:\n{finished.stdout}\n{finished.stderr}"
    return finished.stdout


def _round_trip(database_url: str, backup: Path) -> None:
    _run(database_url, "lotsa", "migrate", "--no-input", "-v", "0")
    before = json.loads(_run(database_url, SCRATCH, "seed"))
    assert before["tables"]["people_participant"]["rows"] == 2
    assert before["tables"]["journal_note"]["rows"] > 0

    out = _run(database_url, "lotsa", "backup", str(backup))
    assert "Säkerhetskopian är sparad" in out
    digest = hashlib.sha256(backup.read_bytes()).hexdigest()
    assert checksum_path(backup).read_text() == f"{digest}  {backup.name}\n"

    wiped = json.loads(_run(database_url, SCRATCH, "wipe"))
    assert wiped["tables"]["people_participant"]["rows"] == 0
    assert wiped["tables"] != before["tables"]

    out = _run(database_url, "lotsa", "restore", str(backup), "--yes")
    assert "är återställd" in out
    after = json.loads(_run(database_url, SCRATCH, "digests"))  # after `lotsa audit verify`
    assert after["tables"] == before["tables"]
    assert after["restore_records"] == 1  # the restore is logged in the restored database


def test_sqlite_file_database_round_trip(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("The SQLite round trip runs with the suite on SQLite.")
    database = tmp_path / "lotsa.sqlite3"
    _round_trip(f"sqlite:///{database}", tmp_path / "lotsa-backup.sqlite3")


@pytest.fixture
def scratch_postgres_url():
    settings = dj_database_url.parse(os.environ["DATABASE_URL"])
    name = f"lotsa_backup_test_{uuid.uuid4().hex[:10]}"
    server = psycopg.connect(
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        user=settings["USER"] or None,
        password=settings["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )
    server.execute(f'CREATE DATABASE "{name}"')
    try:
        yield os.environ["DATABASE_URL"].rsplit("/", 1)[0] + f"/{name}"
    finally:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        server.close()


def test_postgresql_round_trip(request, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("The PostgreSQL round trip runs with the suite on PostgreSQL.")
    url = request.getfixturevalue("scratch_postgres_url")
    _round_trip(url, tmp_path / "lotsa.dump")


# `lotsa backup` runs outside any transaction; inside the test's own IMMEDIATE transaction the
# SQLite backup API would wait for that transaction's write lock for ever.
@pytest.mark.django_db(transaction=True)
def test_a_backup_file_is_private_and_never_overwritten(tmp_path, capsys):
    backup = tmp_path / "kopia"
    call_command("backup", str(backup))
    assert "Kontrollsumma SHA-256" in capsys.readouterr().out
    assert backup.stat().st_mode & 0o077 == 0
    assert not list(tmp_path.glob("*.part"))
    with pytest.raises(CommandError, match="finns redan"):
        call_command("backup", str(backup))


def _fake_backup(tmp_path: Path, *, checksum: str | None = None) -> Path:
    backup = tmp_path / "kopia.sqlite3"
    backup.write_bytes(b"not what was backed up")
    digest = checksum or hashlib.sha256(backup.read_bytes()).hexdigest()
    checksum_path(backup).write_text(f"{digest}  {backup.name}\n")
    return backup


@pytest.mark.django_db
def test_restore_refuses_a_file_whose_checksum_does_not_match(tmp_path):
    person = full_case(start=datetime.date(2025, 1, 6), closed=None).participant
    backup = _fake_backup(tmp_path, checksum="0" * 64)
    with pytest.raises(
        CommandError, match="Kontrollsumman stämmer inte.*Ingenting har återställts"
    ):
        call_command("restore", str(backup), "--yes")
    assert Participant.objects.filter(pk=person.pk).exists()


@pytest.mark.django_db
def test_restore_refuses_a_file_without_a_checksum(tmp_path):
    backup = _fake_backup(tmp_path)
    checksum_path(backup).unlink()
    with pytest.raises(CommandError, match="Kontrollsumman .* saknas"):
        call_command("restore", str(backup), "--yes")


@pytest.mark.django_db
def test_restore_asks_first_and_stops_unless_the_answer_is_yes(tmp_path, monkeypatch):
    backup = _fake_backup(tmp_path)
    questions = []

    def answer_no(question):
        questions.append(question)
        return "nej"

    monkeypatch.setattr(builtins, "input", answer_no)
    with pytest.raises(CommandError, match="Avbrutet. Ingenting har återställts."):
        call_command("restore", str(backup))
    assert "Skriv ja för att fortsätta" in questions[0]
    assert str(backup) in questions[0]
