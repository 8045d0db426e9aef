"""Participant msgids missing, empty or fuzzy in each participant language's catalogue.

Run ``python -m lotsa.portal.catalogue_gaps`` (exit status 1 when anything is missing), or call
:func:`catalogue_gaps`. A msgid is participant-facing when one of its ``#:`` source references
(written by ``make messages``) names a file in PARTICIPANT_FILES, or when it is listed in
PARTICIPANT_MSGIDS (strings from modules shared with staff pages that participants also see).
"""

import ast
import fnmatch
import sys
from dataclasses import dataclass, field
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"

# Catalogue directory names of the languages Mina sidor is offered in (Swedish is the source).
PARTICIPANT_LANGUAGES = ("sv_LL", "en", "ar", "so", "ti", "fa_AF")

# Paths relative to src/lotsa, as in the catalogues' "#:" references; fnmatch patterns.
PARTICIPANT_FILES = (
    "portal/templates/portal/*.html",
    "portal/attendance_views.py",
    "portal/extensions.py",
    "portal/forms.py",
    "portal/oidc.py",
    "portal/queries.py",
    "portal/services.py",
    "portal/views.py",
    "shell/templates/base.html",
    "shell/templates/shell/_field.html",
    "shell/templates/shell/_form_errors.html",
    "shell/templates/shell/_language_form.html",
    "shell/templates/shell/_pagination.html",
    "cases/templates/cases/_participant_plan_sections.html",
    "messaging/templates/messaging/_send_form.html",
    "messaging/forms.py",
    "work/templates/work/_attendance_month_table.html",
    "surveys/templates/surveys/answer.html",
    "surveys/templates/surveys/thanks.html",
    "surveys/templates/surveys/unusable.html",
    "people/personnummer.py",
)

# Shown to participants but defined in modules mostly used by staff pages.
PARTICIPANT_MSGIDS = frozenset(
    {
        "Utbildning", "Hälsa", "Arbete", "Studier", "Annat stöd", "Klargöra behov", "Socialt",
        "Arbetsförmedlingen", "Försäkringskassan", "Arbetsgivaren",
        "Din handläggare på socialtjänsten", "Vården (regionen)", "Vuxenutbildningen (Komvux)",
        "Någon annan", "Arbetscoach", "Deltagare", "Egen ansökan",
        "Meddelandet är för långt: högst %(max)s tecken (nu %(n)s).",
        "En ny tid kan inte vara i det förflutna. Välj en senare tid.",
        "Texten får vara högst 4000 tecken.", "Texten får vara högst %(limit)s tecken.",
        "Ingen behörighet", "Du har inte behörighet att se den här sidan.", "Sidan finns inte",
        "En enkät om ditt stöd", "Du har redan svarat på den här enkäten. Tack för dina svar!",
        "Enkäten är stängd.", "Svara på frågan.", "Välj ett värde från 1 till 5.",
        "Skickad till handläggaren", "Bekräftad av deltagaren", "Signerad av coachen",
        "Praktik eller anställning", "Arbetsträning på arena", "Aktivitet i planen",
        "Frånvaro – sjuk", "Frånvaro – giltig", "Frånvaro – ogiltig", "Frånvaro – annat",
        "Vad stämmer inte?", "Skriv vad som inte stämmer.", "Skriv högst %(max)s tecken.",
        "Avbryt",  # shell/_form.html, on the participant's own-activity form
        "Enkäten kan inte besvaras",  # surveys/views.py, the title of surveys/unusable.html
    }
)  # fmt: skip


@dataclass
class Entry:
    msgid: str
    refs: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    msgstrs: list[str] = field(default_factory=list)


def read_catalogue(path: Path) -> list[Entry]:
    """The entries of a .po file (header excluded, obsolete ``#~`` entries ignored)."""
    entries: list[Entry] = []
    fields: dict[str, str] = {}
    refs: list[str] = []
    flags: set[str] = set()
    current = ""
    for raw in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if not line:
            if "msgid" in fields and fields["msgid"]:
                strs = [v for k, v in fields.items() if k.startswith("msgstr")]
                entries.append(Entry(fields["msgid"], refs, flags, strs))
            fields, refs, flags, current = {}, [], set(), ""
        elif line.startswith("#:"):
            refs += [ref.rsplit(":", 1)[0] for ref in line[2:].split()]
        elif line.startswith("#,"):
            flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            fields[current] += ast.literal_eval(line)
        else:
            current, _, value = line.partition(" ")
            fields[current] = ast.literal_eval(value)
    return entries


def is_participant(entry: Entry) -> bool:
    return entry.msgid in PARTICIPANT_MSGIDS or any(
        fnmatch.fnmatch(ref, pattern) for ref in entry.refs for pattern in PARTICIPANT_FILES
    )


def catalogue_gaps(locale_dir: Path = LOCALE_DIR) -> dict[str, list[str]]:
    """Per participant language, the participant msgids absent, empty or fuzzy in its catalogue."""
    catalogues = {
        language: read_catalogue(locale_dir / language / "LC_MESSAGES" / "django.po")
        for language in PARTICIPANT_LANGUAGES
        if (locale_dir / language / "LC_MESSAGES" / "django.po").exists()
    }
    wanted = sorted(
        {
            entry.msgid
            for entries in catalogues.values()
            for entry in entries
            if is_participant(entry)
        }
    )
    gaps: dict[str, list[str]] = {}
    for language in PARTICIPANT_LANGUAGES:
        done = {
            entry.msgid
            for entry in catalogues.get(language, [])
            if entry.msgstrs and all(entry.msgstrs) and "fuzzy" not in entry.flags
        }
        gaps[language] = [msgid for msgid in wanted if msgid not in done]
    return gaps


def main() -> int:
    gaps = catalogue_gaps()
    for language, missing in gaps.items():
        print(f"{language}: {len(missing)} participant msgids missing, empty or fuzzy")
        for msgid in missing:
            print(f"  {msgid!r}")
    return 1 if any(gaps.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
