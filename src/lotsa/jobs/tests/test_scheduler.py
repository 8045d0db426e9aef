"""The one scheduler: each job once per due time, at local wall-clock times."""

import re
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from lotsa.jobs import schedule
from lotsa.jobs.models import ScheduledRun
from lotsa.jobs.scheduler import enqueue_due

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def _at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=STOCKHOLM)


@pytest.mark.parametrize(
    ("rule", "now", "latest"),
    [
        (schedule.Every(15), _at(2026, 3, 4, 10, 44, 59), _at(2026, 3, 4, 10, 30)),
        (schedule.Daily(7), _at(2026, 3, 4, 6, 59), _at(2026, 3, 3, 7, 0)),
        (schedule.Daily(7), _at(2026, 3, 4, 7, 0), _at(2026, 3, 4, 7, 0)),
        # Summer time starts at 02:00 on 29 March 2026: that day's 02:30 is the moment of 03:30.
        (schedule.Daily(2, 30), _at(2026, 3, 30, 1, 0), _at(2026, 3, 29, 3, 30)),
        (schedule.Daily(2, 30), _at(2026, 3, 31, 2, 29), _at(2026, 3, 30, 2, 30)),
        (schedule.Weekly(6, 4), _at(2026, 3, 4, 12, 0), _at(2026, 3, 1, 4, 0)),  # a Wednesday
        (schedule.Weekly(2, 4), _at(2026, 3, 4, 3, 0), _at(2026, 2, 25, 4, 0)),
        (schedule.Monthly(1, 3), _at(2026, 1, 1, 2, 0), _at(2025, 12, 1, 3, 0)),
        (schedule.Monthly(1, 3), _at(2026, 1, 20, 2, 0), _at(2026, 1, 1, 3, 0)),
    ],
)
def test_the_latest_due_time(rule, now, latest):
    assert rule.latest(now).astimezone(UTC) == latest.astimezone(UTC)


@pytest.fixture
def counted_job():
    runs: list[int] = []
    job = schedule.register(
        schedule.ScheduledJob("test_counted", schedule.Daily(6), lambda: runs.append(1))
    )
    yield runs
    schedule.scheduled_jobs.unregister(job.name)


@pytest.mark.django_db
def test_a_due_job_is_enqueued_and_run_once(counted_job):
    now = _at(2026, 3, 4, 6, 5)

    first = enqueue_due(now)
    second = enqueue_due(_at(2026, 3, 4, 6, 6))  # the next check, or a second scheduler

    assert "test_counted" in first and "test_counted" not in second
    assert counted_job == [1]
    run = ScheduledRun.objects.get(job="test_counted")
    assert run.due_at == _at(2026, 3, 4, 6, 0)
    assert run.succeeded is True and run.finished_at is not None

    enqueue_due(_at(2026, 3, 5, 6, 0))  # the next day's run
    assert counted_job == [1, 1]


@pytest.mark.django_db
def test_a_failed_job_is_recorded_as_failed():
    def broken() -> None:
        raise RuntimeError("no disk")

    job = schedule.register(schedule.ScheduledJob("test_broken", schedule.Every(5), broken))
    try:
        enqueue_due(_at(2026, 3, 4, 6, 7))
    finally:
        schedule.scheduled_jobs.unregister(job.name)
    run = ScheduledRun.objects.get(job="test_broken")
    assert run.succeeded is False


def test_every_former_cron_line_is_a_scheduled_job():
    """Culling, audit verification, reminders and survey sends: each app's extensions."""
    names = set(schedule.scheduled_jobs.keys())
    assert {
        "send_reminders",
        "send_meeting_reminders",
        "send_surveys",
        "publish_survey_answers",
        "cull",
        "audit_checkpoint",
        "audit_verify",
        "expire_consents",
        "prune_queue",
    } <= names


def _documented_jobs() -> dict[str, str]:
    """docs/deployment.md's table of scheduled jobs: name → schedule column."""
    text = (Path(__file__).resolve().parents[4] / "docs" / "deployment.md").read_text("utf-8")
    rows = re.findall(r"^\s*\| `(\w+)` \| ([^|]+) \|", text, flags=re.MULTILINE)
    return {name: when.strip() for name, when in rows}


def _ordinal(day: int) -> str:
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def _described(rule: schedule.Schedule) -> str:
    if isinstance(rule, schedule.Every):
        return f"every {rule.minutes} min"
    if isinstance(rule, schedule.Daily):
        return f"daily {rule.hour:02d}:{rule.minute:02d}"
    if isinstance(rule, schedule.Monthly):
        return f"{_ordinal(rule.day)} of the month {rule.hour:02d}:{rule.minute:02d}"
    return f"weekday {rule.weekday} {rule.hour:02d}:{rule.minute:02d}"


def test_the_deployment_table_lists_every_scheduled_job_with_its_time():
    documented = _documented_jobs()
    registered = {job.name: _described(job.schedule) for job in schedule.scheduled_jobs}
    registered.pop("test_counted", None)
    assert {name: documented.get(name) for name in registered} == registered
    # backup is registered only when LOTSA_BACKUP_DIR is set (here it may not be)
    assert set(documented) - set(registered) <= {"backup"}
    assert documented["backup"] == "daily 02:30"


@pytest.mark.django_db
def test_the_scheduler_command_checks_once(capsys, counted_job):
    call_command("scheduler", "--once")
    assert "Köat: test_counted" in capsys.readouterr().out
    call_command("scheduler", "--list")
    assert "test_counted" in capsys.readouterr().out
