"""Dates, times and plan snapshots of the synthetic world: a person's fate and timeline."""

import functools
import random
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

LOCAL = ZoneInfo("Europe/Stockholm")


@dataclass(frozen=True)
class _Fate:
    unit_index: int
    referral_status: str
    case_status: str | None


@dataclass(frozen=True)
class _Timeline:
    registered_on: date
    submitted_on: date
    decided_on: date | None
    start: date | None
    closed_on: date | None


def _aware(day: date, hour: int, minute: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LOCAL).astimezone(UTC)


def _aware_on(rng: random.Random, day: date) -> datetime:
    """A moment in office hours (08–17 Swedish time) on `day`, in UTC as the database returns it."""
    microseconds = int(rng.random() * OFFICE_DAY_MICROSECONDS)
    return _office_opens(day) + timedelta(microseconds=microseconds // 1000 * 1000)


OFFICE_DAY_MICROSECONDS = 9 * 3600 * 1_000_000


@functools.lru_cache(maxsize=8192)
def _office_opens(day: date) -> datetime:
    """08:00 Swedish time on `day`, in UTC (cached: converting time zones is the slow part)."""
    return _aware(day, 8, 0)


def _address(username: str) -> str:
    """A stable private IPv4 address per user (IPv4 reads back exactly as written)."""
    number = zlib.crc32(username.encode("utf-8"))
    return f"10.{(number >> 16) & 255}.{(number >> 8) & 255}.{number & 255}"


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _goal_data(goal: list[Any]) -> dict[str, Any]:
    """The snapshot form of cases.plan.goal_data, from a generated row."""
    goal_id, _case_id, kind, description, target_date, is_achieved = goal
    return {
        "id": goal_id,
        "kind": kind,
        "description": description,
        "target_date": _iso(target_date),
        "is_achieved": is_achieved,
    }


def _activity_data(activity: tuple[Any, ...], names: Mapping[int, str]) -> dict[str, Any]:
    """The snapshot form of cases.plan.activity_data, from a generated row."""
    (
        activity_id, _case_id, type_id, skr_category, description, responsible, starts_on,
        ends_on, extent, extent_unit, status,
    ) = activity  # fmt: skip
    return {
        "id": activity_id,
        "activity_type_id": type_id,
        "activity_type": names[type_id],
        "skr_category": skr_category,
        "description": description,
        "responsible": responsible,
        "starts_on": _iso(starts_on),
        "ends_on": _iso(ends_on),
        "extent": None if extent is None else str(extent),
        "extent_unit": extent_unit,
        "status": status,
    }
