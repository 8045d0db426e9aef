"""The queue's own upkeep as a scheduled job (loaded by LotsaAppConfig.ready)."""

from datetime import timedelta

from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from lotsa.jobs import schedule
from lotsa.jobs.models import OutboundMessage

KEEP_DAYS = 30


def _prune() -> None:
    """Finished tasks and messages older than a month go (neither holds personal data)."""
    before = timezone.now() - timedelta(days=KEEP_DAYS)
    DBTaskResult.objects.finished().filter(finished_at__lt=before).delete()
    OutboundMessage.objects.filter(finished_at__lt=before).delete()


schedule.register(
    schedule.ScheduledJob("prune_queue", schedule.Daily(5, 0), _prune, "finished tasks, 30 days")
)
