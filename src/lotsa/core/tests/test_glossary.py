"""docs/glossary.md names every model, so a newcomer finds each one with its Swedish name."""

import re
from pathlib import Path

from django.apps import apps

GLOSSARY = Path(__file__).resolve().parents[4] / "docs" / "glossary.md"


def test_every_model_has_a_row_in_the_glossary():
    named = set(re.findall(r"^\| `(\w+)` \|", GLOSSARY.read_text(encoding="utf-8"), re.M))
    models = {
        model.__name__ for model in apps.get_models() if model.__module__.startswith("lotsa.")
    }
    assert models
    assert sorted(models - named) == []
