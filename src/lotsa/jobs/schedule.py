"""The table of scheduled jobs, and when each is due.

Each app registers its own jobs in its `extensions.py` (the registry is the hook: a monthly
report registers a `Monthly` job the same way), and `lotsa scheduler` enqueues every job whose
latest due time has no `ScheduledRun` yet. Times are local (TIME_ZONE, Europe/Stockholm), like
the cron table they replace.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from lotsa.core.registry import Registry


@dataclass(frozen=True)
class Every:
    """Every `minutes` minutes, counted from local midnight (15 → :00, :15, :30, :45)."""

    minutes: int

    def latest(self, now: datetime) -> datetime:
        local = timezone.localtime(now)
        midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
        elapsed = int((local - midnight).total_seconds() // 60)
        return midnight + timedelta(minutes=elapsed - elapsed % self.minutes)


@dataclass(frozen=True)
class Daily:
    hour: int
    minute: int = 0

    def latest(self, now: datetime) -> datetime:
        local = timezone.localtime(now)
        due = local.replace(hour=self.hour, minute=self.minute, second=0, microsecond=0)
        return due if due <= local else _same_time_days_before(due, 1)


@dataclass(frozen=True)
class Weekly:
    weekday: int  # Monday 0 … Sunday 6
    hour: int
    minute: int = 0

    def latest(self, now: datetime) -> datetime:
        local = timezone.localtime(now)
        today = local.replace(hour=self.hour, minute=self.minute, second=0, microsecond=0)
        due = _same_time_days_before(today, (local.weekday() - self.weekday) % 7)
        return due if due <= local else _same_time_days_before(due, 7)


@dataclass(frozen=True)
class Monthly:
    day: int  # 1–28, so every month has it
    hour: int
    minute: int = 0

    def latest(self, now: datetime) -> datetime:
        local = timezone.localtime(now)
        due = local.replace(
            day=self.day, hour=self.hour, minute=self.minute, second=0, microsecond=0
        )
        if due <= local:
            return due
        year, month = (local.year, local.month - 1) if local.month > 1 else (local.year - 1, 12)
        return _localise(due.replace(tzinfo=None, year=year, month=month))


Schedule = Every | Daily | Weekly | Monthly


def _localise(naive: datetime) -> datetime:
    return timezone.make_aware(naive, timezone.get_current_timezone())


def _same_time_days_before(moment: datetime, days: int) -> datetime:
    """The same wall-clock time `days` earlier, across a change to or from summer time."""
    return _localise(moment.replace(tzinfo=None) - timedelta(days=days))


@dataclass(frozen=True)
class ScheduledJob:
    name: str
    schedule: Schedule
    run: Callable[[], None]
    description: str = ""


def command(*args: str) -> Callable[[], None]:
    """A job that runs a management command (each is idempotent, decision 0014)."""

    def run() -> None:
        call_command(*args, stdout=StringIO(), stderr=StringIO())

    return run


scheduled_jobs: Registry[ScheduledJob] = Registry("scheduled jobs")


def register(job: ScheduledJob) -> ScheduledJob:
    return scheduled_jobs.register(job.name, job)
