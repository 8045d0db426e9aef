"""One extension registry: the app that owns a thing registers it, the app that shows it asks.

Registries are filled in each owning app's `AppConfig.ready()`, so a consumer (the case page,
the person page, the demo builder, the navigation) imports none of the apps that extend it.
Entries are ordered by ``order`` and then by key; a key may be registered once.
"""

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

from django.core.exceptions import ImproperlyConfigured

T = TypeVar("T")


@dataclass(frozen=True)
class Entry(Generic[T]):
    key: str
    item: T
    order: int


_versions = itertools.count(1)


class Registry(Generic[T]):
    """A named, ordered set of extensions of one kind."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._entries: dict[str, Entry[T]] = {}
        # Changes with every register/unregister, never back to an earlier value: what was
        # worked out from the entries (a compiled statement, lotsa.core.statements) keys on it.
        self.version = next(_versions)

    def __repr__(self) -> str:
        return f"<Registry {self.name}: {', '.join(self.keys())}>"

    def register(self, key: str, item: T, *, order: int = 100) -> T:
        existing = self._entries.get(key)
        if existing is not None and existing.item is not item:
            raise ImproperlyConfigured(f"{self.name}: {key!r} is registered twice")
        self._entries[key] = Entry(key=key, item=item, order=order)
        self.version = next(_versions)
        return item

    def unregister(self, key: str) -> None:
        self._entries.pop(key, None)
        self.version = next(_versions)

    def entries(self) -> list[Entry[T]]:
        return sorted(self._entries.values(), key=lambda entry: (entry.order, entry.key))

    def keys(self) -> list[str]:
        return [entry.key for entry in self.entries()]

    def __iter__(self) -> Iterator[T]:
        return iter([entry.item for entry in self.entries()])

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: object) -> bool:
        return key in self._entries
