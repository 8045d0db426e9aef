"""The queue's own upkeep as a scheduled job (loaded by LotsaAppConfig.ready)."""

from datetime import timedelta

from django.utils import timezone

from lotsa.jobs import schedule
from lotsa.jobs.models import OutboundMessage
from lotsa.jobs.schedule import command

KEEP_DAYS = 30


def _prune() -> None:
    """Finished tasks and messages older than a month go (neither holds personal data)."""
    command("prune_db_task_results", "--min-age-days", str(KEEP_DAYS))()
    before = timezone.now() - timedelta(days=KEEP_DAYS)
    OutboundMessage.objects.filter(finished_at__lt=before).delete()


schedule.register(
    schedule.ScheduledJob("prune_queue", schedule.Daily(5, 0), _prune, "finished tasks, 30 days")
)
