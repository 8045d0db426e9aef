"""Culling misses no one (issue 14, item 15): a person who never got a case goes on the same
rule as a case, with every record about them, and then is nowhere — not in search, the API or
an extract — while statistics for the years still kept stay the same."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from lotsa.api.queries import statistics_for
from lotsa.api.services import service_account_create
from lotsa.audit.models import AuditRecord
from lotsa.organisations.tests.factories import UnitFactory, UserFactory
from lotsa.people.models import Participant
from lotsa.people.queries import participant_search
from lotsa.people.tests.factories import ParticipantFactory
from lotsa.referrals.models import Referral
from lotsa.referrals.tests.factories import ReferralFactory
from lotsa.retention import services
from lotsa.retention.tests.factories import at, number_born_on

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 1)
LONG_AGO = datetime.date(2020, 3, 2)  # more than five years before TODAY
RECENTLY = datetime.date(2023, 3, 2)


def _returned(person, unit, on: datetime.date) -> Referral:
    return ReferralFactory(
        of_participant=True,
        participant=person,
        receiving_unit=unit,
        returned=True,
        submitted_at=at(on),
        decided_at=at(on + datetime.timedelta(days=7)),
    )


@pytest.fixture
def world():
    support = UnitFactory(name="Arbetsmarknadsenheten", runs_support=True)
    referring = UnitFactory(organisation=support.organisation, name="Försörjningsstöd")
    referrer = UserFactory(referrer=True, unit=referring)
    manager = UserFactory(manager=True, unit=support)

    def person(last_name: str, born: datetime.date) -> Participant:
        return ParticipantFactory(
            unit=referring,
            last_name=last_name,
            personal_number=number_born_on(born),
            registered_by=referrer,
        )

    old = person("Returnerad", datetime.date(1985, 4, 3))
    old_referral = _returned(old, support, LONG_AGO)
    recent = person("Nyligen", datetime.date(1986, 4, 3))
    _returned(recent, support, RECENTLY)
    research = person("Forskning", datetime.date(1987, 4, 15))
    _returned(research, support, LONG_AGO)
    waiting = person("Väntar", datetime.date(1988, 4, 3))
    ReferralFactory(
        of_participant=True, participant=waiting, receiving_unit=support, submitted_at=at(LONG_AGO)
    )
    # Registered long ago and never referred: the registration is the only entry.
    registered = person("Registrerad", datetime.date(1989, 4, 3))
    Participant.objects.filter(pk=registered.pk).update(created_at=at(LONG_AGO))
    return {
        "support": support,
        "referrer": referrer,
        "manager": manager,
        "old": old,
        "old_referral": old_referral,
        "recent": recent,
        "research": research,
        "waiting": waiting,
        "registered": registered,
    }


def test_the_dry_run_lists_people_without_a_case_and_deletes_nothing(world, capsys):
    call_command("cull", "--dry-run", f"--today={TODAY}")
    out = capsys.readouterr().out
    assert "2 av 5 deltagare utan ärende skulle gallras." in out
    assert "Returnerad" not in out and world["old"].personal_number not in out
    assert Participant.objects.count() == 5


def test_a_person_who_never_got_a_case_is_culled_and_is_nowhere_afterwards(world, capsys):
    referrer, manager = world["referrer"], world["manager"]
    old, registered = world["old"], world["registered"]
    token = service_account_create(
        actor=UserFactory(administrator=True, unit=None, organisation=old.organisation),
        name="Verksamhetssystem",
        role="referrer",
        unit=referrer.unit,
        scopes=["participants:read"],
    ).token
    api = Client(headers={"Authorization": f"Bearer {token}"})
    url = reverse("api:v1:participant", kwargs={"participant_id": old.pk})
    assert api.get(url).status_code == 200
    assert [p.pk for p in participant_search(referrer, text="Returnerad")] == [old.pk]
    this_year = {"period_from": datetime.date(2022, 1, 1), "period_to": TODAY}
    statistics_before = statistics_for(manager, **this_year)

    result = services.culling_run(today=TODAY)

    assert (result.participants, result.people_without_case, result.cases) == (2, 2, 0)
    assert not Participant.objects.filter(pk__in=[old.pk, registered.pk]).exists()
    assert not Referral.objects.filter(pk=world["old_referral"].pk).exists()
    # Kept: a recent referral, the research day, a referral still awaiting a decision.
    for key in ("recent", "research", "waiting"):
        assert Participant.objects.filter(pk=world[key].pk).exists(), key
    assert not participant_search(referrer, text="Returnerad")
    assert not participant_search(referrer, text="Registrerad")
    assert api.get(url).status_code == 404
    with pytest.raises(CommandError):
        call_command("extract", old.personal_number)
    # Statistics of the years still kept are what they were.
    assert statistics_for(manager, **this_year) == statistics_before
    # The log keeps who looked, and the run says how many went, without names.
    record = AuditRecord.objects.filter(object_type="retention.culling").latest("pk")
    assert record.changes["people_without_case"] == 2
    assert "Returnerad" not in str(record.changes) + record.summary
    call_command("audit", "verify")
