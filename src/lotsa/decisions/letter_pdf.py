"""The decision letter as PDF, made with fpdf2 (pure Python; no system packages).

The built-in Helvetica covers Latin-1, which holds Swedish (å, ä, ö, é) and §; the few
typographic characters outside it (dashes, curly quotes) are replaced by plain equivalents.
The text follows the HTML letter (templates/decisions/letter.html) section by section.
"""

from django.utils.translation import gettext as _
from fpdf import FPDF

from lotsa.decisions.models import Decision

REPLACEMENTS = {
    "\u2013": "-",
    "\u2014": "-",
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2026": "...",
    "\u00a0": " ",
}


def _latin1(text: object) -> str:
    value = str(text)
    for old, new in REPLACEMENTS.items():
        value = value.replace(old, new)
    return value.encode("latin-1", "replace").decode("latin-1")


def letter_pdf(decision: Decision, information: list[str]) -> bytes:
    """The letter for `decision` as PDF bytes; `information` is what the person was told."""
    version = decision.guideline_version
    person = decision.participant
    pdf = FPDF(format="A4")
    pdf.set_title(_latin1(_("Beslut %(id)s") % {"id": decision.pk}))
    pdf.set_lang("sv")
    pdf.set_margins(20, 20, 20)
    pdf.add_page()

    def heading(text: str, size: int = 13) -> None:
        pdf.ln(3)
        pdf.set_font("Helvetica", "B", size)
        pdf.multi_cell(0, 7, _latin1(text), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 11)

    def paragraph(text: str, bold: bool = False) -> None:
        pdf.set_font("Helvetica", "B" if bold else "", 11)
        pdf.multi_cell(0, 6, _latin1(text), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 11)
        pdf.ln(1)

    pdf.set_font("Helvetica", "", 10)
    paragraph(f"{decision.organisation}\n{decision.application.unit}")
    paragraph(
        _("Datum: %(date)s. Beslut nummer %(id)s.")
        % {"date": decision.decided_on.isoformat(), "id": decision.pk}
    )
    if decision.kind == "extension":
        title = _("Beslut om förlängning")
    elif decision.is_granted:
        title = _("Beslut: du beviljas stöd")
    else:
        title = _("Beslut: din ansökan avslås")
    heading(title, 16)
    heading(_("Beslutet gäller"))
    number = person.personal_number
    paragraph(f"{person.first_name} {person.last_name}, {number[:8]}-{number[8:]}")
    paragraph(
        _("Du ansökte den %(date)s om: %(support)s.")
        % {
            "date": decision.application.received_on.isoformat(),
            "support": decision.support_type,
        }
    )
    if decision.first_step_motivation and decision.kind != "extension":
        heading(_("Prövning enligt 4 kap. 1 § socialtjänstlagen (SoL)"))
        paragraph(_("Beslut: avslag."), bold=True)
        paragraph(decision.first_step_motivation)
    heading(_("Prövning enligt %(basis)s") % {"basis": decision.get_legal_basis_display()})
    paragraph(
        _("Beslut: du beviljas insatsen.") if decision.is_granted else _("Beslut: avslag."),
        bold=True,
    )
    paragraph(decision.motivation)
    if decision.is_granted and decision.valid_from and decision.valid_to:
        paragraph(
            _("Beslutet gäller från %(start)s till och med %(end)s.")
            % {"start": decision.valid_from.isoformat(), "end": decision.valid_to.isoformat()}
        )
        if decision.special_reason:
            paragraph(
                _(
                    "Beslutet gäller längre än riktlinjens utgångspunkt på grund av särskilda "
                    "skäl: %(reason)s."
                )
                % {"reason": decision.get_special_reason_display()}
                + " "
                + decision.special_reason_text
            )
    if decision.kind != "extension":
        heading(_("Så har vi bedömt kriterierna"))
        for result in decision.criteria_results:
            outcome = {
                "met": _("Uppfyllt."),
                "not_met": _("Inte uppfyllt."),
            }.get(result.get("outcome", ""), _("Bedömt individuellt."))
            comment = result.get("comment", "")
            paragraph(f"- {result.get('label', '')} {outcome} {comment}".strip())
    if information:
        heading(_("Det här ska du veta"))
        for text in information:
            paragraph(f"- {text}")
        if decision.informed_on:
            paragraph(
                _("Du fick den här informationen den %(date)s.")
                % {"date": decision.informed_on.isoformat()}
            )
    heading(_("Om du inte är nöjd"))
    paragraph(
        _(
            "Du kan överklaga beslutet enligt 4 kap. 1 § SoL till förvaltningsrätten. Skicka "
            "överklagandet till oss inom tre veckor från den dag du fick beslutet. Ett beslut "
            "enligt 4 kap. 2 § SoL kan inte överklagas på det sättet, men du kan alltid ansöka "
            "igen."
        )
    )
    pdf.ln(4)
    reference = f" ({version.guideline.reference})" if version.guideline.reference else ""
    paragraph(
        _("Beslutsfattare: %(who)s, enligt delegation %(delegation)s.")
        % {"who": decision.decided_by, "delegation": decision.delegation}
    )
    paragraph(
        _("Riktlinje: %(name)s%(reference)s, version %(number)s.")
        % {"name": version.guideline.name, "reference": reference, "number": version.number}
    )
    return bytes(pdf.output())
