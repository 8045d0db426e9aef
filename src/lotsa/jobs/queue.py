"""The task queue's state: abandoned tasks put back, and what the metrics report.

django-tasks' database worker marks a task RUNNING when it claims it and never looks at it
again if the worker dies (SIGKILL, a lost machine). A task of ours is safe to run again
(`tasks.py`), so a RUNNING task is put back to READY when the worker that claimed it starts
again under the same id, or when it has run longer than LOTSA_TASK_LEASE_SECONDS.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult


def reclaim_abandoned(*, worker_id: str | None = None) -> int:
    """Put back the tasks `worker_id` was running when it died, and every task older than
    the lease; return how many."""
    stale_before = timezone.now() - timedelta(seconds=settings.LOTSA_TASK_LEASE_SECONDS)
    reclaimed = 0
    with transaction.atomic():
        running = DBTaskResult.objects.select_for_update(skip_locked=True).filter(
            status=TaskResultStatus.RUNNING
        )
        for result in running:
            mine = worker_id is not None and result.worker_ids[-1:] == [worker_id]
            if mine or (result.started_at is not None and result.started_at < stale_before):
                result.status = TaskResultStatus.READY
                result.save(update_fields=["status"])
                reclaimed += 1
    return reclaimed


def queue_counts() -> dict[str, int]:
    """How many tasks are in each state (READY, RUNNING, FAILED, SUCCESSFUL)."""
    rows = DBTaskResult.objects.order_by().values("status").annotate(n=Count("id"))
    counts = {status: 0 for status in TaskResultStatus.values}
    counts.update({row["status"]: row["n"] for row in rows})
    return counts
