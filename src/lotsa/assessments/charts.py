"""The step-change chart: geometry for a server-rendered SVG line chart (no JavaScript).

The template draws what this computes. Every point carries the same number the table beside
the chart shows, so the two cannot disagree.
"""

import datetime
from dataclasses import dataclass, field

from django.utils.formats import number_format

from lotsa.assessments.models import SCALE_MAX, SCALE_MIN

WIDTH = 640
HEIGHT = 300
LEFT = 64
RIGHT = 48
TOP = 16
BOTTOM = 44
# Colours with at least 3:1 contrast against white (WCAG 1.4.11), told apart in the legend
# by marker shape as well, and the table carries every number.
COLOURS = (
    "#1f5fa8",
    "#b3261e",
    "#2e7d32",
    "#6a1b9a",
    "#8a5a00",
    "#00695c",
    "#ad1457",
    "#37474f",
)
MARKERS = ("circle", "square", "diamond", "triangle")


@dataclass(frozen=True)
class ChartPoint:
    x: float
    y: float
    value: float
    label: str


@dataclass
class ChartSeries:
    name: str
    colour: str
    marker: str
    points: list[ChartPoint] = field(default_factory=list)

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass
class StepChart:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    series: list[ChartSeries]
    x_ticks: list[Tick]
    y_ticks: list[Tick]


def _x(index: int, count: int) -> float:
    plot = WIDTH - LEFT - RIGHT
    if count == 1:
        return LEFT + plot / 2
    return LEFT + plot * index / (count - 1)


def _y(value: float) -> float:
    plot = HEIGHT - TOP - BOTTOM
    return TOP + plot * (SCALE_MAX - value) / (SCALE_MAX - SCALE_MIN)


def step_chart(dates: list[datetime.date], rows: list[tuple[str, list[float | None]]]) -> StepChart:
    """Lay out one line per area over the assessment dates (evenly spaced, in order)."""
    count = len(dates)
    series = []
    for index, (name, values) in enumerate(rows):
        line = ChartSeries(
            name=name,
            colour=COLOURS[index % len(COLOURS)],
            marker=MARKERS[index % len(MARKERS)],
        )
        for position, value in enumerate(values):
            if value is None:
                continue
            line.points.append(
                ChartPoint(
                    x=round(_x(position, count), 1),
                    y=round(_y(value), 1),
                    value=value,
                    label=f"{name} {dates[position]:%Y-%m-%d}: {number_format(value, 1)}",
                )
            )
        series.append(line)
    return StepChart(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        right=WIDTH - RIGHT,
        top=TOP,
        bottom=HEIGHT - BOTTOM,
        series=series,
        x_ticks=[Tick(round(_x(i, count), 1), f"{d:%Y-%m-%d}") for i, d in enumerate(dates)],
        y_ticks=[Tick(round(_y(v), 1), str(v)) for v in range(SCALE_MIN, SCALE_MAX + 1)],
    )
