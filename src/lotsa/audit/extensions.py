"""What audit adds to other apps (loaded by LotsaAppConfig.ready): its scheduled jobs."""

from datetime import date

from django.utils import timezone

from lotsa.jobs import schedule

# The nightly verify hashes the open months and compares the closed ones with what was stored;
# on this weekday it hashes every month again (`--full`), which finds a record changed in
# place inside a verified month (docs/deployment.md).
FULL_VERIFY_WEEKDAY = 6  # Sunday


def verify_arguments(day: date) -> tuple[str, ...]:
    """The nightly `audit verify`'s command line for `day` (local)."""
    if day.weekday() == FULL_VERIFY_WEEKDAY:
        return ("audit", "verify", "--full")
    return ("audit", "verify")


def _verify() -> None:
    schedule.command(*verify_arguments(timezone.localdate()))()


schedule.register(
    schedule.ScheduledJob(
        "audit_checkpoint",
        schedule.Daily(23, 45),
        schedule.command("audit", "checkpoint"),
        "signed chain heads into LOTSA_AUDIT_CHECKPOINT_DIR",
    )
)
schedule.register(
    schedule.ScheduledJob(
        "audit_verify",
        schedule.Daily(4, 0),
        _verify,
        "the chains, closed months once (every month on Sundays), and the checkpoints",
    )
)
