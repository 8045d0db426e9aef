"""A worker killed in the middle of sending a message: on restart it is sent exactly once.

Real `lotsa worker` processes (django-tasks' database backend) run against this test's
database (on SQLite a file copy of it, as the embedded default has). The first worker takes the
task and hangs in the SMS operator's call; it is killed with SIGKILL, which leaves the task
RUNNING and the message unsent. The same worker started again puts its abandoned task back
and sends the message; a third run sends nothing more.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from lotsa.jobs.models import MessageChannel, MessageStatus, OutboundMessage
from lotsa.jobs.tests.processes import database_url, reading

pytestmark = pytest.mark.django_db(transaction=True)


def _worker(url: str, sms_dir: Path, *extra: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "lotsa.config.settings_test",
        "LOTSA_TEST_TASKS_IN_DATABASE": "true",
        "LOTSA_SMS_BACKEND": "lotsa.jobs.tests.backends.SlowFileSmsBackend",
        "LOTSA_TEST_SMS_DIR": str(sms_dir),
    }
    command = [sys.executable, "-m", "lotsa", "worker", "--worker-id", "worker-a"]
    command += ["--interval", "0.1", "--no-startup-delay", "--verbosity", "0", *extra]
    return subprocess.Popen(command, env=env)  # noqa: S603


def _wait_for(path: Path, process: subprocess.Popen[bytes], seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert process.poll() is None, "the worker ended before it started the task"
        assert time.monotonic() < deadline, "the worker never started the task"
        time.sleep(0.05)


def test_a_killed_worker_sends_its_message_exactly_once_after_restart(tmp_path):
    message = OutboundMessage.objects.create(
        key="portal-code:1", channel=MessageChannel.SMS, recipient="0701234567", body="Kod 1"
    )
    task = DBTaskResult.objects.create(
        args_kwargs={"args": [message.pk], "kwargs": {}},
        task_path="lotsa.jobs.tasks.deliver_message",
        backend_name="default",
        run_after=get_date_max(),
    )
    url = database_url(tmp_path)
    sms_dir = tmp_path / "sms"
    sms_dir.mkdir()
    delivered = sms_dir / "delivered"

    first = _worker(url, sms_dir)
    try:
        _wait_for(sms_dir / "started", first)
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(30)
    assert first.returncode == -signal.SIGKILL
    assert not delivered.exists()
    with reading(url):
        assert DBTaskResult.objects.get(pk=task.pk).status == TaskResultStatus.RUNNING
        assert OutboundMessage.objects.get(pk=message.pk).status == MessageStatus.PENDING

    for _ in range(2):  # restarted, then once more: nothing is left to send
        again = _worker(url, sms_dir, "--batch")
        assert again.wait(120) == 0

    assert delivered.read_text(encoding="utf-8").splitlines() == ["portal-code:1\t0701234567"]
    with reading(url):
        result = DBTaskResult.objects.get(pk=task.pk)
        assert result.status == TaskResultStatus.SUCCESSFUL
        assert result.worker_ids == ["worker-a", "worker-a"]
        sent = OutboundMessage.objects.get(pk=message.pk)
        assert (sent.status, sent.attempts, sent.recipient, sent.body) == (
            MessageStatus.SENT,
            1,
            "",
            "",
        )
