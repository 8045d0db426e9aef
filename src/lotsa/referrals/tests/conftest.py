import datetime

import pytest
from django.utils import timezone

from lotsa.organisations.tests.factories import UserFactory
from lotsa.people.personnummer import make_personnummer
from lotsa.people.tests.factories import ParticipantFactory
from lotsa.referrals.tests.factories import ReferralFactory
from lotsa.referrals.tests.towns import town


def born_years_ago(years: int, birth_number: int = 123) -> str:
    today = timezone.localdate()
    return make_personnummer(today.replace(year=today.year - years, day=1), birth_number).canonical


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Every world has seven accounts; Argon2 would spend most of the suite's time on them.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db):
    """One municipality: a referring unit, two support units, their staff and two people."""
    danderyd = town("Danderyds kommun", guideline_published_on=datetime.date(2022, 6, 15))
    organisation, referring, support = danderyd.organisation, danderyd.referring, danderyd.support
    other_support = danderyd.other_support()
    return {
        "organisation": organisation,
        "guideline": danderyd.guideline,
        "referring_unit": referring,
        "support_unit": support,
        "other_support_unit": other_support,
        "referrer": UserFactory(
            referrer=True, unit=referring, first_name="Rita", last_name="Remiss"
        ),
        "other_referrer": UserFactory(referrer=True, unit=referring),
        "manager": UserFactory(manager=True, unit=support, first_name="Maja", last_name="Chef"),
        "other_manager": UserFactory(manager=True, unit=other_support),
        "coach": UserFactory(coach=True, unit=support, first_name="Cia", last_name="Coach"),
        "admin": UserFactory(administrator=True, unit=None, organisation=organisation),
        "person": ParticipantFactory(
            unit=referring, personal_number=born_years_ago(45), first_name="Vera", last_name="Vuxen"
        ),
        "young": ParticipantFactory(
            unit=referring,
            personal_number=born_years_ago(22, 246),
            first_name="Ung",
            last_name="Ungdom",
        ),
    }


def world_referral(world, **overrides):
    """A referral the world's referrer sent about Vera Vuxen to the support unit."""
    return ReferralFactory(
        referrer=world["referrer"],
        participant=world["person"],
        receiving_unit=world["support_unit"],
        **overrides,
    )


@pytest.fixture
def referral(world):
    return world_referral(world)


@pytest.fixture
def submission(world):
    """Keyword arguments for a complete referral_submit that meets the Danderyd guideline."""
    version = world["guideline"]
    today = timezone.localdate()
    return {
        "actor": world["referrer"],
        "participant": world["person"],
        "receiving_unit": world["support_unit"],
        "target_groups": [version.target_groups.get(code="forsorjningsstod")],
        "reason": "Har varit utan arbete i tre år och vill ha stöd att hitta praktik.",
        "goal": "Arbete på deltid inom ett år.",
        "work_capacity_investigated_on": today - datetime.timedelta(days=20),
        "work_capacity_investigated_by": "Rita Remiss, försörjningsstöd",
        "work_capacity_summary": "Kan arbeta halvtid med stöd.",
        "stability_since": None,
        "consent_parties": ["arbetsformedlingen"],
        "consent_scopes": ["plan"],
        "consent_given_on": today - datetime.timedelta(days=2),
        "consent_form": "written",
        "answers": {"bor_i_kommunen": "yes", "aktuell_socialforvaltningen": "yes"},
        "free_text": "",
    }
