"""Print and PDF of the statistics pages: the running header that names the organisation and
the period on every page.

The page rules (`@page report`, landscape `report-wide` for wide tables, page numbers) are
static and live in shell's lotsa.css; only the header's text depends on the report, so it is a
small stylesheet of its own: the page links it (the pages allow no inline style) and the PDF
adds it to WeasyPrint's stylesheets. Chromium and WeasyPrint both draw @page margin boxes.
"""

from django.utils.translation import gettext as _

from lotsa.statistics.report import ReportFilter


def css_string(text: str) -> str:
    """`text` as a CSS string literal: backslashes, quotes and line breaks escaped, so a name
    cannot end the string or the rule."""
    escaped = "".join(
        f"\\{ord(char):x} " if char in '\\"\n\r\f<>' or ord(char) < 32 else char for char in text
    )
    return f'"{escaped}"'


def running_header_css(report_filter: ReportFilter) -> str:
    heading = f"{report_filter.organisation.name} – {_('Styrelserapport')} {report_filter.period}"
    text = css_string(heading)
    return (
        f"@page report {{ @top-left {{ content: {text}; }} }}\n"
        f"@page report-wide {{ @top-left {{ content: {text}; }} }}\n"
    )
