"""A person who registered themselves through "Ansök om stöd" and never got a case (issue 15):
the data-subject extract holds their application; culling keeps it while it waits for an
answer and, once it was sent back, removes the person, the application and their Mina sidor
account when the retention time has passed (retention.culling, docs/retention.md)."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from lotsa.core.dates import add_months
from lotsa.organisations.models import User
from lotsa.people.models import Participant
from lotsa.portal.models import ParticipantAccount, SignInCode
from lotsa.portal.services import code_request, participant_account_for
from lotsa.portal.tests.applying import NEW_NUMBER, application_world, apply
from lotsa.referrals.constants import ReferralSource, ReferralStatus
from lotsa.referrals.models import Referral
from lotsa.referrals.services import referral_return
from lotsa.retention.culling import culling_years
from lotsa.retention.extract import participant_extract
from lotsa.retention.services import culling_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings):
    settings.LOTSA_SMS_BACKEND = "lotsa.core.sms.LocmemSmsBackend"
    return application_world()


@pytest.fixture
def applicant(client, world):
    """Sara applied on the public form; she was new, so she is registered without a case."""
    assert apply(client, world, NEW_NUMBER).status_code == 302
    person = Participant.objects.get(personal_number=NEW_NUMBER)
    assert not person.cases.exists()
    return person


def _referral_records(extract):
    (section,) = [s for s in extract["avsnitt"] if s["modell"] == "referrals.referral"]
    return section["poster"]


def test_the_manager_s_extract_holds_the_application(client, world, applicant):
    client.force_login(world["manager"])

    page = client.get(reverse("retention:extract", args=[applicant.pk])).content.decode()

    assert "Registerutdrag för Sara" in page
    assert "Jag vill ha hjälp att hitta ett jobb." in page
    assert "Kontaktuppgifter i ansökan: Sara Sökande; 070-123 45 67" in page
    (record,) = _referral_records(participant_extract(applicant))
    fields = record["uppgifter"]
    assert ReferralSource.SELF.label in fields.values()
    assert fields["Önskat mål"] == "Ett arbete inom vården."


def test_a_waiting_application_is_kept_however_old_it_is(world, applicant):
    much_later = add_months(timezone.localdate(), 12 * (culling_years() + 5))

    result = culling_run(today=much_later)

    assert result.people_without_case == 0
    assert Participant.objects.filter(pk=applicant.pk).exists()
    assert Referral.objects.filter(participant=applicant, status=ReferralStatus.SUBMITTED).exists()


def test_a_declined_application_goes_with_the_person_after_the_retention_time(world, applicant):
    referral = applicant.referrals.get()
    referral_return(
        actor=world["manager"], referral=referral, reason="Du får stöd hos Arbetsförmedlingen."
    )
    # Meanwhile she signed in to Mina sidor: an account and a sign-in code hang off her.
    account_user = participant_account_for(applicant)
    code_request(contact_text="070-123 45 67", ip_address="10.0.0.1")
    assert SignInCode.objects.filter(participant=applicant).exists()
    decided_on = timezone.localdate(Referral.objects.get(pk=referral.pk).decided_at)
    due_on = add_months(decided_on, 12 * culling_years())

    too_early = culling_run(today=due_on - datetime.timedelta(days=1))
    assert too_early.people_without_case == 0
    assert Participant.objects.filter(pk=applicant.pk).exists()

    result = culling_run(today=due_on)

    assert (result.people_without_case, result.participants, result.cases) == (1, 1, 0)
    assert not Participant.objects.filter(pk=applicant.pk).exists()
    assert not Referral.objects.filter(pk=referral.pk).exists()
    assert not ParticipantAccount.objects.filter(user=account_user).exists()
    assert not SignInCode.objects.exists()
    # The sign-in user stays nameless and switched off: the log names it as an actor.
    left = User.objects.get(pk=account_user.pk)
    assert (left.is_active, left.username) == (False, f"gallrad-{left.pk}")
    with pytest.raises(CommandError):
        call_command("extract", NEW_NUMBER)
    call_command("audit", "verify")
