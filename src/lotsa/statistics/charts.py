"""Server-rendered SVG bar charts. Each chart draws the numbers of a published table, which the
page shows right below it, so a screen-reader user reads the same figures in the table; the
chart itself is one labelled image. Hidden (suppressed) cells get no bar, only their mark.
"""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from lotsa.statistics.tables import PublishedTable

WIDTH = 640
LABEL_WIDTH = 230
BAR_HEIGHT = 14
GAP = 10
# Both colours have at least 3:1 contrast against white (WCAG 1.4.11); the legend names them and
# the previous period's bar is also hatched-looking by being thinner.
CURRENT = "#1f5fa8"
PREVIOUS = "#5f6b73"


def bar_chart(published: PublishedTable, *, chart_id: str) -> SafeString:
    """A horizontal bar chart of the chosen column, current period (and previous) per row."""
    table = published.table
    column = table.chart_column
    width = published.width_per_period
    rows = published.body_rows
    series = [(0, CURRENT, _("Vald period"))]
    if published.period_count > 1:
        series.append((width, PREVIOUS, _("Föregående period")))
    values = [
        float(cells[offset + column].value or 0)
        for _label, cells in rows
        for offset, _colour, _name in series
        if not cells[offset + column].hidden and cells[offset + column].value is not None
    ]
    top = max(values) if values else 0
    scale = (WIDTH - LABEL_WIDTH - 70) / top if top else 0
    band = BAR_HEIGHT * len(series) + GAP
    height = 30 + band * len(rows)
    title = f"{table.title} – {table.columns[column]}"
    parts = [
        f'<svg class="stat-chart" id="{escape(chart_id)}" role="img" '
        f'aria-labelledby="{escape(chart_id)}-title" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}. '
        f"{escape(_('Samma siffror finns i tabellen nedan.'))}</title>",
    ]
    x_legend = LABEL_WIDTH
    for _offset, colour, name in series:
        parts.append(
            f'<rect x="{x_legend}" y="4" width="12" height="12" fill="{colour}"></rect>'
            f'<text x="{x_legend + 16}" y="14" font-size="12" fill="#1b1b1b">{escape(name)}</text>'
        )
        x_legend += 150
    y = 26
    for label, cells in rows:
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + BAR_HEIGHT * len(series) / 2 + 4:.0f}" '
            f'font-size="12" text-anchor="end" fill="#1b1b1b">{escape(label[:36])}</text>'
        )
        for index, (offset, colour, _name) in enumerate(series):
            cell = cells[offset + column]
            bar_y = y + index * BAR_HEIGHT
            length = 0.0
            if not cell.hidden and cell.value is not None:
                length = float(cell.value) * scale
            if length > 0:
                parts.append(
                    f'<rect x="{LABEL_WIDTH}" y="{bar_y}" width="{length:.1f}" '
                    f'height="{BAR_HEIGHT - 2}" fill="{colour}"></rect>'
                )
            parts.append(
                f'<text x="{LABEL_WIDTH + length + 4:.1f}" y="{bar_y + BAR_HEIGHT - 4}" '
                f'font-size="11" fill="#1b1b1b">{escape(cell.text)}</text>'
            )
        y += band
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every interpolated text is escaped above
