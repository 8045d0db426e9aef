"""The shipped guideline library: the documents in `data/`, each a real municipality's rules.

Onboarding offers them by key (the file name without `.json`); `lotsa install_guideline` takes
any file, these or a municipality's own.
"""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class ShippedGuideline:
    key: str
    name: str
    source: str

    @property
    def label(self) -> str:
        return f"{self.name} ({self.source})"

    def document(self) -> dict[str, Any]:
        return shipped_document(self.key)


@cache
def shipped_document(key: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA / f"{key}.json").read_text(encoding="utf-8"))
    return data


def shipped_guidelines() -> tuple[ShippedGuideline, ...]:
    """Every guideline document shipped with Lotsa, by file name."""
    return tuple(
        ShippedGuideline(key=path.stem, name=data["name"], source=data.get("source", ""))
        for path in sorted(DATA.glob("*.json"))
        for data in (shipped_document(path.stem),)
    )


def shipped_guideline(key: str) -> ShippedGuideline | None:
    return next((item for item in shipped_guidelines() if item.key == key), None)
