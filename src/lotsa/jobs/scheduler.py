"""The one scheduler: enqueue each scheduled job once per due time (`lotsa scheduler`)."""

import logging
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from lotsa.jobs.models import ScheduledRun
from lotsa.jobs.queue import reclaim_abandoned
from lotsa.jobs.schedule import scheduled_jobs
from lotsa.jobs.tasks import run_scheduled_job

logger = logging.getLogger("lotsa.jobs")


def enqueue_due(now: datetime | None = None) -> list[str]:
    """Enqueue every job whose latest due time has not been enqueued; return their names.

    Only the latest due time counts: a scheduler that was down for a day runs a missed job
    once, not once per missed slot. A second scheduler (after a failover) finds the
    ScheduledRun row and enqueues nothing.
    """
    now = now or timezone.now()
    reclaim_abandoned()
    enqueued = []
    for job in scheduled_jobs:
        due_at = job.schedule.latest(now)
        if ScheduledRun.objects.filter(job=job.name, due_at=due_at).exists():
            continue
        try:
            with transaction.atomic():
                ScheduledRun.objects.create(job=job.name, due_at=due_at)
                run_scheduled_job.enqueue(job.name, due_at.isoformat())
        except IntegrityError:
            continue
        logger.info("scheduled job %s enqueued for %s", job.name, due_at.isoformat())
        enqueued.append(job.name)
    return enqueued
