import datetime

import factory
from django.utils import timezone

from lotsa.collaboration.constants import MeetingKind, PartnerKind
from lotsa.collaboration.models import (
    Consent,
    CoordinationMeeting,
    PartnerContact,
    PartnerOrganisation,
)
from lotsa.organisations.constants import Role
from lotsa.organisations.tests.factories import UserFactory
from lotsa.people.tests.factories import ParticipantFactory


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerOrganisation
        django_get_or_create = ("organisation", "name")

    organisation = factory.SubFactory("lotsa.organisations.tests.factories.OrganisationFactory")
    name = factory.Sequence(lambda n: f"Arbetsförmedlingen kontor {n}")
    kind = PartnerKind.ARBETSFORMEDLINGEN

    class Params:
        insurance = factory.Trait(name="Försäkringskassan", kind=PartnerKind.FORSAKRINGSKASSAN)


class PartnerContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerContact

    partner = factory.SubFactory(PartnerFactory)
    name = factory.Sequence(lambda n: f"Kontakt {n}")
    title = "Handläggare"

    class Params:
        with_user = factory.Trait(
            user=factory.SubFactory(
                UserFactory,
                role=Role.PARTNER,
                unit=None,
                organisation=factory.SelfAttribute("..partner.organisation"),
            )
        )


def partner_user(partner: PartnerOrganisation):
    """A partner user speaking for `partner`."""
    return PartnerContactFactory(partner=partner, with_user=True).user


class ConsentFactory(factory.django.DjangoModelFactory):
    """A written consent to share the plan, given a month ago, open-ended; pass partners=[…]."""

    class Meta:
        model = Consent
        skip_postgeneration_save = True

    participant = factory.SubFactory(ParticipantFactory)
    organisation = factory.LazyAttribute(lambda consent: consent.participant.organisation)
    shares_plan = True
    given_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    form = "written"
    registered_by = factory.SubFactory(
        UserFactory, coach=True, unit=factory.SelfAttribute("..participant.unit")
    )

    @factory.post_generation
    def partners(consent, create, extracted, **kwargs):  # noqa: N805
        if create and extracted:
            consent.partners.set(extracted)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoordinationMeeting

    case = factory.SubFactory("lotsa.cases.tests.factories.CaseFactory")
    kind = MeetingKind.SIP
    meets_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))
    registered_by = factory.SelfAttribute("case.coach")
