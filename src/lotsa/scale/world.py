"""What every part of one organisation's synthetic world shares: the seeded random source, the
ids the generator hands out itself and the rows waiting to be written, table by table."""

import random
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import models


class Ids:
    """The next free id of each large table; rows point at each other before they are written."""

    def __init__(self, first: Mapping[type[models.Model], int]) -> None:
        self._next = dict(first)

    def take(self, model: type[models.Model]) -> int:
        value = self._next[model]
        self._next[model] = value + 1
        return value


@dataclass
class World:
    rng: random.Random
    ids: Ids
    rows: dict[type[models.Model], list[tuple[Any, ...]]]
    today: date
    last_day: date
    history_start: date
