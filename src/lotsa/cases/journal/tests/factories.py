"""Factories for journal notes.

Traits: signed, amendment (a signed correction of a note), signed_on_the_day (signed at four in
the afternoon of the day it is about, its timestamps moved there as if written then).
"""

import factory
from django.utils import timezone

from lotsa.cases.journal.constants import NoteKind, NoteStatus
from lotsa.cases.journal.models import Note
from lotsa.cases.tests.factories import CaseFactory, today
from lotsa.core.tests.factories import at, backdate


def _written_when_signed(note: Note, create: bool, extracted: object, **kwargs: object) -> None:
    if create:
        backdate(note, at(note.occurred_on, 16))


class NoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Note
        skip_postgeneration_save = True

    case = factory.SubFactory(CaseFactory)
    author = factory.SelfAttribute("case.coach")
    kind = NoteKind.CONVERSATION
    occurred_on = factory.LazyFunction(today)
    text = factory.Sequence(lambda n: f"Samtal om jobbsökandet, del {n}.")
    status = NoteStatus.DRAFT

    class Params:
        signed = factory.Trait(
            status=NoteStatus.SIGNED, signed_at=factory.LazyFunction(timezone.now)
        )
        amendment = factory.Trait(
            status=NoteStatus.SIGNED,
            signed_at=factory.LazyFunction(timezone.now),
            amends=factory.SubFactory(
                "lotsa.cases.journal.tests.factories.NoteFactory",
                case=factory.SelfAttribute("..case"),
                signed=True,
            ),
        )
        signed_on_the_day = factory.Trait(
            status=NoteStatus.SIGNED,
            signed_at=factory.LazyAttribute(lambda note: at(note.occurred_on, 16)),
        )

    written = factory.Maybe(
        "signed_on_the_day",
        yes_declaration=factory.PostGeneration(_written_when_signed),
        no_declaration=None,
    )
