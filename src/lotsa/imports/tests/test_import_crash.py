"""A killed import leaves all rows or none, and the same file then imports cleanly.

The import runs as `python -m lotsa import` in its own process against a scratch SQLite file
(never the suite's database) and is sent SIGKILL while it writes: no exception handler, no
rollback code, only the database's own transaction stands between us and half an import.
"""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lotsa.imports.tests.synthetic import ORGANISATION

ROWS = 5000
# The command prints "Sparar …" when every row has passed and the write transaction begins;
# writing 5000 participants and their audit records takes well over a second on two cores, so
# a kill this long after that line lands inside the transaction.
KILL_AFTER_SECONDS = 0.1


def _environment(database: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "SECRET_KEY": "crash-test-only",
        "PYTHONUNBUFFERED": "1",
    }


def _run(arguments: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *arguments], env=env, capture_output=True, text=True, timeout=120
    )


def _participants(database: Path) -> int:
    with sqlite3.connect(database) as connection:
        return connection.execute("SELECT COUNT(*) FROM people_participant").fetchone()[0]


def test_a_killed_import_leaves_all_or_nothing_and_can_run_again(tmp_path):
    _kill_and_rerun(tmp_path, KILL_AFTER_SECONDS)


@pytest.mark.slow
@pytest.mark.parametrize("kill_after", [0.0, 0.4, 0.9, 1.5])
def test_killed_at_any_moment_of_the_write_the_import_is_all_or_nothing(tmp_path, kill_after):
    _kill_and_rerun(tmp_path, kill_after, must_be_running=False)


def _kill_and_rerun(tmp_path: Path, kill_after: float, *, must_be_running: bool = True) -> None:
    database = tmp_path / "crash.sqlite3"
    env = _environment(database)
    for step in (
        ["lotsa", "migrate", "-v0"],
        ["lotsa.imports.tests.synthetic", "world"],
        ["lotsa.imports.tests.synthetic", "files", str(tmp_path), str(ROWS)],
    ):
        done = _run(step, env)
        assert done.returncode == 0, done.stderr
    command = ["lotsa", "import", ORGANISATION, str(tmp_path / "deltagare.csv")]
    command += ["--kind", "participants", "--system"]

    process = subprocess.Popen(
        [sys.executable, "-m", *command],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    assert process.stdout.readline().startswith("Kontrollerar")  # the rows are being checked
    assert process.stdout.readline().startswith("Alla rader är rätt. Sparar")  # writing begins
    time.sleep(kill_after)
    if must_be_running:
        assert process.poll() is None, "the import finished before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    process.stdout.close()
    process.stderr.close()
    if process.returncode != -signal.SIGKILL:  # only a slow-run kill may come too late
        assert not must_be_running and process.returncode == 0

    after_kill = _participants(database)
    assert after_kill in (0, ROWS)
    if after_kill == 0:
        again = _run(command, env)
        assert again.returncode == 0, again.stderr
        assert f"Klart: {ROWS} rader importerade" in again.stdout
        assert _participants(database) == ROWS

    third = _run(command, env)
    assert third.returncode == 1
    assert "rad 2, kolumn personnummer: Det finns redan en deltagare" in third.stderr
    assert _participants(database) == ROWS

    verified = _run(["lotsa", "audit", "verify"], env)
    assert verified.returncode == 0, verified.stderr
