"""`lotsa scheduler`: enqueue the scheduled jobs when they are due (lotsa.jobs.schedule).

Run one beside the workers (docs/deployment.md); `--once` checks once and exits, `--list`
prints the table.
"""

import signal
import time
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections
from django.utils import timezone

from lotsa.jobs.schedule import scheduled_jobs
from lotsa.jobs.scheduler import enqueue_due


class Command(BaseCommand):
    help = "Lägger schemalagda jobb i kön när det är dags (påminnelser, enkäter, gallring …)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--interval", type=float, default=30.0, help="seconds between checks")
        parser.add_argument("--once", action="store_true", help="check once and exit")
        parser.add_argument("--list", action="store_true", help="print the jobs and exit")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            now = timezone.now()
            for job in scheduled_jobs:
                latest = timezone.localtime(job.schedule.latest(now))
                self.stdout.write(f"{job.name:28} {job.schedule}  senast {latest:%Y-%m-%d %H:%M}")
            return
        self._running = True
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        while self._running:
            for name in enqueue_due():
                self.stdout.write(f"Köat: {name}")
            if options["once"]:
                return
            deadline = time.monotonic() + options["interval"]
            while self._running and time.monotonic() < deadline:
                time.sleep(min(1.0, options["interval"]))
            # A long-running loop drops a connection the server has closed meanwhile; `--once`
            # (and a test's transaction) keeps the caller's connection as it is.
            close_old_connections()

    def _stop(self, signum: int, frame: FrameType | None) -> None:
        self._running = False
