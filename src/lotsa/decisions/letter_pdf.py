"""The decision letter as PDF: the printed page's own HTML, laid out by WeasyPrint.

The page (templates/decisions/letter.html) and the PDF include the one letter template
(`_letter.html`) with the one stylesheet (shell's lotsa.css, whose print rules apply), so the
PDF cannot drop or add a line the printed page has. The font is DejaVu Sans shipped in shell's
static files and embedded in the PDF, so every name prints (Latin Extended, Cyrillic, Arabic,
Vietnamese); Pango shapes the text. Only local files are read: nothing is fetched from a network.
"""

import logging
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

STYLESHEET = "lotsa/lotsa.css"
# The screen rules of lotsa.css that WeasyPrint does not know (sticky headers, SVG strokes) are
# skipped with a warning per rule and letter; they do not touch the letter.
logging.getLogger("weasyprint").setLevel(logging.ERROR)


def _stylesheet_path() -> str:
    path = finders.find(STYLESHEET)
    if not isinstance(path, str):
        raise LookupError(f"{STYLESHEET} is missing from the static files")
    return path


def letter_pdf(context: dict[str, Any]) -> bytes:
    """The letter of `context` (the letter page's context) as PDF bytes."""
    html = render_to_string("decisions/letter_document.html", context)
    local_only = URLFetcher(allowed_protocols={"file"})
    stylesheet = CSS(filename=_stylesheet_path(), url_fetcher=local_only)
    document = HTML(string=html, url_fetcher=local_only, base_url=_stylesheet_path())
    return bytes(document.write_pdf(stylesheets=[stylesheet]) or b"")
