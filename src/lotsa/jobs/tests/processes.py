"""Tests that start other processes (workers, the entry point) against this test's database."""

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import connection, connections


def database_url(tmp_path: Path) -> str:
    """The URL of this test's database as another process reaches it."""
    if connection.vendor == "sqlite":
        path = tmp_path / "queue.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        target.close()
        return f"sqlite:///{path}"
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s["PASSWORD"] else ""
    return f"postgres://{s['USER']}{password}@{s['HOST']}:{s['PORT'] or 5432}/{s['NAME']}"


@contextmanager
def reading(url: str) -> Iterator[None]:
    """Read the worker's database: the file copy on SQLite, the same database on PostgreSQL."""
    if not url.startswith("sqlite"):
        yield
        return
    original = connections["default"]
    backend = type(original)
    connections["default"] = backend(
        {**original.settings_dict, "NAME": url.removeprefix("sqlite:///")}, "default"
    )
    try:
        yield
    finally:
        connections["default"].close()
        connections["default"] = original
