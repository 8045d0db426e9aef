"""catalogue_gaps finds participant msgids that are missing, empty or fuzzy, and only those."""

from lotsa.portal import catalogue_gaps as module

HEADER = 'msgid ""\nmsgstr ""\n"Language: xx\\n"\n\n'


def write(tmp_path, language, body):
    folder = tmp_path / language / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "django.po").write_text(HEADER + body, encoding="utf-8")


def test_missing_empty_and_fuzzy_participant_msgids_are_gaps_staff_ones_are_not(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(module, "PARTICIPANT_LANGUAGES", ("sv_LL", "ar"))
    write(
        tmp_path,
        "sv_LL",
        '#: portal/templates/portal/plan.html:3\nmsgid "Din plan"\nmsgstr "Din plan nu"\n\n'
        '#: portal/views.py:9\n#, fuzzy\nmsgid "Sparat."\nmsgstr "Spara"\n\n'
        '#: portal/forms.py:2\nmsgid "Kommentarer (%(n)s)"\nmsgid_plural "x"\n'
        'msgstr[0] "K"\nmsgstr[1] ""\n\n'
        '#: cases/views.py:1\nmsgid "Ärenden"\nmsgstr ""\n',
    )
    write(
        tmp_path, "ar", '#: portal/templates/portal/plan.html:3\nmsgid "Din plan"\nmsgstr "خطتك"\n'
    )

    gaps = module.catalogue_gaps(tmp_path)

    assert gaps["sv_LL"] == ["Kommentarer (%(n)s)", "Sparat."]
    assert gaps["ar"] == ["Kommentarer (%(n)s)", "Sparat."]


def test_the_real_catalogues_are_read_and_their_participant_msgids_found():
    entries = module.read_catalogue(module.LOCALE_DIR / "ar" / "LC_MESSAGES" / "django.po")

    participant = {entry.msgid for entry in entries if module.is_participant(entry)}

    assert "Skicka kod" in participant
    assert "Ärenden" not in participant
