"""`lotsa generate`: a synthetic world at national scale, deterministic by seed.

One organisation at a time, each in its own transaction: the organisation, its guideline, its
activity catalogue and its audit-log record go through the services; its units and staff
through bulk_create; and its participants, referrals, cases, plans, follow-ups, journal and
audit chain through `writers.TableWriter` (COPY on PostgreSQL). The generator hands out the ids
of the large tables itself, so rows can point at each other before they are written, and
moves PostgreSQL's sequences past them at the end. Run it on a database nobody else writes to.
"""

import json
import random
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone, translation

from lotsa.audit.constants import AuditAction
from lotsa.audit.models import GENESIS_HASH, AuditChainHead, AuditRecord
from lotsa.audit.partitions import ensure_partitions
from lotsa.audit.services import recorded_at
from lotsa.cases import services as case_services
from lotsa.cases.constants import CaseStatus, ClosureReason
from lotsa.cases.journal.constants import CONTACT_KINDS, NoteStatus
from lotsa.cases.models import ActivityType, Case, CaseReopening, FollowUp, Goal
from lotsa.guidelines import services as guideline_services
from lotsa.guidelines.constants import Answer, CriterionKind
from lotsa.guidelines.evaluation import Facts, TargetGroupSpec, evaluate
from lotsa.guidelines.models import GuidelineVersion
from lotsa.guidelines.queries import version_criterion_specs
from lotsa.organisations.constants import OrganisationKind
from lotsa.organisations.models import District, Organisation, Unit, User
from lotsa.organisations.services import organisation_create
from lotsa.people.constants import Gender
from lotsa.people.demo_names import (
    FIRST_NAMES_MEN,
    FIRST_NAMES_WOMEN,
    LANGUAGES,
    LAST_NAMES,
    STREETS,
)
from lotsa.people.models import Participant
from lotsa.people.personnummer import make_personnummer
from lotsa.referrals.constants import ReferralStatus
from lotsa.referrals.models import Referral
from lotsa.scale import shapes
from lotsa.scale.audit_log import AuditLog, Lookers
from lotsa.scale.draws import (
    CASE_STATUS,
    CLOSURE_REASON,
    REFERRAL_STATUS,
    REFERRING_UNIT_INDEX,
    WORK_OR_STUDIES,
)
from lotsa.scale.journal import journal_compose, journal_write
from lotsa.scale.plan import activities_compose, goals_compose, plan_versions_write
from lotsa.scale.progress import NoProgress, Progress
from lotsa.scale.staff import caseloads, staff_create
from lotsa.scale.tables import AUDIT_COLUMNS, COLUMNS, TABLE_NAMES, TargetGroupLink
from lotsa.scale.timeline import _aware, _aware_on, _Fate, _Timeline
from lotsa.scale.world import Ids, World
from lotsa.scale.writers import TableWriter, next_ids, reset_sequences

GUIDELINE_FILE = (
    Path(__file__).resolve().parent.parent / "guidelines" / "data" / "danderyd_arbetscoach.json"
)
CATALOGUE_FILE = case_services.ACTIVITY_CATALOGUE


class GenerationError(Exception):
    """The generator was asked to do something it must not (the message is Swedish)."""


@dataclass(frozen=True)
class GenerateOptions:
    participants: int
    seed: int = 2026
    organisations: int | None = None
    audit_per_participant: int = 10
    today: date | None = None
    use_copy: bool | None = None  # None: COPY on PostgreSQL, bulk_create elsewhere


@dataclass
class GenerateResult:
    organisation_ids: list[int]
    rows: dict[str, int]
    seconds: float
    used_copy: bool


def generation_allowed(*, explicitly_confirmed: bool) -> bool:
    """Synthetic data goes into development databases, or where the operator says it may."""
    return bool(settings.DEBUG) or explicitly_confirmed


def organisation_sizes(participants: int, organisations: int | None) -> list[int]:
    """How many participants each organisation gets (as even as possible)."""
    if participants < 0:
        raise GenerationError("Antalet deltagare kan inte vara negativt.")
    count = organisations
    if count is None:
        count = max(1, -(-participants // shapes.PARTICIPANTS_PER_ORGANISATION))
    if count < 1:
        raise GenerationError("Det behövs minst en organisation.")
    base, extra = divmod(participants, count)
    return [base + (1 if index < extra else 0) for index in range(count)]


def generate(options: GenerateOptions, *, progress: Progress | None = None) -> GenerateResult:
    """Create the synthetic world described by `options`; returns what was written."""
    started = time.monotonic()
    sizes = organisation_sizes(options.participants, options.organisations)
    progress = progress or NoProgress()
    today = options.today or timezone.localdate()
    writers = {
        model: TableWriter(model, columns, use_copy=options.use_copy)
        for model, columns in COLUMNS.items()
    }
    writers[AuditRecord] = TableWriter(AuditRecord, AUDIT_COLUMNS, use_copy=options.use_copy)
    used_copy = writers[AuditRecord].use_copy
    ids = Ids(next_ids(list(COLUMNS)))
    guideline = json.loads(GUIDELINE_FILE.read_text(encoding="utf-8"))
    catalogue = json.loads(CATALOGUE_FILE.read_text(encoding="utf-8"))
    first_index = _next_organisation_index()
    organisation_ids: list[int] = []
    with translation.override("sv"):
        for ordinal, size in enumerate(sizes, start=1):
            builder = _OrganisationBuilder(
                rng=random.Random(f"{options.seed}/{ordinal}"),
                index=first_index + ordinal - 1,
                size=size,
                today=today,
                audit_per_participant=options.audit_per_participant,
                ids=ids,
                guideline=guideline,
                catalogue=catalogue,
            )
            with transaction.atomic():
                builder.prepare()
                builder.compose()
                builder.write(writers)
            organisation_ids.append(builder.organisation.pk)
            progress.advance(size)
    progress.finish()
    reset_sequences(list(COLUMNS))
    _analyze([*COLUMNS, AuditRecord])
    return GenerateResult(
        organisation_ids=organisation_ids,
        rows={TABLE_NAMES[model]: writer.written for model, writer in writers.items()},
        seconds=time.monotonic() - started,
        used_copy=used_copy,
    )


def _next_organisation_index() -> int:
    names = Organisation.objects.filter(
        models.Q(name__startswith=shapes.ORGANISATION_KINDS[OrganisationKind.MUNICIPALITY])
        | models.Q(
            name__startswith=shapes.ORGANISATION_KINDS[OrganisationKind.COORDINATION_ASSOCIATION]
        )
    )
    return names.count() + 1


def _analyze(model_list: Sequence[type[models.Model]]) -> None:
    """Fresh planner statistics after a bulk load, so the first queries get good plans."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in model_list:
            cursor.execute(f"ANALYZE {quote(model._meta.db_table)}")


class _OrganisationBuilder:
    """Everything of one organisation, built in memory and written table by table: its staff
    (`staff`), each person's registration, referral and case (here), the case's plan (`plan`)
    and journal (`journal`), and the audit log of it all (`audit_log`)."""

    def __init__(
        self,
        *,
        rng: random.Random,
        index: int,
        size: int,
        today: date,
        audit_per_participant: int,
        ids: Ids,
        guideline: dict[str, Any],
        catalogue: dict[str, Any],
    ) -> None:
        self.world = World(
            rng=rng,
            ids=ids,
            rows={model: [] for model in (*COLUMNS, AuditRecord)},
            today=today,
            last_day=today - timedelta(days=1),
            history_start=today - timedelta(days=shapes.HISTORY_DAYS),
        )
        self.rng = rng
        self.index = index
        self.size = size
        self.today = today
        self.last_day = self.world.last_day
        self.history_start = self.world.history_start
        self.ids = ids
        self.rows = self.world.rows
        self.guideline_data = guideline
        self.catalogue_data = catalogue
        self.audit = AuditLog(self.world, per_participant=audit_per_participant)

    # The organisation and its staff ---------------------------------------------------------

    def prepare(self) -> None:
        """The organisation, its guideline, catalogue, units and staff (through the database)."""
        rng = self.rng
        is_association = rng.random() < shapes.COORDINATION_ASSOCIATION_SHARE
        kind = (
            OrganisationKind.COORDINATION_ASSOCIATION
            if is_association
            else OrganisationKind.MUNICIPALITY
        )
        # The organisation was set up before its history: its set-up records come first in
        # time as they do in its chain.
        set_up_at = _aware(self.history_start - timedelta(days=181), 9, 0)
        with recorded_at(set_up_at):
            self.organisation = organisation_create(
                name=f"{shapes.ORGANISATION_KINDS[kind]} {self.index:05d}",
                kind=kind,
                municipality_code="" if is_association else f"{self.index % 10000:04d}",
            )
            self.version = guideline_services.guideline_install(
                organisation=self.organisation,
                data=self.guideline_data,
                publish_on=self.history_start - timedelta(days=180),
            )
        # Its record goes to the instance's own chain (0), which may hold newer records.
        case_services.activity_catalogue_install(
            organisation=self.organisation, data=self.catalogue_data
        )
        self._load_guideline(self.version)
        self.activity_types = list(
            ActivityType.objects.filter(organisation=self.organisation)
            .order_by("name")
            .values_list("pk", "name", "skr_category", "default_responsible")
        )
        self.districts = self._districts()
        self.referring_units = [
            Unit.objects.create(organisation=self.organisation, name=name)
            for name, _share, _groups in shapes.REFERRING_UNITS
        ]
        self.support_unit = Unit.objects.create(
            organisation=self.organisation, name=shapes.SUPPORT_UNIT, runs_support=True
        )
        self.fates = [self._fate() for _ in range(self.size)]
        case_count = sum(
            1 for fate in self.fates if fate.referral_status == ReferralStatus.ACCEPTED
        )
        self.staff = staff_create(
            self.world,
            organisation=self.organisation,
            index=self.index,
            size=self.size,
            referring_units=self.referring_units,
            support_unit=self.support_unit,
            case_count=case_count,
        )
        self.coach_of_case = caseloads(self.world, self.staff.coaches, case_count)
        head, _created = AuditChainHead.objects.get_or_create(chain=self.organisation.pk)
        self.chain_start = (head.last_seq, head.last_hash or GENESIS_HASH)

    def compose(self) -> None:
        """Every participant's story as rows in memory (no database work)."""
        coach_of_case = self.coach_of_case
        used_numbers: set[str] = set()
        case_number = 0
        for fate in self.fates:
            coach = None
            if fate.referral_status == ReferralStatus.ACCEPTED:
                coach = coach_of_case[case_number]
                case_number += 1
            self._participant_story(fate, coach, used_numbers)
        self.chain_end = self.audit.chain(self.organisation.pk, self.chain_start)

    def write(self, writers: Mapping[type[models.Model], TableWriter]) -> None:
        """Store the rows and move the organisation's chain head to the last record."""
        if writers[AuditRecord].use_copy:
            # A crash loses at most the organisation being written; nothing is corrupted.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        events = self.audit.events  # in time order once chained
        if events:
            # On PostgreSQL each month of the story goes straight into its own audit partition.
            ensure_partitions(events[0].at, events[-1].at)
        for model, writer in writers.items():
            writer.write(self.rows[model])
        last_seq, last_hash = self.chain_end
        AuditChainHead.objects.filter(chain=self.organisation.pk).update(
            last_seq=last_seq, last_hash=last_hash
        )

    def _load_guideline(self, version: GuidelineVersion) -> None:
        self.criteria = version_criterion_specs(version)
        groups = list(version.target_groups.all())
        self.group_specs = [
            TargetGroupSpec(code=g.code, name=g.name, requires_stability=g.requires_stability)
            for g in groups
        ]
        self.group_ids = {group.code: group.pk for group in groups}
        self.question_codes = [
            spec.code for spec in self.criteria if spec.kind == CriterionKind.QUESTION
        ]

    def _districts(self) -> list[District]:
        if self.rng.random() >= shapes.DISTRICT_SHARE:
            return []
        return [
            District.objects.create(organisation=self.organisation, name=name)
            for name in shapes.DISTRICTS
        ]

    # One participant's story -----------------------------------------------------------------

    def _fate(self) -> "_Fate":
        rng = self.rng
        status = REFERRAL_STATUS.pick(rng)
        case_status = CASE_STATUS.pick(rng) if status == ReferralStatus.ACCEPTED else None
        return _Fate(
            unit_index=REFERRING_UNIT_INDEX.pick(rng),
            referral_status=status,
            case_status=case_status,
        )

    def _participant_story(self, fate: "_Fate", coach: User | None, used: set[str]) -> None:
        rng = self.rng
        unit = self.referring_units[fate.unit_index]
        referrer = rng.choice(self.staff.referrers[unit.pk])
        timeline = self._timeline(fate)
        participant_id, birth_date, last_name = self._participant(
            unit, referrer, timeline.registered_on, used
        )
        events_before = len(self.audit.events)
        self.audit.add(
            _aware_on(rng, timeline.registered_on),
            referrer,
            AuditAction.CREATE,
            "people.participant",
            participant_id,
            participant_id,
            "Registrerade deltagare",
            f"/deltagare/{participant_id}/",
        )
        referral_id, decided_at = self._referral(
            fate, participant_id, birth_date, unit, referrer, coach, timeline
        )
        case_id = None
        if coach is not None and fate.case_status is not None and decided_at is not None:
            case_id = self._case(
                fate.case_status, participant_id, referral_id, coach, timeline, decided_at
            )
        if case_id is not None and coach is not None and timeline.start is not None:
            begin, end = timeline.start, timeline.closed_on or self.last_day
        else:
            begin, end = timeline.registered_on, timeline.decided_on or self.last_day
        lookers = Lookers(begin, end, referrer, coach, self.staff.support_manager, case_id)
        self.audit.fill(events_before, participant_id, last_name, lookers)

    def _timeline(self, fate: "_Fate") -> "_Timeline":
        rng = self.rng
        start = closed_on = decided_on = None
        if fate.referral_status == ReferralStatus.SUBMITTED:
            submitted_on = self.today - timedelta(days=rng.randint(1, 40))
        elif fate.referral_status != ReferralStatus.ACCEPTED:
            submitted_on = self.history_start + timedelta(
                days=rng.randint(0, shapes.HISTORY_DAYS - 25)
            )
            decided_on = submitted_on + timedelta(days=rng.randint(2, 20))
        else:
            if fate.case_status == CaseStatus.CLOSED:
                start = self.history_start + timedelta(
                    days=rng.randint(30, shapes.HISTORY_DAYS - 60)
                )
                low, high = shapes.CLOSED_CASE_DAYS
                duration = int(rng.triangular(low, high, 300))
                closed_on = min(start + timedelta(days=duration), self.last_day)
            else:
                start = self.today - timedelta(days=rng.randint(1, shapes.OPEN_CASE_MAX_AGE_DAYS))
            waiting = min(int(rng.expovariate(1 / 18)), 120) + 1
            submitted_on = start - timedelta(days=waiting)
            decided_on = submitted_on + timedelta(days=rng.randint(0, waiting))
        registered_on = submitted_on - timedelta(days=rng.randint(0, 14))
        return _Timeline(registered_on, submitted_on, decided_on, start, closed_on)

    def _participant(
        self, unit: Unit, referrer: User, registered_on: date, used: set[str]
    ) -> tuple[int, date, str]:
        rng = self.rng
        low, high = shapes.BIRTH_NUMBERS
        while True:
            age = rng.choice(range(18, 29)) if rng.random() < 0.3 else rng.randint(29, 66)
            born = self.today - timedelta(days=age * 365 + rng.randint(0, 364))
            is_woman = rng.random() < shapes.WOMAN_SHARE
            birth_number = rng.randint(low, high)
            if (birth_number % 2 == 1) == is_woman:  # odd for men, even for women
                birth_number += -1 if birth_number > low else 1
            number = make_personnummer(
                born, birth_number, coordination=rng.random() < shapes.COORDINATION_NUMBER_SHARE
            ).canonical
            if number not in used:
                used.add(number)
                break
        gender = Gender.WOMAN if is_woman else Gender.MAN
        if rng.random() < shapes.OTHER_GENDER_SHARE:
            gender = Gender.OTHER
        first_name = rng.choice(FIRST_NAMES_WOMEN if is_woman else FIRST_NAMES_MEN)
        last_name = rng.choice(LAST_NAMES)
        needs_interpreter = rng.random() < shapes.INTERPRETER_SHARE
        registered_at = _aware_on(rng, registered_on)
        participant_id = self.ids.take(Participant)
        self.rows[Participant].append(
            (
                participant_id,
                self.organisation.pk,
                unit.pk,
                number,
                born,
                first_name,
                last_name,
                gender,
                "",
                f"070-{rng.randrange(1000000, 9999999)}",
                f"{rng.choice(STREETS)} {rng.randrange(1, 60)}",
                f"{rng.randrange(10000, 99999)}",
                f"Syntetby {self.index}",
                rng.choice(self.districts).pk if self.districts else None,
                needs_interpreter,
                rng.choice(LANGUAGES) if needs_interpreter else "",
                rng.random() < shapes.PROTECTED_SHARE,
                referrer.pk,
                registered_at,
                registered_at,
                1,
            )
        )
        return participant_id, born, last_name

    def _referral(
        self,
        fate: "_Fate",
        participant_id: int,
        birth_date: date,
        unit: Unit,
        referrer: User,
        coach: User | None,
        timeline: "_Timeline",
    ) -> tuple[int, datetime | None]:
        """The referral, its target groups and eligibility; returns its id and decision time."""
        rng = self.rng
        submitted_on = timeline.submitted_on
        _name, _share, unit_groups = shapes.REFERRING_UNITS[fate.unit_index]
        codes = [rng.choice(unit_groups)]
        if rng.random() < shapes.SECOND_TARGET_GROUP_SHARE:
            codes.append(rng.choice([code for code in self.group_ids if code not in codes]))
        needs_stability = any(
            spec.requires_stability for spec in self.group_specs if spec.code in codes
        )
        investigated = rng.random() < shapes.WORK_CAPACITY_INVESTIGATED_SHARE
        investigated_on = submitted_on - timedelta(days=rng.randint(10, 120))
        stability_since = None
        if needs_stability and rng.random() < 0.9:
            stability_since = submitted_on - timedelta(days=rng.randint(45, 720))
        consent_parties = sorted(rng.sample(shapes.CONSENT_PARTIES, rng.randint(1, 3)))
        consent_given_on = submitted_on - timedelta(days=rng.randint(0, 10))
        answers: dict[str, str] = {
            code: Answer.UNCLEAR if rng.random() < shapes.UNCLEAR_ANSWER_SHARE else Answer.YES
            for code in self.question_codes
        }
        evaluation = evaluate(
            criteria=self.criteria,
            target_groups=self.group_specs,
            facts=Facts(
                on=submitted_on,
                birth_date=birth_date,
                target_group_codes=frozenset(codes),
                answers=answers,
                work_capacity_investigated_on=investigated_on if investigated else None,
                work_capacity_investigated_by="Arbetsterapeut" if investigated else "",
                work_capacity_summary="Kan arbeta 50 % med stöd." if investigated else "",
                stability_since=stability_since,
                consent_given=True,
            ),
            priority_age_below=self.version.priority_age_below,
        )
        status = fate.referral_status
        submitted_at = _aware_on(rng, submitted_on)
        decided_at = decided_by = None
        manager = self.staff.support_manager
        if status in (ReferralStatus.ACCEPTED, ReferralStatus.RETURNED):
            assert timeline.decided_on is not None
            decided_at = max(_aware_on(rng, timeline.decided_on), submitted_at)
            decided_by = manager.pk
        referral_id = self.ids.take(Referral)
        self.rows[Referral].append(
            (
                referral_id,
                self.organisation.pk,
                participant_id,
                referrer.pk,
                unit.pk,
                self.support_unit.pk,
                self.version.pk,
                rng.choice(shapes.REASONS),
                rng.choice(shapes.GOALS),
                investigated_on if investigated else None,
                "Arbetsterapeut" if investigated else "",
                "Kan arbeta 50 % med stöd." if investigated else "",
                stability_since,
                consent_parties,
                list(shapes.CONSENT_SCOPES),
                consent_given_on,
                rng.choice(shapes.CONSENT_FORMS),
                answers,
                "",
                status,
                submitted_at,
                evaluation.is_priority,
                evaluation.eligibility,
                evaluation.as_list(),
                decided_at,
                decided_by,
                rng.choice(shapes.RETURN_REASONS) if status == ReferralStatus.RETURNED else "",
                1 if status == ReferralStatus.SUBMITTED else 2,
            )
        )
        for code in codes:
            self.rows[TargetGroupLink].append(
                (self.ids.take(TargetGroupLink), referral_id, self.group_ids[code])
            )
        path = f"/remisser/{referral_id}/"
        self.audit.add(
            submitted_at,
            referrer,
            AuditAction.CREATE,
            "referrals.referral",
            referral_id,
            participant_id,
            f"Skickade remiss till {self.support_unit.name}",
            path,
        )
        if status == ReferralStatus.WITHDRAWN:
            assert timeline.decided_on is not None
            self.audit.add(
                max(_aware_on(rng, timeline.decided_on), submitted_at),
                referrer,
                AuditAction.UPDATE,
                "referrals.referral",
                referral_id,
                participant_id,
                "Återkallade remissen",
                path,
            )
        elif decided_at is not None:
            self.audit.add(
                max(decided_at - timedelta(minutes=rng.randint(2, 90)), submitted_at),
                manager,
                AuditAction.VIEW,
                "referrals.referral",
                referral_id,
                participant_id,
                "",
                path,
            )
            summary = (
                f"Tog emot remissen; {coach} är arbetscoach"
                if status == ReferralStatus.ACCEPTED
                else "Skickade tillbaka remissen"
            )
            self.audit.add(
                decided_at,
                manager,
                AuditAction.UPDATE,
                "referrals.referral",
                referral_id,
                participant_id,
                summary,
                path + "besked/",
            )
        return referral_id, decided_at

    # The case --------------------------------------------------------------------------------

    def _case(
        self,
        status: str,
        participant_id: int,
        referral_id: int,
        coach: User,
        timeline: "_Timeline",
        decided_at: datetime,
    ) -> int:
        rng = self.rng
        assert timeline.start is not None
        start = timeline.start
        end = timeline.closed_on or self.last_day
        case_id = self.ids.take(Case)
        interval = self.version.follow_up_interval_months
        goals = goals_compose(self.world, case_id=case_id, start=start)
        activities = activities_compose(
            self.world,
            case_id=case_id,
            start=start,
            end=end,
            status=status,
            activity_types=self.activity_types,
        )
        journal = journal_compose(
            self.world, start=start, end=end, status=status, interval=interval
        )
        notes, follow_ups, pending_due = journal.notes, journal.follow_ups, journal.pending_due
        journal_write(self.world, case_id=case_id, coach=coach, notes=notes)
        follow_up_rows: list[tuple[Any, ...]] = [
            (self.ids.take(FollowUp), case_id, due, done_on, coach.pk, note.id)
            for due, done_on, note in follow_ups
        ]
        if pending_due is not None:
            follow_up_rows.append((self.ids.take(FollowUp), case_id, pending_due, None, None, None))
        self.rows[FollowUp].extend(follow_up_rows)
        plan_version = plan_versions_write(
            self.world,
            case_id=case_id,
            coach=coach,
            start=start,
            goals=goals,
            activities=activities,
            follow_ups=follow_ups,
            activity_types=self.activity_types,
        )
        contacts = [
            note.occurred_on
            for note in notes
            if note.status == NoteStatus.SIGNED and note.kind in CONTACT_KINDS
        ]
        reason = CLOSURE_REASON.pick(rng) if status == CaseStatus.CLOSED else ""
        self.rows[Case].append(
            (
                case_id,
                self.organisation.pk,
                participant_id,
                referral_id,
                self.support_unit.pk,
                coach.pk,
                status,
                start,
                (start - timeline.submitted_on).days,
                interval,
                pending_due,
                max(contacts) if contacts else None,
                plan_version,
                timeline.closed_on,
                reason,
                rng.choice(shapes.CLOSURE_NOTES) if reason else "",
                2 if reason else 1,
                decided_at,
            )
        )
        if reason:
            for goal in goals:
                goal[5] = reason in WORK_OR_STUDIES and goal[2] in ("work", "studies")
        self.rows[Goal].extend(tuple(goal) for goal in goals)
        path = f"/arenden/{case_id}/"
        manager = self.staff.support_manager
        self.audit.add(
            decided_at,
            manager,
            AuditAction.CREATE,
            "cases.case",
            case_id,
            participant_id,
            f"Öppnade ärende med {coach} som arbetscoach",
            path,
        )
        if reason and timeline.closed_on is not None:
            self.audit.add(
                _aware_on(rng, timeline.closed_on),
                coach,
                AuditAction.UPDATE,
                "cases.case",
                case_id,
                participant_id,
                f"Avslutade ärendet: {ClosureReason(reason).label}",
                path + "avsluta/",
                {
                    "status": [CaseStatus.ACTIVE.value, CaseStatus.CLOSED.value],
                    "closed_on": [None, timeline.closed_on.isoformat()],
                    "removed_follow_ups": [1, 0],
                },
            )
        elif rng.random() < shapes.REOPENED_SHARE and (end - start).days > 60:
            closed_before = start + timedelta(days=rng.randint(20, (end - start).days - 30))
            self.rows[CaseReopening].append(
                (
                    self.ids.take(CaseReopening),
                    case_id,
                    _aware_on(rng, closed_before + timedelta(days=rng.randint(1, 25))),
                    manager.pk,
                    rng.choice(shapes.REOPEN_REASONS),
                    closed_before,
                    CLOSURE_REASON.pick(rng),
                )
            )
        return case_id
