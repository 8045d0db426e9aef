"""The footer's language switch makes the interface English; every Swedish string is translated."""

import ast
import gettext
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from lotsa.organisations.tests.factories import UserFactory

CATALOGUE = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES" / "django.po"


def switch_to_english(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302


@pytest.mark.django_db
def test_sign_in_page_speaks_english_after_switching(client):
    switch_to_english(client)

    page = client.get(reverse("login")).content.decode()

    assert '<html lang="en">' in page
    assert "Sign in" in page
    assert "Logga in" not in page
    assert "Accessibility statement" in page
    assert "Tillgänglighetsredogörelse" not in page


@pytest.mark.django_db
def test_signed_in_pages_speak_english_after_switching(client):
    client.force_login(UserFactory(referrer=True))
    switch_to_english(client)

    page = client.get(reverse("referrals:mine")).content.decode()

    assert "My referrals" in page
    assert "New referral" in page
    assert "Sign out" in page
    assert "Mina remisser" not in page
    assert "Logga ut" not in page


@pytest.mark.django_db
def test_interface_stays_swedish_without_switching(client):
    page = client.get(reverse("login")).content.decode()

    assert '<html lang="sv">' in page
    assert "Logga in" in page
    assert "Sign in" not in page


def read_catalogue(path):
    """A .po file's entries as dicts: "flags", "msgid", "msgid_plural", "msgstr", "msgstr[0]" …"""
    entries, entry, field = [], {"flags": set()}, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = line.strip()
        if not line:
            if "msgid" in entry:
                entries.append(entry)
            entry, field = {"flags": set()}, None
        elif line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue  # references, comments, previous and obsolete messages
        elif line.startswith('"'):
            entry[field] += ast.literal_eval(line)
        else:
            field, _, value = line.partition(" ")
            entry[field] = ast.literal_eval(value)
    return entries


def test_english_catalogue_has_no_untranslated_or_fuzzy_entries():
    entries = read_catalogue(CATALOGUE)
    header, messages = entries[0], entries[1:]
    assert header["msgid"] == "" and "Language: en" in header["msgstr"]
    assert len(messages) > 500

    fuzzy = [entry["msgid"] for entry in entries if "fuzzy" in entry["flags"]]
    untranslated = [
        entry["msgid"]
        for entry in messages
        if not all(value for key, value in entry.items() if key.startswith("msgstr"))
    ]

    assert fuzzy == []
    assert untranslated == []


def test_compiled_catalogue_matches_its_source():
    """Catches a .po edited without running `make messages` (CI may have no gettext to compile)."""
    with CATALOGUE.with_suffix(".mo").open("rb") as compiled:
        translations = gettext.GNUTranslations(compiled)

    stale = []
    for entry in read_catalogue(CATALOGUE)[1:]:
        if "msgid_plural" in entry:
            singular = translations.ngettext(entry["msgid"], entry["msgid_plural"], 1)
            plural = translations.ngettext(entry["msgid"], entry["msgid_plural"], 2)
            if (singular, plural) != (entry["msgstr[0]"], entry["msgstr[1]"]):
                stale.append(entry["msgid"])
        elif translations.gettext(entry["msgid"]) != entry["msgstr"]:
            stale.append(entry["msgid"])

    assert stale == []
