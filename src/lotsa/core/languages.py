"""The interface languages (settings.LANGUAGES) and speaking to a person in the one they chose."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.utils import translation


def is_supported(code: str) -> bool:
    """Whether `code` is one of the interface languages in settings.LANGUAGES."""
    return code in {language for language, _name in settings.LANGUAGES}


@contextmanager
def in_language_of(chosen: str) -> Iterator[None]:
    """Texts to a person (SMS, e-mail) in the language they chose; without a choice, in the
    language active now (the page they are on, or Swedish in a scheduled command)."""
    if chosen and is_supported(chosen):
        with translation.override(chosen):
            yield
    else:
        yield
