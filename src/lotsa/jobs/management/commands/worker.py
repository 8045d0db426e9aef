"""`lotsa worker`: run queued tasks (django-tasks' database worker, with crash recovery).

The same options as django-tasks' `db_worker`; the worker id defaults to LOTSA_WORKER_ID or the
host name, so a worker restarted on the same machine (or container) finds the task it was
running when it died and runs it again (lotsa.jobs.queue, decision 0024).
"""

import os
import socket
from argparse import ArgumentParser
from typing import Any

from django_tasks_db.management.commands import db_worker

from lotsa.jobs.queue import reclaim_abandoned


def default_worker_id() -> str:
    return (os.environ.get("LOTSA_WORKER_ID") or socket.gethostname() or "lotsa-worker")[:64]


class Command(db_worker.Command):
    help = "Kör köade bakgrundsjobb (e-post, sms, schemalagda jobb)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(worker_id=default_worker_id(), queue_name="*", reload=False)

    def handle(self, *args: Any, **options: Any) -> None:
        reclaimed = reclaim_abandoned(worker_id=options["worker_id"])
        if reclaimed and options["verbosity"]:
            self.stdout.write(f"{reclaimed} avbrutna jobb köade igen.")
        super().handle(*args, **options)
