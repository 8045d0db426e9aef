"""A page's own HTML as PDF, laid out by WeasyPrint (decision letters, the board report).

The PDF is rendered from the template the page includes, with the one stylesheet (shell's
lotsa.css, whose print rules apply), so the PDF cannot drop or add a line the printed page has.
The font is DejaVu Sans shipped in shell's static files and embedded in the PDF, so every name
prints (Latin Extended, Cyrillic, Arabic, Vietnamese); Pango shapes the text. Only local files
are read: nothing is fetched from a network.
"""

import logging
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

STYLESHEET = "lotsa/lotsa.css"
# The screen rules of lotsa.css that WeasyPrint does not know (sticky headers, SVG strokes) are
# skipped with a warning per rule and document; they do not touch the printed content.
logging.getLogger("weasyprint").setLevel(logging.ERROR)


def _stylesheet_path() -> str:
    path = finders.find(STYLESHEET)
    if not isinstance(path, str):
        raise LookupError(f"{STYLESHEET} is missing from the static files")
    return path


def render_pdf(template: str, context: dict[str, Any], *, extra_css: str = "") -> bytes:
    """`template` rendered with `context` as PDF bytes; `extra_css` is added after lotsa.css
    (the board report's running header, which names the organisation and the period)."""
    html = render_to_string(template, context)
    local_only = URLFetcher(allowed_protocols={"file"})
    stylesheets = [CSS(filename=_stylesheet_path(), url_fetcher=local_only)]
    if extra_css:
        stylesheets.append(CSS(string=extra_css, url_fetcher=local_only))
    document = HTML(string=html, url_fetcher=local_only, base_url=_stylesheet_path())
    return bytes(document.write_pdf(stylesheets=stylesheets) or b"")
