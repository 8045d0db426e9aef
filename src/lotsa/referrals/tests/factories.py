import datetime

import factory
from django.utils import timezone

from lotsa.guidelines.constants import Eligibility
from lotsa.guidelines.queries import guideline_version_in_force
from lotsa.guidelines.tests.factories import GuidelineVersionFactory, danderyd_install
from lotsa.organisations.tests.factories import UnitFactory, UserFactory
from lotsa.people.personnummer import make_personnummer
from lotsa.people.tests.factories import ParticipantFactory
from lotsa.referrals.constants import ReferralStatus
from lotsa.referrals.models import Referral


def _version_for(referral):
    """The organisation's guideline in force, installing Danderyd's if there is none."""
    organisation = referral.organisation
    today = timezone.localdate()
    return guideline_version_in_force(organisation_id=organisation.pk, on=today) or (
        danderyd_install(organisation)
    )


def _young_number(n: int) -> str:
    born = timezone.localdate() - datetime.timedelta(days=365 * 20 + n % 2000)
    return make_personnummer(born, 100 + n % 800).canonical


class ReferralFactory(factory.django.DjangoModelFactory):
    """A submitted referral that met the Danderyd guideline; pass `referrer` and
    `receiving_unit` to place it (the participant belongs to the referrer's unit).

    Traits: priority (a 20-year-old), protected (protected identity), needs_assessment,
    not_met, returned, withdrawn;
    of_participant: built around the participant instead of the referrer (organisation and
    referring unit are the participant's, a referrer of that unit sent it) on a small published
    guideline of that organisation, without Danderyd's install or target groups: pass
    `participant=…` (not with priority or protected, which choose their own participant);
    accepted: a case was opened, the referral sent 90 days ago and accepted 14 days later by a
    manager of the receiving unit.
    The referral a case is opened from is `ReferralFactory(of_participant=True, accepted=True)`.
    """

    class Meta:
        model = Referral
        skip_postgeneration_save = True

    referrer = factory.SubFactory(UserFactory, referrer=True)
    organisation = factory.LazyAttribute(lambda r: r.referrer.organisation)
    referring_unit = factory.LazyAttribute(lambda r: r.referrer.unit)
    participant = factory.SubFactory(
        ParticipantFactory, unit=factory.SelfAttribute("..referring_unit")
    )
    receiving_unit = factory.SubFactory(
        UnitFactory, support=True, organisation=factory.SelfAttribute("..organisation")
    )
    guideline_version = factory.LazyAttribute(_version_for)
    reason = "Behöver stöd att hitta praktik."
    goal = "Arbete på deltid."
    work_capacity_investigated_on = factory.LazyFunction(
        lambda: timezone.localdate() - datetime.timedelta(days=30)
    )
    work_capacity_investigated_by = "Handläggare, försörjningsstöd"
    work_capacity_summary = "Kan arbeta halvtid."
    answers = factory.LazyFunction(
        lambda: {"bor_i_kommunen": "yes", "aktuell_socialforvaltningen": "yes"}
    )
    status = ReferralStatus.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)
    is_priority = False
    eligibility = Eligibility.MET
    eligibility_results = factory.LazyFunction(list)

    class Params:
        priority = factory.Trait(
            is_priority=True,
            participant=factory.SubFactory(
                ParticipantFactory,
                unit=factory.SelfAttribute("..referring_unit"),
                personal_number=factory.Sequence(_young_number),
            ),
        )
        protected = factory.Trait(
            participant=factory.SubFactory(
                ParticipantFactory,
                unit=factory.SelfAttribute("..referring_unit"),
                is_protected=True,
            )
        )
        needs_assessment = factory.Trait(eligibility=Eligibility.NEEDS_ASSESSMENT)
        not_met = factory.Trait(eligibility=Eligibility.NOT_MET)
        returned = factory.Trait(
            status=ReferralStatus.RETURNED,
            return_reason="Arbetsförmågan behöver utredas först.",
            decided_at=factory.LazyFunction(timezone.now),
            decided_by=factory.SubFactory(
                UserFactory, manager=True, unit=factory.SelfAttribute("..receiving_unit")
            ),
        )
        withdrawn = factory.Trait(status=ReferralStatus.WITHDRAWN)
        of_participant = factory.Trait(
            participant=factory.SubFactory(ParticipantFactory),
            organisation=factory.LazyAttribute(lambda r: r.participant.organisation),
            referring_unit=factory.LazyAttribute(lambda r: r.participant.unit),
            referrer=factory.SubFactory(
                UserFactory, referrer=True, unit=factory.SelfAttribute("..referring_unit")
            ),
            guideline_version=factory.SubFactory(
                GuidelineVersionFactory,
                published=True,
                guideline__organisation=factory.SelfAttribute("...organisation"),
            ),
        )
        accepted = factory.Trait(
            status=ReferralStatus.ACCEPTED,
            submitted_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=90)),
            decided_at=factory.LazyAttribute(
                lambda r: r.submitted_at + datetime.timedelta(days=14)
            ),
            decided_by=factory.SubFactory(
                UserFactory, manager=True, unit=factory.SelfAttribute("..receiving_unit")
            ),
        )

    @factory.post_generation
    def target_groups(self, create: bool, extracted, **kwargs) -> None:
        """The guideline's 'forsorjningsstod' group unless told (none if it has no such group)."""
        if not create:
            return
        if extracted is None:
            extracted = list(self.guideline_version.target_groups.filter(code="forsorjningsstod"))
        self.target_groups.set(extracted)
