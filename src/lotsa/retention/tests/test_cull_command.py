"""`lotsa cull` on real rows: what goes, what stays, what is kept for statistics and the log."""

import datetime

import pytest
from django.core import checks
from django.core.management import call_command

from lotsa.audit.models import AuditRecord
from lotsa.cases.journal.models import Note
from lotsa.cases.journal.tests.factories import NoteFactory
from lotsa.cases.models import Activity, Case, FollowUp, Goal, PlanVersion
from lotsa.guidelines.models import TargetGroup
from lotsa.organisations.models import Unit, User
from lotsa.people.models import Participant
from lotsa.referrals.models import Referral
from lotsa.referrals.tests.factories import ReferralFactory
from lotsa.retention import culling
from lotsa.retention.checks import check_entry_dates
from lotsa.retention.models import CulledCaseSummary
from lotsa.retention.tests.factories import (
    at,
    full_case,
    looked_at,
    number_born_on,
)

pytestmark = pytest.mark.django_db

CLOSED = datetime.date(2019, 6, 28)
DUE = datetime.date(2024, 6, 28)  # five years after the last entry, which is the closing day


def _cull(*args, capsys):
    call_command("cull", *args)
    return capsys.readouterr().out


@pytest.fixture
def old_case():
    """A case of a woman born 1980-03-12, started 2019-01-14 and closed 2019-06-28."""
    case = full_case(
        start=datetime.date(2019, 1, 14),
        closed=CLOSED,
        first_name="Gunilla",
        last_name="Gallrad",
        personal_number=number_born_on(datetime.date(1980, 3, 12)),
    )
    looked_at(case.coach, case.participant, times=3)
    return case


def test_dry_run_lists_due_cases_without_names_and_deletes_nothing(old_case, capsys):
    out = _cull("--dry-run", f"--today={DUE}", capsys=capsys)

    line = next(line for line in out.splitlines() if line.split()[:1] == [str(old_case.pk)])
    assert str(old_case.participant_id) in line
    assert CLOSED.isoformat() in line
    assert "ska vara gallrat senast 2025-12-31" in line
    assert "1 av 1 avslutade ärenden skulle gallras" in out
    assert "Gunilla" not in out and "Gallrad" not in out
    assert old_case.participant.personal_number[2:8] not in out
    assert Case.objects.filter(pk=old_case.pk).exists()
    assert not CulledCaseSummary.objects.exists()


def test_dry_run_a_day_early_culls_nothing_and_says_when(old_case, capsys):
    out = _cull("--dry-run", f"--today={DUE - datetime.timedelta(days=1)}", capsys=capsys)
    assert "0 av 1 avslutade ärenden skulle gallras" in out
    assert "Sparas: 1 – För kort tid sedan senaste anteckningen i ärendet" in out

    verbose = _cull(
        "--dry-run", f"--today={DUE - datetime.timedelta(days=1)}", "-v", "2", capsys=capsys
    )
    assert f"tidigast {DUE}" in verbose


def test_culling_deletes_the_case_with_everything_hanging_off_it_and_the_person(old_case, capsys):
    person = old_case.participant
    referral = old_case.referral
    target_group = referral.target_groups.get()
    about_person = AuditRecord.objects.filter(participant_id=person.pk).count()
    records_before = AuditRecord.objects.count()

    out = _cull(f"--today={DUE}", capsys=capsys)

    assert "Borttagna ärenden: 1. Borttagna deltagare: 1." in out
    assert "Sparade anonyma sammanfattningar: 1." in out
    assert not Case.objects.filter(pk=old_case.pk).exists()
    for model in (Note, PlanVersion, Activity, Goal, FollowUp):
        assert not model.objects.filter(case_id=old_case.pk).exists(), model
    assert not Referral.objects.filter(pk=referral.pk).exists()
    assert not Participant.objects.filter(pk=person.pk).exists()
    # Shared rows stay: the guideline's target group, the units, the staff.
    assert TargetGroup.objects.filter(pk=target_group.pk).exists()
    assert Unit.objects.filter(pk=old_case.unit_id).exists()
    assert User.objects.filter(pk=old_case.coach_id).exists()
    # Who looked at the person stays in the log; the run adds exactly one record.
    assert AuditRecord.objects.filter(participant_id=person.pk).count() == about_person
    assert AuditRecord.objects.count() == records_before + 1


def test_culling_writes_one_audit_record_with_counts_and_no_content(old_case, capsys):
    _cull(f"--today={DUE}", capsys=capsys)

    record = AuditRecord.objects.get(object_type="retention.culling")
    assert record.action == "delete"
    assert record.actor is None
    assert record.participant_id is None
    counts = record.changes
    assert counts["cases"] == 1
    assert counts["participants"] == 1
    assert counts["rows"]["journal.Note"] == 3  # a note, its amendment, the follow-up's note
    assert counts["rows"]["cases.Case"] == 1
    assert counts["rows"]["referrals.Referral"] == 1
    assert counts["cases_per_organisation"] == {str(old_case.organisation_id): 1}
    text = str(record.summary) + str(record.changes)
    assert "Gunilla" not in text
    assert "praktik" not in text.lower()


def test_the_audit_chain_still_verifies_after_culling(old_case, capsys):
    _cull(f"--today={DUE}", capsys=capsys)
    call_command("audit", "verify")
    assert "inga brutna länkar" in capsys.readouterr().out


def test_an_anonymous_summary_of_each_culled_case_is_kept_for_statistics(old_case, capsys):
    _cull(f"--today={DUE}", capsys=capsys)

    summary = CulledCaseSummary.objects.get()
    assert summary.organisation_id == old_case.organisation_id
    assert summary.unit_id == old_case.unit_id
    assert (summary.start_year, summary.closure_year) == (2019, 2019)
    assert summary.closure_reason == "work_unsubsidised"
    assert summary.target_group_codes == ["forsorjningsstod"]
    assert summary.skr_categories == [5]
    assert summary.gender == "woman"
    assert summary.age_band == "30–54"  # 38 when the support started
    assert summary.waiting_days == 14
    assert summary.days_in_support == (CLOSED - datetime.date(2019, 1, 14)).days
    assert summary.culled_on == DUE


def test_people_born_on_the_15th_are_kept_for_research(capsys):
    case = full_case(
        start=datetime.date(2015, 1, 14),
        closed=datetime.date(2015, 6, 1),
        personal_number=number_born_on(datetime.date(1975, 8, 15)),
    )
    out = _cull(f"--today={DUE}", capsys=capsys)
    assert "Borttagna ärenden: 0. Borttagna deltagare: 0." in out
    assert Case.objects.filter(pk=case.pk).exists()


def test_an_old_case_is_kept_while_the_person_has_an_open_case(old_case, capsys):
    full_case(start=datetime.date(2015, 1, 14), closed=None, participant=old_case.participant)
    _cull(f"--today={DUE}", capsys=capsys)
    assert Case.objects.filter(pk=old_case.pk).exists()


def test_an_old_case_is_kept_while_another_record_on_the_person_is_recent(old_case, capsys):
    full_case(
        start=datetime.date(2022, 1, 10),
        closed=datetime.date(2022, 5, 2),
        participant=old_case.participant,
        unit=old_case.unit,
    )
    out = _cull("--dry-run", f"--today={DUE}", capsys=capsys)
    assert "Personen har nyare anteckningar i andra handlingar" in out
    _cull(f"--today={DUE}", capsys=capsys)
    assert Case.objects.filter(participant=old_case.participant).count() == 2

    # Once the newer case is old too, both go, and the person with them.
    _cull("--today=2027-05-02", capsys=capsys)
    assert not Participant.objects.filter(pk=old_case.participant_id).exists()
    assert CulledCaseSummary.objects.count() == 2


def test_a_note_written_late_moves_the_last_entry(old_case, capsys):
    late = NoteFactory(case=old_case, occurred_on=datetime.date(2020, 2, 3), signed_on_the_day=True)
    assert late.created_at == at(datetime.date(2020, 2, 3), 16)
    _cull(f"--today={DUE}", capsys=capsys)
    assert Case.objects.filter(pk=old_case.pk).exists()
    _cull("--today=2025-02-03", capsys=capsys)
    assert not Case.objects.filter(pk=old_case.pk).exists()


def test_an_old_returned_referral_goes_with_the_persons_last_case(old_case, capsys):
    person = old_case.participant
    returned = ReferralFactory(
        of_participant=True,
        participant=person,
        receiving_unit=old_case.unit,
        returned=True,
        submitted_at=at(datetime.date(2018, 3, 1)),
        decided_at=at(datetime.date(2018, 3, 8)),
    )
    out = _cull(f"--today={DUE}", capsys=capsys)
    assert "Borttagna ärenden: 1. Borttagna deltagare: 1." in out
    assert not Case.objects.filter(pk=old_case.pk).exists()
    assert not Referral.objects.filter(pk=returned.pk).exists()
    assert not Participant.objects.filter(pk=person.pk).exists()


def test_a_case_whose_notes_are_amended_from_someone_elses_case_is_kept(old_case, capsys):
    other = full_case(start=datetime.date(2023, 1, 9), closed=datetime.date(2023, 2, 1))
    NoteFactory(
        case=other,
        occurred_on=datetime.date(2023, 2, 1),
        signed_on_the_day=True,
        amends=Note.objects.filter(case=old_case).first(),
    )
    out = _cull("--dry-run", f"--today={DUE}", capsys=capsys)
    assert "Hänger ihop med handlingar som ska bevaras" in out
    _cull(f"--today={DUE}", capsys=capsys)
    assert Case.objects.filter(pk__in=[old_case.pk, other.pk]).count() == 2


def test_a_run_with_nothing_due_still_logs_that_it_ran(capsys):
    _cull("--today=2024-01-01", capsys=capsys)
    record = AuditRecord.objects.get(object_type="retention.culling")
    assert record.changes["cases"] == 0
    assert record.changes["today"] == "2024-01-01"


def test_a_badly_written_date_is_refused():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="ÅÅÅÅ-MM-DD"):
        call_command("cull", "--today=28/6/2024")


def test_lotsa_check_warns_about_a_model_under_a_case_without_entry_dates(monkeypatch):
    assert check_entry_dates() == []
    fields = dict(culling.ENTRY_DATE_FIELDS)
    del fields["cases.followup"]  # a follow-up has no timestamp of its own
    monkeypatch.setattr(culling, "ENTRY_DATE_FIELDS", fields)
    warnings = check_entry_dates()
    assert [warning.id for warning in warnings] == ["retention.W001"]
    assert warnings[0].level == checks.WARNING
    assert "cases.FollowUp" in warnings[0].msg


def _personal_records(person, coach):
    """A consent, job interests and a sign-in account for the person's own pages, from 2019."""
    from lotsa.collaboration.models import Consent, PartnerOrganisation
    from lotsa.portal.services import participant_account_for
    from lotsa.retention.tests.factories import backdate
    from lotsa.work.models import JobProfile

    partner = PartnerOrganisation.objects.create(
        organisation_id=person.organisation_id, name="Arbetsförmedlingen", kind="af"
    )
    consent = Consent.objects.create(
        organisation_id=person.organisation_id,
        participant=person,
        shares_plan=True,
        given_on=datetime.date(2019, 1, 20),
        form="written",
        registered_by=coach,
    )
    consent.partners.add(partner)
    backdate(consent, at(datetime.date(2019, 1, 20)))
    profile = JobProfile.objects.create(participant=person, interests="Lager")
    backdate(profile, at(datetime.date(2019, 2, 1)))
    user = participant_account_for(person)
    backdate(user.participant_account, at(datetime.date(2019, 2, 1)))
    return partner, consent, profile, user


def test_the_persons_consents_interests_and_portal_account_go_with_their_last_case(
    old_case, capsys
):
    from lotsa.collaboration.models import Consent, PartnerOrganisation
    from lotsa.portal.models import ParticipantAccount
    from lotsa.work.models import JobProfile

    person = old_case.participant
    partner, consent, profile, user = _personal_records(person, old_case.coach)

    out = _cull(f"--today={DUE}", capsys=capsys)

    assert "Borttagna ärenden: 1. Borttagna deltagare: 1." in out
    assert not Participant.objects.filter(pk=person.pk).exists()
    assert not Consent.objects.filter(pk=consent.pk).exists()
    assert not JobProfile.objects.filter(pk=profile.pk).exists()
    assert not ParticipantAccount.objects.filter(participant_id=person.pk).exists()
    # The sign-in user stays for the audit log, without name, contact details or a way in.
    user.refresh_from_db()
    assert not user.is_active and not user.has_usable_password()
    assert (user.first_name, user.last_name, user.email) == ("", "", "")
    assert "Gallrad" not in user.username
    # The partner organisation is shared and stays; the audit chain still verifies.
    assert PartnerOrganisation.objects.filter(pk=partner.pk).exists()
    call_command("audit", "verify")


def test_a_recent_consent_keeps_the_person_and_their_case(old_case, capsys):
    from lotsa.collaboration.models import Consent

    person = old_case.participant
    _partner, consent, _profile, _user = _personal_records(person, old_case.coach)
    Consent.objects.filter(pk=consent.pk).update(given_on=datetime.date(2023, 1, 10))
    from lotsa.retention.tests.factories import backdate

    backdate(consent, at(datetime.date(2023, 1, 10)))

    out = _cull(f"--today={DUE}", capsys=capsys)

    assert "Borttagna ärenden: 0." in out
    assert Participant.objects.filter(pk=person.pk).exists()
    assert Consent.objects.filter(pk=consent.pk).exists()
