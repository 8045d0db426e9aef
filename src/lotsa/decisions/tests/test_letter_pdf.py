"""The decision letter: one template for page and PDF, every name prints, "du" and plain reasons.

The PDF is the printed page laid out by WeasyPrint from the same HTML, so their texts are the
same; the shipped font covers the names Swedish municipalities register.
"""

import io
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from lotsa.decisions.letter import to_you
from lotsa.decisions.tests.factories import grant, investigated, reject
from lotsa.people.models import Participant

pytestmark = pytest.mark.django_db

NAME = ("Łukasz Zoë", "Nguyễn-Şahin Дмитриев")
# Names of every script the municipality registers: Latin Extended, Cyrillic, Arabic, Vietnamese.
SAMPLE_NAMES = (
    "Łukasz Zoë Nguyễn-Şahin Дмитриев",
    "Đặng Thị Hương",
    "Ștefan Çelik Øystein Ærø",
    "محمد عبد الرحمن",
    "Γιώργος Παπαδόπουλος",
)


class _LetterText(HTMLParser):
    """The text of the page's <article class="decision-letter">: what a printer prints."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in {"br", "hr", "img", "input", "meta", "link", "wbr"}:
            return  # void elements have no end tag
        if self.depth:
            self.depth += 1
        elif tag == "article" and ("class", "decision-letter") in attrs:
            self.depth = 1

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.parts.append(data)


def _words(text: str) -> list[str]:
    return unicodedata.normalize("NFC", " ".join(text.split())).split()


def _page_text(html: str) -> list[str]:
    parser = _LetterText()
    parser.feed(html)
    return _words(" ".join(parser.parts))


def _pdf_text(content: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(content))
    words = _words(" ".join(page.extract_text() or "" for page in reader.pages))
    return [word for word in words if word != "•"]  # list bullets are drawn, not written


def _named(city, first: str, last: str):
    person = city.person()
    Participant.objects.filter(pk=person.pk).update(first_name=first, last_name=last)
    person.refresh_from_db()
    return person


def test_the_pdf_has_every_line_of_the_printed_page(client, city):
    person = _named(city, "Anna", "Andersson")
    decision = grant(city, investigated(city, person=person))
    client.force_login(city.officer)
    page = client.get(reverse("decisions:letter", args=[decision.pk])).content.decode()
    pdf = client.get(reverse("decisions:letter_pdf", args=[decision.pk])).content
    page_words, pdf_words = _page_text(page), _pdf_text(pdf)
    # The line the old PDF dropped: who will contact the person about their coach.
    assert "kontaktar dig om vem som blir din jobbcoach." in " ".join(page_words)
    assert pdf_words == page_words


def test_a_name_in_every_script_prints_intact_in_the_pdf(client, city):
    person = _named(city, *NAME)
    decision = reject(city, investigated(city, person=person, answer="no"))
    client.force_login(city.officer)
    pdf = client.get(reverse("decisions:letter_pdf", args=[decision.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    text = " ".join(_pdf_text(pdf.content))
    assert "Łukasz Zoë Nguyễn-Şahin Дмитриев" in text
    assert "?" not in text  # the old PDF printed question marks for what Latin-1 lacks
    page = client.get(reverse("decisions:letter", args=[decision.pk])).content.decode()
    assert _pdf_text(pdf.content) == _page_text(page)


def test_the_shipped_font_covers_every_script_and_carries_its_licence():
    font_path = finders.find("lotsa/fonts/DejaVuSans.ttf")
    assert font_path, "the print font ships with the package"
    cmap = TTFont(font_path).getBestCmap()
    for name in SAMPLE_NAMES:
        missing = [
            ch for ch in unicodedata.normalize("NFC", name) if ch != " " and ord(ch) not in cmap
        ]
        assert missing == [], name
    licence = Path(font_path).with_name("LICENSE-DejaVu.txt").read_text(encoding="utf-8")
    assert "Bitstream" in licence
    css = Path(finders.find("lotsa/lotsa.css")).read_text(encoding="utf-8")
    assert re.search(
        r'@font-face \{ font-family: "Lotsa Print"; src: url\("fonts/DejaVuSans.ttf"\)', css
    )
    assert "http" not in re.findall(r"@font-face[^}]*", css)[0]


def test_a_rejection_speaks_to_the_person_and_says_why_each_criterion_is_unmet(client, city):
    person = _named(city, "Bo", "Berg")
    application = investigated(city, person=person, answer="yes", overrides={"stodbehov": "no"})
    decision = reject(city, application)
    client.force_login(city.officer)
    page = client.get(reverse("decisions:letter", args=[decision.pk]))
    text = " ".join(_page_text(page.content.decode()))
    assert "Den enskilde" not in text and "den enskilde" not in text
    assert "Du har ett stödbehov som innebär att du inte kan finna, få och behålla" in text
    assert "Det stämmer inte för dig. Så här har vi bedömt det: Enligt samtal." in text
    criteria = page.context["criteria"]
    unmet = [c for c in criteria if c.outcome == "not_met"]
    assert len(unmet) == 1 and unmet[0].explanation
    assert all(c.verdict == "Det stämmer för dig." for c in criteria if c.is_met)


def test_an_age_outside_the_guideline_is_explained_with_the_limits(client, city):
    application = investigated(city, person=city.person(age=70))
    decision = reject(city, application)
    client.force_login(city.officer)
    text = " ".join(
        _page_text(client.get(reverse("decisions:letter", args=[decision.pk])).content.decode())
    )
    assert "Du ska vara i yrkesverksam ålder. Det stämmer inte för dig." in text
    assert re.search(
        r"Du var (69|70) år när du ansökte\. Stödet är för dig som är 18–64 år\.", text
    )


def test_guideline_sentences_are_said_to_the_person():
    assert (
        to_you("Den enskilde ska vara i yrkesverksam ålder.") == "Du ska vara i yrkesverksam ålder."
    )
    assert (
        to_you("Det ska finnas stödbehov som innebär att den enskilde inte kan finna ett arbete.")
        == "Det ska finnas stödbehov som innebär att du inte kan finna ett arbete."
    )
    assert to_you("att hen inte kan") == "att du inte kan"
    assert to_you("Henrik") == "Henrik"
