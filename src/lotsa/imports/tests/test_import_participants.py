"""import_participants: all rows or none, with permission, audit and safe re-runs."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from lotsa.audit.models import AuditRecord
from lotsa.imports.files import SourceRow
from lotsa.imports.services import ImportRejectedError, import_participants
from lotsa.imports.tests.synthetic import participant_rows
from lotsa.organisations.tests.factories import OrganisationFactory, UnitFactory, UserFactory
from lotsa.people.models import Participant


def rows_of(dicts):
    return [SourceRow(line=number, values=values) for number, values in enumerate(dicts, start=2)]


def people(world, count=20):
    return rows_of(participant_rows(count, unit=world.referring.name))


def test_every_row_is_registered_with_its_details(world):
    result = import_participants(
        actor=world.administrator, organisation=world.organisation, rows=people(world, 8)
    )
    assert result.written and result.counts == {"deltagare": 8}
    person = Participant.objects.get(personal_number="196001019808")
    assert person.organisation == world.organisation and person.unit == world.referring
    assert person.registered_by == world.administrator
    assert (person.first_name, person.gender, person.postal_code) == ("Förnamn0", "woman", "123 45")
    assert person.needs_interpreter and person.language == "arabiska" and person.is_protected


def test_a_dry_run_writes_nothing(world):
    records = AuditRecord.objects.count()
    result = import_participants(
        actor=world.manager, organisation=world.organisation, rows=people(world), dry_run=True
    )
    assert not result.written and result.counts == {"deltagare": 20}
    assert Participant.objects.count() == 0
    assert AuditRecord.objects.count() == records


def test_one_bad_row_stops_the_whole_import(world):
    dicts = participant_rows(20, unit=world.referring.name)
    dicts[13]["personnummer"] = dicts[13]["personnummer"][:-1] + "0"
    dicts[17]["ansvarig_enhet"] = "Finns inte"
    records = AuditRecord.objects.count()
    with pytest.raises(ImportRejectedError) as raised:
        import_participants(
            actor=world.administrator, organisation=world.organisation, rows=rows_of(dicts)
        )
    assert [str(error) for error in raised.value.row_errors] == [
        "rad 15, kolumn personnummer: Kontrollsiffran stämmer inte. Kontrollera personnumret.",
        "rad 19, kolumn ansvarig_enhet: Det finns ingen aktiv enhet som heter Finns inte i "
        "organisationen.",
    ]
    assert Participant.objects.count() == 0
    assert AuditRecord.objects.count() == records


def test_running_the_same_file_again_reports_the_rows_as_present(world):
    rows = people(world, 5)
    import_participants(actor=world.administrator, organisation=world.organisation, rows=rows)
    with pytest.raises(ImportRejectedError) as raised:
        import_participants(actor=world.administrator, organisation=world.organisation, rows=rows)
    assert len(raised.value.row_errors) == 5
    assert "finns redan" in raised.value.row_errors[0].message
    assert Participant.objects.count() == 5


def test_the_same_person_in_another_organisation_is_no_conflict(world):
    import_participants(
        actor=world.administrator, organisation=world.organisation, rows=people(world, 3)
    )
    other = OrganisationFactory(name="Grannkommunen")
    unit = UnitFactory(organisation=other, name=world.referring.name)
    admin = UserFactory(administrator=True, unit=None, organisation=other)
    import_participants(actor=admin, organisation=other, rows=people(world, 3))
    assert Participant.objects.filter(organisation=other, unit=unit).count() == 3


@pytest.mark.parametrize("role", ["coach", "referrer"])
def test_only_administrators_and_managers_may_import(world, role):
    actor = UserFactory(unit=world.support, **{role: True})
    with pytest.raises(PermissionDenied):
        import_participants(actor=actor, organisation=world.organisation, rows=people(world))
    with pytest.raises(PermissionDenied):
        import_participants(
            actor=actor, organisation=world.organisation, rows=people(world), dry_run=True
        )
    assert Participant.objects.count() == 0


def test_an_administrator_of_another_organisation_may_not_import(world):
    stranger = UserFactory(administrator=True, unit=None, organisation=OrganisationFactory())
    with pytest.raises(PermissionDenied):
        import_participants(actor=stranger, organisation=world.organisation, rows=people(world))


def test_an_inactive_administrator_may_not_import(world):
    world.administrator.is_active = False
    with pytest.raises(PermissionDenied):
        import_participants(
            actor=world.administrator, organisation=world.organisation, rows=people(world)
        )


def test_one_import_record_with_counts_and_one_per_person(world):
    import_participants(
        actor=world.administrator, organisation=world.organisation, rows=people(world, 4)
    )
    summary = AuditRecord.objects.get(object_type="imports.participants")
    assert summary.actor == world.administrator and summary.organisation == world.organisation
    assert summary.changes == {"organisation_id": world.organisation.pk, "deltagare": 4}
    assert "Förnamn" not in summary.summary and "1960" not in str(summary.changes)
    per_person = AuditRecord.objects.filter(object_type="people.participant", action="create")
    assert sorted(per_person.values_list("participant_id", flat=True)) == sorted(
        Participant.objects.values_list("pk", flat=True)
    )
    call_command("audit", "verify")  # raises CommandError on a broken chain


def test_the_system_may_import_and_the_chain_still_verifies(world):
    import_participants(actor=None, organisation=world.organisation, rows=people(world, 3))
    assert Participant.objects.filter(registered_by=None).count() == 3
    call_command("audit", "verify")
