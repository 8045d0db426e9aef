"""`lotsa generate` builds a synthetic world with the shapes, links and audit chains of real use.

Sizes stay tiny so the suite stays fast; bench/ runs the generator at scale.
"""

import hashlib
from collections import Counter
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.models import Count, F

from lotsa.audit.models import AuditChainHead, AuditRecord
from lotsa.cases.constants import CaseStatus
from lotsa.cases.journal.constants import NoteStatus
from lotsa.cases.journal.models import Note
from lotsa.cases.models import Activity, Case, FollowUp, Goal, PlanVersion
from lotsa.organisations.constants import Role
from lotsa.organisations.models import Organisation, Unit, User
from lotsa.people.models import Participant
from lotsa.people.personnummer import parse_personnummer
from lotsa.referrals.constants import ReferralStatus
from lotsa.referrals.models import Referral
from lotsa.scale.generator import GenerateOptions, generate, organisation_sizes

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 2)


def _generate(participants=30, *, seed=7, use_copy=None, organisations=None, audit=10):
    return generate(
        GenerateOptions(
            participants=participants,
            seed=seed,
            organisations=organisations,
            audit_per_participant=audit,
            today=TODAY,
            use_copy=use_copy,
        )
    )


def test_counts_follow_the_requested_size():
    result = _generate(30, audit=6)
    assert Participant.objects.count() == 30
    assert Referral.objects.count() == 30
    accepted = Referral.objects.filter(status=ReferralStatus.ACCEPTED).count()
    assert Case.objects.count() == accepted > 0
    # The organisation's own set-up (its creation, its guideline) is recorded by the services.
    set_up = AuditRecord.objects.filter(
        object_type__in=("organisations.organisation", "guidelines.guidelineversion")
    )
    generated_audit = AuditRecord.objects.exclude(chain=0).exclude(pk__in=set_up).count()
    assert generated_audit == 30 * 6
    assert result.rows["participants"] == 30
    assert result.rows["audit_records"] == generated_audit
    assert result.rows["notes"] == Note.objects.count() > result.rows["cases"]


def test_participants_split_evenly_over_the_organisations():
    assert organisation_sizes(2500, None) == [834, 833, 833]
    assert organisation_sizes(30, 4) == [8, 8, 7, 7]
    _generate(30, organisations=2)
    sizes = Counter(Participant.objects.values_list("organisation__name", flat=True))
    assert sorted(sizes.values()) == [15, 15]


def test_each_organisation_has_referring_units_one_support_unit_and_its_staff():
    _generate(30)
    organisation = Organisation.objects.get()
    units = Unit.objects.filter(organisation=organisation)
    assert units.filter(runs_support=True).count() == 1
    assert units.filter(runs_support=False).count() == 5
    roles = Counter(User.objects.filter(organisation=organisation).values_list("role", flat=True))
    assert roles[Role.COACH] >= 1
    assert roles[Role.REFERRER] >= 5
    assert roles[Role.MANAGER] == 6
    assert roles[Role.ADMINISTRATOR] == 1
    assert not any(
        user.has_usable_password() for user in User.objects.filter(organisation=organisation)
    )


def test_personal_numbers_are_valid_with_synthetic_birth_numbers():
    _generate(30)
    for number, birth_date in Participant.objects.values_list("personal_number", "birth_date"):
        parsed = parse_personnummer(number, today=TODAY)
        assert parsed.birth_date == birth_date
        assert 980 <= int(number[8:11]) <= 999


def test_cases_come_in_every_state_with_closure_reasons():
    _generate(100)
    states = Counter(Case.objects.values_list("status", flat=True))
    assert set(states) == set(CaseStatus.values)
    assert states[CaseStatus.CLOSED] > states[CaseStatus.PAUSED]
    closed = Case.objects.filter(status=CaseStatus.CLOSED)
    assert not closed.filter(closure_reason="").exists()
    assert not closed.filter(next_follow_up_on__isnull=False).exists()
    assert not Case.objects.exclude(status=CaseStatus.CLOSED).filter(closure_reason__gt="").exists()
    assert 0 < Participant.objects.filter(is_protected=True).count() < 10


def test_every_case_belongs_to_a_coach_of_the_case_unit():
    _generate(100)
    assert Case.objects.exists()
    assert not Case.objects.exclude(coach__unit=F("unit")).exists()
    assert not Case.objects.exclude(coach__role=Role.COACH).exists()
    loads = Case.objects.values("coach").annotate(cases=Count("id")).values_list("cases", flat=True)
    assert all(40 <= load <= 60 for load in loads)


def test_plans_follow_ups_and_journal_keep_the_rules_of_the_services():
    _generate(60)
    for case in Case.objects.all():
        versions = PlanVersion.objects.filter(case=case)
        assert case.plan_version == versions.count()
        assert list(versions.order_by("number").values_list("number", flat=True)) == list(
            range(1, case.plan_version + 1)
        )
        pending = FollowUp.objects.filter(case=case, done_on__isnull=True)
        if case.is_closed:
            assert not pending.exists()
        else:
            assert case.next_follow_up_on == pending.get().due_on
    assert Goal.objects.exists()
    assert Activity.objects.filter(activity_type__organisation=F("case__organisation")).count() == (
        Activity.objects.count()
    )
    done = FollowUp.objects.filter(done_on__isnull=False)
    assert not done.filter(note__isnull=True).exists()
    assert not done.exclude(note__status=NoteStatus.SIGNED).exists()
    assert not Note.objects.filter(status=NoteStatus.DRAFT, case__status=CaseStatus.CLOSED).exists()
    assert not Note.objects.exclude(author=F("case__coach")).exists()


def test_referrals_carry_their_eligibility_results():
    _generate(30)
    for referral in Referral.objects.all():
        assert referral.target_groups.exists()
        assert referral.eligibility
        assert {result["code"] for result in referral.eligibility_results} >= {"i_malgrupp"}
    waiting = Referral.objects.filter(status=ReferralStatus.SUBMITTED)
    assert not waiting.filter(decided_at__isnull=False).exists()


@pytest.mark.parametrize("use_copy", [None, False], ids=["default-writer", "bulk-create"])
def test_audit_chains_verify(use_copy, capsys):
    _generate(30, use_copy=use_copy)
    call_command("audit", "verify")
    assert "inga brutna länkar" in capsys.readouterr().out
    organisation = Organisation.objects.get()
    head = AuditChainHead.objects.get(chain=organisation.pk)
    # 300 generated records after the organisation's 2 set-up records (creation, guideline).
    assert head.last_seq == AuditRecord.objects.filter(chain=organisation.pk).count() == 302


def test_a_second_run_adds_organisations_and_keeps_every_chain_valid(capsys):
    _generate(20)
    _generate(20, seed=8)
    assert Organisation.objects.count() == 2
    assert Participant.objects.count() == 40
    call_command("audit", "verify")
    assert "inga brutna länkar" in capsys.readouterr().out


def _fingerprint():
    """The world's content, with the ids the database hands out replaced by names."""
    parts = [
        list(
            User.objects.filter(username__startswith="syn")
            .order_by("username")
            .values_list("username", "role", "unit__name", "first_name", "last_name", "password")
        ),
        list(
            Participant.objects.order_by("id").values_list(
                "id", "personal_number", "first_name", "last_name", "birth_date", "gender",
                "is_protected", "unit__name", "registered_by__username", "district__name",
            )
        ),
        list(
            Referral.objects.order_by("id").values_list(
                "id", "participant_id", "status", "submitted_at", "decided_at", "eligibility",
                "eligibility_results", "is_priority", "referrer__username", "answers",
            )
        ),
        list(
            Case.objects.order_by("id").values_list(
                "id", "participant_id", "coach__username", "status", "start_date", "closed_on",
                "closure_reason", "next_follow_up_on", "last_contact_on", "plan_version",
            )
        ),
        list(
            Activity.objects.order_by("id").values_list(
                "id", "case_id", "activity_type__name", "starts_on", "ends_on", "status", "extent"
            )
        ),
        list(
            Note.objects.order_by("id").values_list(
                "id", "case_id", "kind", "occurred_on", "text", "status", "signed_at", "amends_id"
            )
        ),
        list(FollowUp.objects.order_by("id").values_list("id", "case_id", "due_on", "done_on")),
        list(
            # Without the organisation's set-up records, which name the database's own ids.
            AuditRecord.objects.exclude(chain=0)
            .exclude(object_type__in=("organisations.organisation", "guidelines.guidelineversion"))
            .order_by("at", "seq")
            .values_list(
                "seq", "at", "actor_name", "action", "object_type", "object_id", "summary",
                "path", "ip_address", "changes",
            )
        ),
    ]  # fmt: skip
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def _world(seed, use_copy=None):
    with transaction.atomic():
        _generate(30, seed=seed, use_copy=use_copy)
        fingerprint = _fingerprint()
        transaction.set_rollback(True)
    return fingerprint


def test_the_same_seed_gives_the_same_world():
    first = _world(seed=11)
    assert _world(seed=11) == first
    assert _world(seed=12) != first


def test_copy_and_bulk_create_store_the_same_world():
    if connection.vendor != "postgresql":
        pytest.skip("COPY needs PostgreSQL")
    assert _world(seed=11, use_copy=True) == _world(seed=11, use_copy=False)


def test_the_command_refuses_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("generate", "--participants=5", "--no-progress")
    assert not Participant.objects.exists()


def test_the_command_runs_with_the_explicit_flag(settings, capsys):
    settings.DEBUG = False
    call_command(
        "generate",
        "--participants=12",
        "--today=2026-03-02",
        "--audit-per-participant=3",
        "--i-know-this-is-not-production",
    )
    out, err = capsys.readouterr()
    assert "participants: 12" in out
    assert "12/12" in err  # the progress bar
    assert Participant.objects.count() == 12
