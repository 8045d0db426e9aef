"""What audit adds to other apps (loaded by LotsaAppConfig.ready): its scheduled jobs."""

from lotsa.jobs import schedule

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
        schedule.command("audit", "verify"),
        "the chains, closed months once, and the checkpoints",
    )
)
