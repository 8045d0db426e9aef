"""Factories for journal notes. Traits: signed, amendment (a signed correction of a note)."""

import factory
from django.utils import timezone

from lotsa.cases.journal.constants import NoteKind, NoteStatus
from lotsa.cases.journal.models import Note
from lotsa.cases.tests.factories import CaseFactory, today


class NoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Note

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
