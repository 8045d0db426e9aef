import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from lotsa.audit.models import AuditRecord
from lotsa.core.concurrency import EditConflictError
from lotsa.organisations.tests.factories import UserFactory
from lotsa.work import services
from lotsa.work.models import Employer, EmployerAgreement
from lotsa.work.tests.factories import EmployerContactFactory, EmployerFactory

pytestmark = pytest.mark.django_db


def _create(actor, **overrides):
    values = {"organisation_number": "5560160680", "name": "Timrå Bygg AB", "sector": "private"}
    return services.employer_create(actor=actor, **{**values, **overrides})


def test_coach_creates_an_employer_with_a_normalised_number_and_an_audit_record():
    coach = UserFactory(coach=True)
    employer = _create(coach)
    assert employer.organisation_number == "556016-0680"
    assert employer.organisation_id == coach.organisation_id
    record = AuditRecord.objects.get(object_type="work.employer", object_id=str(employer.pk))
    assert record.actor == coach


def test_wrong_check_digit_is_refused_at_the_field_and_nothing_is_saved():
    coach = UserFactory(coach=True)
    with pytest.raises(ValidationError) as refused:
        _create(coach, organisation_number="556016-0681")
    assert "organisation_number" in refused.value.error_dict
    assert not Employer.objects.exists()
    assert not AuditRecord.objects.filter(object_type="work.employer").exists()


def test_duplicate_number_is_refused_within_an_organisation_but_not_across():
    coach = UserFactory(coach=True)
    _create(coach)
    with pytest.raises(ValidationError, match="redan en arbetsgivare"):
        _create(coach, organisation_number="556016-0680", name="Annat namn")
    _create(UserFactory(coach=True))  # another organisation may register the same employer
    assert Employer.objects.count() == 2


def test_sole_trader_is_registered_by_personnummer():
    employer = _create(UserFactory(coach=True), organisation_number="900101-1239")
    assert employer.organisation_number == "19900101-1239"


@pytest.mark.parametrize("trait", ["referrer", "administrator"])
def test_readers_may_not_create_employers(trait):
    with pytest.raises(PermissionDenied):
        _create(UserFactory(**{trait: True}))


def test_update_bumps_the_version_and_records_the_change():
    manager = UserFactory(manager=True)
    employer = EmployerFactory(organisation=manager.organisation)
    services.employer_update(
        actor=manager, employer=employer, expected_version=0, placement_capacity=5
    )
    employer.refresh_from_db()
    assert (employer.placement_capacity, employer.version) == (5, 1)
    record = AuditRecord.objects.get(object_type="work.employer", action="update")
    assert record.changes == {"placement_capacity": [0, 5]}


def test_second_editor_gets_a_conflict_instead_of_overwriting():
    coach = UserFactory(coach=True)
    employer = EmployerFactory(organisation=coach.organisation, name="Först")
    stale = Employer.objects.get(pk=employer.pk)
    services.employer_update(actor=coach, employer=employer, expected_version=0, name="Andra")
    with pytest.raises(EditConflictError) as conflict:
        services.employer_update(actor=coach, employer=stale, expected_version=0, name="Tredje")
    assert "Någon annan har sparat" in conflict.value.messages[0]
    assert Employer.objects.get(pk=employer.pk).name == "Andra"


def test_update_refuses_a_number_another_employer_has():
    coach = UserFactory(coach=True)
    first = EmployerFactory(organisation=coach.organisation)
    second = EmployerFactory(organisation=coach.organisation)
    with pytest.raises(ValidationError, match="redan en arbetsgivare"):
        services.employer_update(
            actor=coach,
            employer=second,
            expected_version=0,
            organisation_number=first.organisation_number,
        )


def test_other_organisation_may_not_update():
    employer = EmployerFactory()
    with pytest.raises(PermissionDenied):
        services.employer_update(
            actor=UserFactory(coach=True), employer=employer, expected_version=0, name="X"
        )


def test_agreement_cannot_end_before_it_starts():
    coach = UserFactory(coach=True)
    employer = EmployerFactory(organisation=coach.organisation)
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="före startdatumet"):
        services.employer_agreement_add(
            actor=coach,
            employer=employer,
            kind="cooperation",
            valid_from=today,
            valid_to=today - datetime.timedelta(days=1),
        )
    agreement = services.employer_agreement_add(
        actor=coach, employer=employer, kind="cooperation", valid_from=today, valid_to=today
    )
    assert EmployerAgreement.objects.get() == agreement


def test_contact_log_records_the_staff_member_and_refuses_future_dates():
    coach = UserFactory(coach=True)
    employer = EmployerFactory(organisation=coach.organisation)
    contact = services.employer_contact_add(
        actor=coach, employer=employer, name="Eva Ek", role="Platschef"
    )
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="framtiden"):
        services.employer_contact_log_add(
            actor=coach, employer=employer, occurred_on=tomorrow, kind="visit", outcome="–"
        )
    entry = services.employer_contact_log_add(
        actor=coach,
        employer=employer,
        occurred_on=timezone.localdate(),
        kind="visit",
        outcome="Två praktikplatser i vår.",
        contact=contact,
    )
    assert entry.staff == coach
    assert AuditRecord.objects.filter(object_type="work.employercontactlog").count() == 1


def test_contact_log_refuses_another_employers_contact_person():
    coach = UserFactory(coach=True)
    employer = EmployerFactory(organisation=coach.organisation)
    stranger = EmployerContactFactory(employer=EmployerFactory(organisation=coach.organisation))
    with pytest.raises(ValidationError, match="kontaktperson"):
        services.employer_contact_log_add(
            actor=coach,
            employer=employer,
            occurred_on=timezone.localdate(),
            kind="phone",
            outcome="–",
            contact=stranger,
        )
