"""What retention adds to other apps (loaded by LotsaAppConfig.ready)."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from lotsa.jobs import schedule
from lotsa.organisations.models import User
from lotsa.people.models import Participant
from lotsa.people.views import person_page_parts
from lotsa.retention.policy import can_make_extract
from lotsa.retention.services import database_backup


def person_page_extract(actor: User, participant: Participant) -> dict[str, Any]:
    return {"can_make_extract": can_make_extract(actor, participant)}


person_page_parts.register("retention", person_page_extract, order=90)


def _backup() -> None:
    """A dated copy into LOTSA_BACKUP_DIR; a second run on the same day keeps the first."""
    directory = Path(settings.LOTSA_BACKUP_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"lotsa-{timezone.localdate():%Y-%m-%d}.dump"
    if not path.exists():
        database_backup(path=path)


schedule.register(
    schedule.ScheduledJob(
        "cull", schedule.Monthly(1, 3, 0), schedule.command("cull"), "culling, retention.md"
    )
)
if settings.LOTSA_BACKUP_DIR:
    schedule.register(
        schedule.ScheduledJob("backup", schedule.Daily(2, 30), _backup, "lotsa backup")
    )
