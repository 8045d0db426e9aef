import datetime
import json
from pathlib import Path

import factory
from django.utils import timezone

from lotsa.guidelines.constants import CriterionKind, Fact, VersionStatus
from lotsa.guidelines.evaluation import CriterionSpec
from lotsa.guidelines.models import Criterion, Guideline, GuidelineVersion, TargetGroup
from lotsa.guidelines.services import guideline_install
from lotsa.organisations.models import Organisation
from lotsa.organisations.tests.factories import OrganisationFactory

DANDERYD_FILE = Path(__file__).resolve().parent.parent / "data" / "danderyd_arbetscoach.json"


def danderyd_data() -> dict:
    return json.loads(DANDERYD_FILE.read_text(encoding="utf-8"))


def criterion_specs(document: dict) -> tuple[CriterionSpec, ...]:
    """A guideline document's criteria as the evaluation takes them."""
    return tuple(
        CriterionSpec(
            code=row["code"],
            label=row["label"],
            kind=row["kind"],
            fact=row.get("fact", ""),
            params=row.get("params", {}),
        )
        for row in document["criteria"]
    )


def danderyd_install(
    organisation: Organisation, publish_on: datetime.date | None = None
) -> GuidelineVersion:
    """The real Danderyd guideline, installed and published (a year back unless told)."""
    publish_on = publish_on or datetime.date.today() - datetime.timedelta(days=365)
    return guideline_install(organisation=organisation, data=danderyd_data(), publish_on=publish_on)


class GuidelineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Guideline

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Riktlinje {n}")


class GuidelineVersionFactory(factory.django.DjangoModelFactory):
    """A draft by default; `published=True` for one in force since a year back.

    Target groups and criteria can only be added while a version is a draft: add them to a
    draft and call `publish()` below, or use `danderyd_install()`.
    """

    class Meta:
        model = GuidelineVersion

    guideline = factory.SubFactory(GuidelineFactory)
    number = factory.Sequence(lambda n: n + 1)
    priority_age_below = 29
    follow_up_interval_months = 3

    class Params:
        published = factory.Trait(
            status=VersionStatus.PUBLISHED,
            effective_from=factory.LazyFunction(
                lambda: datetime.date.today() - datetime.timedelta(days=365)
            ),
            published_at=factory.LazyFunction(timezone.now),
        )


class TargetGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TargetGroup

    version = factory.SubFactory(GuidelineVersionFactory)
    code = factory.Sequence(lambda n: f"grupp{n}")
    name = factory.Sequence(lambda n: f"Målgrupp {n}")

    class Params:
        stability = factory.Trait(requires_stability=True)


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    version = factory.SubFactory(GuidelineVersionFactory)
    code = factory.Sequence(lambda n: f"kriterium{n}")
    label = factory.Sequence(lambda n: f"Kriterium {n}")
    kind = CriterionKind.FACT
    fact = Fact.IN_TARGET_GROUP

    class Params:
        question = factory.Trait(kind=CriterionKind.QUESTION, fact="")


def publish(version: GuidelineVersion, on: datetime.date | None = None) -> GuidelineVersion:
    """Publish directly (tests of rows that must be frozen)."""
    on = on or datetime.date.today() - datetime.timedelta(days=365)
    GuidelineVersion.objects.filter(pk=version.pk).update(
        status=VersionStatus.PUBLISHED, effective_from=on
    )
    version.refresh_from_db()
    return version
