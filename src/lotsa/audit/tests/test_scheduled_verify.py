"""The nightly `audit verify` job: closed months compared on weekdays, every month hashed on
Sundays (docs/deployment.md's table)."""

from datetime import date

from lotsa.audit.extensions import verify_arguments
from lotsa.jobs import schedule


def test_the_nightly_verify_hashes_everything_again_on_sundays():
    assert verify_arguments(date(2026, 3, 1)) == ("audit", "verify", "--full")  # a Sunday
    for day in range(2, 8):  # Monday … Saturday
        assert verify_arguments(date(2026, 3, day)) == ("audit", "verify")


def test_the_verify_job_is_the_nightly_one():
    job = next(job for job in schedule.scheduled_jobs if job.name == "audit_verify")
    assert job.schedule == schedule.Daily(4, 0)
    assert "Sundays" in job.description
