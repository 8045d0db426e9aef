"""The municipality most test worlds start from: Danderyd's guideline installed, a referring
unit ("Försörjningsstöd") and the unit that runs the support ("Arbetsmarknadsenheten")."""

import datetime
from dataclasses import dataclass

from lotsa.guidelines.models import GuidelineVersion
from lotsa.guidelines.tests.factories import danderyd_install
from lotsa.organisations.models import Organisation, Unit
from lotsa.organisations.tests.factories import OrganisationFactory, UnitFactory


@dataclass(frozen=True)
class Town:
    organisation: Organisation
    guideline: GuidelineVersion
    referring: Unit
    support: Unit

    def other_support(self, name: str = "Socialpsykiatri") -> Unit:
        """A second unit of the town that runs support."""
        return UnitFactory(organisation=self.organisation, name=name, runs_support=True)


def town(name: str, *, guideline_published_on: datetime.date | None = None) -> Town:
    organisation = OrganisationFactory(name=name)
    return Town(
        organisation=organisation,
        guideline=danderyd_install(organisation, publish_on=guideline_published_on),
        referring=UnitFactory(organisation=organisation, name="Försörjningsstöd"),
        support=UnitFactory(
            organisation=organisation, name="Arbetsmarknadsenheten", runs_support=True
        ),
    )
