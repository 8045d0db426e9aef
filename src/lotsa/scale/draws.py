"""Weighted random draws of the synthetic world (the shares are in `shapes`)."""

import random
from collections.abc import Mapping
from typing import Any

from lotsa.cases.constants import (
    ClosureReason,
)
from lotsa.scale import shapes


class _Weighted:
    """A weighted choice with its cumulative weights computed once."""

    def __init__(self, weights: Mapping[Any, float]) -> None:
        self.values = list(weights)
        total = 0.0
        self.cumulative: list[float] = []
        for weight in weights.values():
            total += weight
            self.cumulative.append(total)

    def pick(self, rng: random.Random) -> Any:
        return rng.choices(self.values, cum_weights=self.cumulative)[0]


REFERRAL_STATUS = _Weighted(shapes.REFERRAL_STATUS_SHARES)
CASE_STATUS = _Weighted(shapes.CASE_STATUS_SHARES)
CLOSURE_REASON = _Weighted(shapes.CLOSURE_REASON_WEIGHTS)
GOAL_KIND = _Weighted(shapes.GOAL_KIND_WEIGHTS)
ACTIVITY_COUNT = _Weighted(shapes.ACTIVITIES_PER_CASE_WEIGHTS)
CLOSED_ACTIVITY_STATUS = _Weighted(shapes.CLOSED_ACTIVITY_STATUS_WEIGHTS)
NOTE_KIND = _Weighted(shapes.NOTE_KIND_WEIGHTS)
REFERRING_UNIT_INDEX = _Weighted(
    {index: share for index, (_name, share, _groups) in enumerate(shapes.REFERRING_UNITS)}
)
WORK_OR_STUDIES = {
    ClosureReason.WORK_UNSUBSIDISED,
    ClosureReason.WORK_SUBSIDISED,
    ClosureReason.STUDIES,
}
