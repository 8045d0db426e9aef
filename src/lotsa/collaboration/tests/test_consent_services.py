import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from lotsa.audit.models import AuditRecord
from lotsa.collaboration import services
from lotsa.collaboration.models import Consent
from lotsa.collaboration.policy import can_revoke_consent
from lotsa.collaboration.queries import consents_in_force
from lotsa.collaboration.tests.factories import ConsentFactory, PartnerFactory
from lotsa.organisations.constants import Role
from lotsa.organisations.tests.factories import UnitFactory, UserFactory
from lotsa.people.tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 3, 10)


@pytest.fixture
def setting():
    unit = UnitFactory(support=True)
    return {
        "coach": UserFactory(coach=True, unit=unit),
        "person": ParticipantFactory(unit=unit),
        "af": PartnerFactory(organisation=unit.organisation, name="Arbetsförmedlingen"),
        "fk": PartnerFactory(organisation=unit.organisation, insurance=True),
    }


def _register(setting, **overrides):
    values = {
        "actor": setting["coach"],
        "participant": setting["person"],
        "partners": [setting["af"]],
        "scopes": ["plan", "notes"],
        "given_on": timezone.localdate() - datetime.timedelta(days=1),
        "form": "written",
    }
    values.update(overrides)
    return services.consent_register(**values)


def _at(day: datetime.date, hour: int = 12) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def test_register_records_partners_scopes_and_audit(setting):
    consent = _register(setting, valid_to=timezone.localdate() + datetime.timedelta(days=90))
    assert list(consent.partners.all()) == [setting["af"]]
    assert consent.scopes == ["plan", "notes"]
    assert consent.registered_by == setting["coach"]
    record = AuditRecord.objects.get(object_type="collaboration.consent")
    assert record.participant_id == setting["person"].pk
    assert record.object_id == str(consent.pk)
    assert "Arbetsförmedlingen" in record.summary


def test_consent_ending_before_it_starts_is_refused_and_nothing_saved(setting):
    given = timezone.localdate() - datetime.timedelta(days=10)
    with pytest.raises(ValidationError) as error:
        _register(setting, given_on=given, valid_to=given - datetime.timedelta(days=1))
    assert error.value.message_dict["valid_to"] == [
        f"Samtycket kan inte upphöra innan det börjar gälla ({given.isoformat()})."
    ]
    assert not Consent.objects.exists()
    assert not AuditRecord.objects.filter(object_type="collaboration.consent").exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"partners": []}, "partners", "Välj minst en samverkanspart."),
        ({"scopes": []}, "scopes", "Välj vad som får delas."),
        ({"scopes": ["everything"]}, "scopes", "Välj vad som får delas ur listan."),
        ({"given_on": None}, "given_on", "Ange när samtycket gavs."),
        (
            {"form": "telepathic"},
            "form",
            "Välj hur samtycket gavs: skriftligt, muntligt eller digitalt.",
        ),
    ],
)
def test_bad_input_is_refused_with_a_swedish_message(setting, overrides, field, message):
    with pytest.raises(ValidationError) as error:
        _register(setting, **overrides)
    assert error.value.message_dict[field] == [message]
    assert not Consent.objects.exists()


def test_consent_given_in_the_future_is_refused(setting):
    with pytest.raises(ValidationError) as error:
        _register(setting, given_on=timezone.localdate() + datetime.timedelta(days=1))
    assert "given_on" in error.value.message_dict


def test_partner_of_another_organisation_is_refused(setting):
    stranger = PartnerFactory(name="Främmande part")
    with pytest.raises(ValidationError) as error:
        _register(setting, partners=[stranger])
    assert error.value.message_dict["partners"] == ["Välj samverkansparter ur listan."]


def test_only_coach_or_manager_who_sees_the_person_registers(setting):
    for outsider in (
        UserFactory(coach=True),  # another organisation
        UserFactory(administrator=True, unit=None, organisation=setting["person"].organisation),
        UserFactory(role=Role.PARTNER, unit=None, organisation=setting["person"].organisation),
    ):
        with pytest.raises(PermissionDenied):
            _register(setting, actor=outsider)
    assert not Consent.objects.exists()


def test_in_force_follows_the_dates_and_the_scope(setting):
    person, af, fk = setting["person"], setting["af"], setting["fk"]
    consent = ConsentFactory(
        participant=person,
        partners=[af],
        given_on=datetime.date(2026, 3, 1),
        valid_to=datetime.date(2026, 3, 31),
        shares_plan=True,
        shares_notes=False,
    )
    assert list(consents_in_force(person, af, "plan", _at(TODAY))) == [consent]
    assert list(consents_in_force(person, af, None, _at(TODAY))) == [consent]
    # The first and the last day are inside.
    assert consents_in_force(person, af, "plan", _at(datetime.date(2026, 3, 1), 0)).exists()
    assert consents_in_force(person, af, "plan", _at(datetime.date(2026, 3, 31), 23)).exists()
    # Before it was given, after it ended, another scope, another partner: not in force.
    assert not consents_in_force(person, af, "plan", _at(datetime.date(2026, 2, 28))).exists()
    assert not consents_in_force(person, af, "plan", _at(datetime.date(2026, 4, 1))).exists()
    assert not consents_in_force(person, af, "notes", _at(TODAY)).exists()
    assert not consents_in_force(person, fk, "plan", _at(TODAY)).exists()
    assert not consents_in_force(ParticipantFactory(), af, "plan", _at(TODAY)).exists()


def test_revoked_consent_stops_at_the_moment_of_revoking(setting):
    person, af = setting["person"], setting["af"]
    revoked_at = _at(TODAY, 10)
    consent = ConsentFactory(
        participant=person,
        partners=[af],
        given_on=datetime.date(2026, 1, 1),
        revoked_at=revoked_at,
        revoked_by=setting["coach"],
    )
    assert list(consents_in_force(person, af, "plan", revoked_at - datetime.timedelta(seconds=1)))
    assert list(consents_in_force(person, af, "plan", revoked_at)) == []
    assert consent.is_revoked


def test_revoke_takes_effect_at_once_and_is_audited(setting):
    consent = _register(setting)
    assert consents_in_force(setting["person"], setting["af"], "plan").exists()
    services.consent_revoke(actor=setting["coach"], consent=consent)
    assert not consents_in_force(setting["person"], setting["af"], "plan").exists()
    consent.refresh_from_db()
    assert consent.revoked_by == setting["coach"]
    record = AuditRecord.objects.filter(object_type="collaboration.consent").latest("seq")
    assert record.summary == f"Återkallade samtycke {consent.pk}"


def test_revoking_twice_is_refused(setting):
    consent = _register(setting)
    services.consent_revoke(actor=setting["coach"], consent=consent)
    with pytest.raises(ValidationError, match="redan återkallat"):
        services.consent_revoke(actor=setting["coach"], consent=consent)


def test_revoke_needs_someone_entitled(setting):
    consent = _register(setting)
    stranger = UserFactory(coach=True)
    assert not can_revoke_consent(stranger, consent)
    with pytest.raises(PermissionDenied):
        services.consent_revoke(actor=stranger, consent=consent)
    consent.refresh_from_db()
    assert consent.revoked_at is None


def test_registering_links_the_referral_of_the_same_person(setting):
    from lotsa.referrals.tests.factories import ReferralFactory

    other_referral = ReferralFactory(of_participant=True, accepted=True)
    with pytest.raises(ValidationError) as error:
        _register(setting, referral=other_referral)
    assert error.value.message_dict["referral"] == ["Remissen gäller en annan person."]
    own = ReferralFactory(of_participant=True, accepted=True, participant=setting["person"])
    assert _register(setting, referral=own).referral == own


def test_the_person_revokes_their_own_consent_and_no_one_elses(setting):
    from lotsa.portal.services import participant_account_for

    own = _register(setting)
    other_person = ParticipantFactory(unit=setting["person"].unit)
    others = ConsentFactory(participant=other_person, partners=[setting["af"]])
    account = participant_account_for(setting["person"])
    assert can_revoke_consent(account, own)
    assert not can_revoke_consent(account, others)
    with pytest.raises(PermissionDenied):
        services.consent_revoke(actor=account, consent=others)
    services.consent_revoke(actor=account, consent=own)
    own.refresh_from_db()
    assert own.revoked_by == account
    assert not consents_in_force(setting["person"], setting["af"]).exists()
