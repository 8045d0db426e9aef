"""The decision letter as PDF: the printed page's own HTML, laid out by WeasyPrint.

The page (templates/decisions/letter.html) and the PDF include the one letter template
(`_letter.html`) with the one stylesheet (`lotsa.core.pdf`), so the PDF cannot drop or add a
line the printed page has.
"""

from typing import Any

from lotsa.core.pdf import render_pdf


def letter_pdf(context: dict[str, Any]) -> bytes:
    """The letter of `context` (the letter page's context) as PDF bytes."""
    return render_pdf("decisions/letter_document.html", context)
