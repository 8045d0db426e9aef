"""Test backends for the worker test: a text message goes to a file, the first one slowly."""

import os
import time
from pathlib import Path

from lotsa.core.sms import BaseSmsBackend


class SlowFileSmsBackend(BaseSmsBackend):
    """The first send marks that it started and then hangs (the test kills the worker there);
    every later send appends one line to `delivered` in LOTSA_TEST_SMS_DIR."""

    def send(self, to: str, message: str, *, idempotency_key: str = "") -> None:
        directory = Path(os.environ["LOTSA_TEST_SMS_DIR"])
        started = directory / "started"
        if not started.exists():
            started.touch()
            time.sleep(120)
        with (directory / "delivered").open("a", encoding="utf-8") as handle:
            handle.write(f"{idempotency_key}\t{to}\n")


class FailingSmsBackend(BaseSmsBackend):
    """Refuses every message, like an operator that is down."""

    def send(self, to: str, message: str, *, idempotency_key: str = "") -> None:
        raise ConnectionError("the operator does not answer")
