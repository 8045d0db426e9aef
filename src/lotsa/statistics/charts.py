"""Server-rendered SVG charts. Each chart draws the numbers of a published table, which the
page shows right below it, so a screen-reader user reads the same figures in the table; the
chart itself is one labelled image. Hidden (suppressed) cells get no bar, only their mark.

Row labels wrap onto several lines (SVG tspans) instead of being cut, and the legend names what
is plotted: the table's column, for the chosen and the previous period — both are drawn.
"""

import textwrap

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from lotsa.statistics.tables import Cell, PublishedTable

WIDTH = 640
LABEL_WIDTH = 230
LABEL_CHARACTERS = 32  # about as many as fit in LABEL_WIDTH at 12 px
LINE_HEIGHT = 14
BAR_HEIGHT = 14
GAP = 10
# Both colours have at least 3:1 contrast against white (WCAG 1.4.11); the legend names them and
# the previous period's bar is also hatched-looking by being thinner.
CURRENT = "#1f5fa8"
PREVIOUS = "#5f6b73"


def wrap_label(label: str, width: int = LABEL_CHARACTERS) -> list[str]:
    """The label in lines of at most `width` characters, broken between words (a word longer
    than a line is broken inside); never cut."""
    return textwrap.wrap(label, width=width, break_long_words=True) or [""]


def _text_lines(x: float, y: float, lines: list[str], *, anchor: str, size: int = 12) -> str:
    """A <text> whose lines are tspans, vertically centred on y."""
    first = y - (len(lines) - 1) * LINE_HEIGHT / 2
    spans = "".join(
        f'<tspan x="{x:.0f}" y="{first + k * LINE_HEIGHT:.0f}">{escape(line)}</tspan>'
        for k, line in enumerate(lines)
    )
    return f'<text font-size="{size}" text-anchor="{anchor}" fill="#1b1b1b">{spans}</text>'


def bar_chart(published: PublishedTable, *, chart_id: str) -> SafeString:
    """A horizontal bar chart of the chosen column, current period (and previous) per row."""
    table = published.table
    column = table.chart_column
    width = published.width_per_period
    rows = published.body_rows
    name = table.columns[column]
    series = [(0, CURRENT, f"{name} – {_('vald period')}")]
    if published.period_count > 1:
        series.append((width, PREVIOUS, f"{name} – {_('föregående period')}"))
    values = [
        float(cells[offset + column].value or 0)
        for _label, cells in rows
        for offset, _colour, _name in series
        if not cells[offset + column].hidden and cells[offset + column].value is not None
    ]
    top = max(values) if values else 0
    scale = (WIDTH - LABEL_WIDTH - 70) / top if top else 0
    wrapped = [wrap_label(label) for label, _cells in rows]
    bands = [max(BAR_HEIGHT * len(series), LINE_HEIGHT * len(lines)) + GAP for lines in wrapped]
    legend_height = 20 * len(series)
    height = legend_height + 10 + sum(bands)
    title = f"{table.title} – {name}"
    parts = [
        f'<svg class="stat-chart" id="{escape(chart_id)}" role="img" '
        f'aria-labelledby="{escape(chart_id)}-title" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}. '
        f"{escape(_('Samma siffror finns i tabellen nedan.'))}</title>",
    ]
    for index, (_offset, colour, label) in enumerate(series):
        y_legend = 4 + 20 * index
        parts.append(
            f'<rect x="{LABEL_WIDTH}" y="{y_legend}" width="12" height="12" fill="{colour}"></rect>'
            f'<text x="{LABEL_WIDTH + 16}" y="{y_legend + 10}" font-size="12" fill="#1b1b1b">'
            f"{escape(label)}</text>"
        )
    y = legend_height + 6
    for (_label, cells), lines, band in zip(rows, wrapped, bands, strict=True):
        bars_height = BAR_HEIGHT * len(series)
        top_of_bars = y + (band - GAP - bars_height) / 2
        parts.append(_text_lines(LABEL_WIDTH - 8, y + (band - GAP) / 2 + 4, lines, anchor="end"))
        for index, (offset, colour, _name) in enumerate(series):
            cell = cells[offset + column]
            bar_y = top_of_bars + index * BAR_HEIGHT
            length = 0.0
            if not cell.hidden and cell.value is not None:
                length = float(cell.value) * scale
            if length > 0:
                parts.append(
                    f'<rect x="{LABEL_WIDTH}" y="{bar_y:.0f}" width="{length:.1f}" '
                    f'height="{BAR_HEIGHT - 2}" fill="{colour}"></rect>'
                )
            parts.append(
                f'<text x="{LABEL_WIDTH + length + 4:.1f}" y="{bar_y + BAR_HEIGHT - 4:.0f}" '
                f'font-size="11" fill="#1b1b1b">{escape(cell.text)}</text>'
            )
        y += band
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every interpolated text is escaped above


TREND_WIDTH = 300
TREND_HEIGHT = 90


def trend_chart(title: str, years: list[str], cells: list[Cell], *, chart_id: str) -> SafeString:
    """A small line chart of one key figure over the years; hidden or missing years are gaps
    with their mark. Every year and every published value is a label."""
    known = [float(cell.value) for cell in cells if not cell.hidden and cell.value is not None]
    low, high = (min(known), max(known)) if known else (0.0, 0.0)
    span = (high - low) or 1.0
    left, right, top, bottom = 10, TREND_WIDTH - 10, 18, TREND_HEIGHT - 20
    step = (right - left) / max(1, len(years) - 1)

    def x(index: int) -> float:
        return left + step * index if len(years) > 1 else (left + right) / 2

    def y(value: float) -> float:
        return bottom - (value - low) / span * (bottom - top) if high != low else (top + bottom) / 2

    parts = [
        f'<svg class="stat-trend" id="{escape(chart_id)}" role="img" '
        f'aria-labelledby="{escape(chart_id)}-title" viewBox="0 0 {TREND_WIDTH} {TREND_HEIGHT}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}, {escape(years[0])}–'
        f"{escape(years[-1])}. {escape(_('Samma siffror finns i tabellen.'))}</title>",
    ]
    segment: list[str] = []
    segments: list[list[str]] = []
    for index, cell in enumerate(cells):
        if cell.hidden or cell.value is None:
            if segment:
                segments.append(segment)
            segment = []
            continue
        segment.append(f"{x(index):.1f},{y(float(cell.value)):.1f}")
    if segment:
        segments.append(segment)
    for points in segments:
        if len(points) > 1:
            parts.append(
                f'<polyline points="{" ".join(points)}" fill="none" stroke="{CURRENT}" '
                f'stroke-width="2"></polyline>'
            )
    for index, (year, cell) in enumerate(zip(years, cells, strict=True)):
        if not cell.hidden and cell.value is not None:
            cy = y(float(cell.value))
            parts.append(
                f'<circle cx="{x(index):.1f}" cy="{cy:.1f}" r="3" fill="{CURRENT}"></circle>'
            )
            label_y = cy - 6
        else:
            label_y = (top + bottom) / 2
        parts.append(
            f'<text x="{x(index):.1f}" y="{label_y:.1f}" font-size="10" text-anchor="middle" '
            f'fill="#1b1b1b">{escape(cell.text)}</text>'
            f'<text x="{x(index):.1f}" y="{TREND_HEIGHT - 4}" font-size="10" '
            f'text-anchor="middle" fill="#1b1b1b">{escape(year)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every interpolated text is escaped above
