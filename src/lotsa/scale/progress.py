"""A small progress bar on stderr (no dependency): redrawn in place on a terminal, else logged."""

import sys
import time
from typing import TextIO

WIDTH = 30


class Progress:
    """Counts work done towards `total`; draws at most a few times a second."""

    def __init__(self, total: int, *, label: str, stream: TextIO | None = None) -> None:
        self.total = max(total, 1)
        self.label = label
        self.done = 0
        self.stream = stream if stream is not None else sys.stderr
        self.is_terminal = self.stream.isatty()
        self.started = time.monotonic()
        self._last_drawn = 0.0
        self._last_tenth = 0

    def advance(self, amount: int = 1) -> None:
        self.done = min(self.done + amount, self.total)
        now = time.monotonic()
        if self.is_terminal:
            if now - self._last_drawn >= 0.2 or self.done == self.total:
                self._last_drawn = now
                self.stream.write("\r" + self._line(now))
                self.stream.flush()
        else:
            tenth = self.done * 10 // self.total
            if tenth != self._last_tenth:
                self._last_tenth = tenth
                self.stream.write(self._line(now) + "\n")
                self.stream.flush()

    def finish(self) -> None:
        if self.is_terminal:
            self.stream.write("\r" + self._line(time.monotonic()) + "\n")
            self.stream.flush()

    def _line(self, now: float) -> str:
        share = self.done / self.total
        filled = int(share * WIDTH)
        elapsed = now - self.started
        rate = self.done / elapsed if elapsed > 0 else 0.0
        remaining = (self.total - self.done) / rate if rate > 0 else 0.0
        bar = "#" * filled + "-" * (WIDTH - filled)
        return (
            f"{self.label} [{bar}] {self.done}/{self.total} {share:4.0%} "
            f"{elapsed:5.0f} s, {remaining:4.0f} s kvar"
        )


class NoProgress(Progress):
    """For tests and callers that want silence."""

    def __init__(self) -> None:
        super().__init__(1, label="")

    def advance(self, amount: int = 1) -> None:
        return None

    def finish(self) -> None:
        return None
