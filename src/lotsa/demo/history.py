"""Five years of synthetic case history, built through the same services the pages use.

Services stamp 'now' on what they create (a referral's arrival, a note's signature, a plan
version); the demo then moves those stamps back to the day the story says it happened, so the
queue, the waiting times and the case pages look like a service that has run for years. The
audit log is left as it is: it truthfully says the demo was loaded today.
"""

import json
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils import timezone

from lotsa.cases import services as case_services
from lotsa.cases.closure_details import ClosureDetails
from lotsa.cases.constants import (
    WORK_REASONS,
    ActivityStatus,
    CaseStatus,
    ClosureReason,
    GoalKind,
    ResponsibleParty,
    StudyForm,
)
from lotsa.cases.journal import services as journal_services
from lotsa.cases.journal.constants import NoteKind
from lotsa.cases.journal.models import Note
from lotsa.cases.models import ActivityType, Case, FollowUp, PlanVersion
from lotsa.core.dates import add_months
from lotsa.guidelines.models import GuidelineVersion
from lotsa.guidelines.services import guideline_install
from lotsa.organisations.models import Organisation, Unit, User
from lotsa.people.models import Participant
from lotsa.people.personnummer import luhn_check_digit
from lotsa.referrals import services as referral_services
from lotsa.referrals.constants import ReferralStatus
from lotsa.referrals.models import Referral
from lotsa.work import services as work_services

GUIDELINE_FILE = (
    Path(__file__).resolve().parent.parent / "guidelines/data/danderyd_arbetscoach.json"
)
CATALOGUE_FILE = Path(__file__).resolve().parent.parent / "cases/data/activity_catalogue.json"
GUIDELINE_IN_FORCE_FROM = date(2022, 6, 15)  # SN 2022/0094
# Referrals arrive over five years and a bit, so the board's key figures show the current year
# and the five before it (statistics.summary).
HISTORY_DAYS = 6 * 365

TARGET_GROUP_BY_UNIT = {
    "Försörjningsstöd": "forsorjningsstod",
    "Bostad och integration": "nyanlanda",
    "Missbruk och beroende": "missbruk",
    "Socialpsykiatri": "psykisk_funktionsvariation",
    "LSS": "lss",
}
# Shares seen in the model municipalities (003): roughly four in ten into work or studies.
CLOSURE_WEIGHTS = (
    (ClosureReason.WORK_UNSUBSIDISED, 20),
    (ClosureReason.WORK_SUBSIDISED, 14),
    (ClosureReason.STUDIES, 11),
    (ClosureReason.SUPPORT_ARBETSFORMEDLINGEN, 10),
    (ClosureReason.SUPPORT_FORSAKRINGSKASSAN, 6),
    (ClosureReason.SUPPORT_HEALTH_CARE, 7),
    (ClosureReason.SUPPORT_MUNICIPALITY, 6),
    (ClosureReason.MOVED, 6),
    (ClosureReason.ENDED_BY_PARTICIPANT, 12),
    (ClosureReason.OTHER, 8),
)
GOALS = (
    (GoalKind.WORK, "Arbete på deltid inom ett år, gärna inom handel eller lager."),
    (GoalKind.WORK, "Anställning inom vård och omsorg."),
    (GoalKind.STUDIES, "Påbörja yrkesutbildning på Komvux."),
    (GoalKind.CLARIFY_NEEDS, "Klargöra arbetsförmåga och vilket stöd som behövs."),
    (GoalKind.OTHER_SUPPORT, "Få rätt stöd från Arbetsförmedlingen på sikt."),
)
NOTE_TEXTS = (
    "Samtal om nuläget. Deltagaren berättar att sömnen blivit bättre och vill prova praktik.",
    "Besök hos arbetsgivare tillsammans med deltagaren. Bra bemötande, praktikstart bokad.",
    "Telefonsamtal: deltagaren var sjuk i veckan, vi ses på torsdag i stället.",
    "Trepartssamtal med handläggaren. Överens om att fortsätta planeringen i tre månader.",
    "Genomgång av cv och personligt brev. Två ansökningar skickade.",
    "Avstämning med handledaren på praktikplatsen: fungerar bra, önskar utöka till 75 %.",
)
NOTE_KINDS = (
    NoteKind.CONVERSATION,
    NoteKind.EMPLOYER_CONTACT,
    NoteKind.PHONE,
    NoteKind.THREE_PARTY,
    NoteKind.MEETING,
    NoteKind.CONVERSATION,
)


@dataclass
class HistoryCounts:
    referrals: int = 0
    waiting: int = 0
    returned: int = 0
    cases: dict[str, int] = field(default_factory=dict)
    notes: int = 0
    plan_versions: int = 0


def catalogues_install(organisation: Organisation, today: date) -> GuidelineVersion:
    data = json.loads(CATALOGUE_FILE.read_text(encoding="utf-8"))
    case_services.activity_catalogue_install(organisation=organisation, data=data)
    guideline = json.loads(GUIDELINE_FILE.read_text(encoding="utf-8"))
    return guideline_install(
        organisation=organisation, data=guideline, publish_on=min(GUIDELINE_IN_FORCE_FROM, today)
    )


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=timezone.get_current_timezone())


def _closure_details(rng: random.Random, reason: str, closes_on: date) -> ClosureDetails:
    """What the closing page asks of a closure to work or studies: about one in ten jobs is a
    municipal labour-market employment, one in five studies gives no right to CSN."""
    if reason in WORK_REASONS:
        start = closes_on + timedelta(days=rng.randint(-20, 14))
        return ClosureDetails(employment_start=start, municipal_employment=rng.random() < 0.1)
    if reason == ClosureReason.STUDIES:
        form = rng.choice([StudyForm.KOMVUX, StudyForm.FOLKHOGSKOLA, StudyForm.HIGHER_EDUCATION])
        csn = rng.random() >= 0.2
        return ClosureDetails(study_form=form if csn else StudyForm.OTHER, csn_eligible=csn)
    return ClosureDetails()


def _weighted(rng: random.Random, weights: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([value for value, _ in weights], [weight for _, weight in weights])[0]


class HistoryBuilder:
    """Walks each participant through referral, intake, plan, notes, follow-ups and closure."""

    def __init__(
        self,
        *,
        rng: random.Random,
        today: date,
        version: GuidelineVersion,
        staff: dict[str, User],
        units: dict[str, Unit],
    ) -> None:
        self.rng = rng
        self.today = today
        self.version = version
        self.staff = staff
        self.units = units
        self.counts = HistoryCounts()
        self.groups = {group.code: group for group in version.target_groups.all()}
        self.activity_types = list(
            ActivityType.objects.filter(organisation=version.guideline.organisation)
        )
        self.managers = {user.unit_id: user for user in staff.values() if user.is_manager}
        self.coaches: dict[int, list[User]] = {}
        for user in staff.values():
            if user.is_coach:
                self.coaches.setdefault(user.unit_id, []).append(user)  # type: ignore[arg-type]

    # -- referral and intake -------------------------------------------------------------

    def run(self, people: list[Participant]) -> HistoryCounts:
        for index, person in enumerate(people):
            if self.rng.random() < 0.12:
                continue  # registered, not (yet) referred
            referrer = person.registered_by
            assert referrer is not None  # the demo registers everyone through a referrer
            if index % 20 == 3:
                # This month's referrals wait in the intake queue for the manager.
                days_ago, waits = self.rng.randint(0, 30), True
            else:
                days_ago, waits = int(self.rng.triangular(0, HISTORY_DAYS, 240)), False
            self._refer(person, referrer, self.today - timedelta(days=days_ago), waits=waits)
        return self.counts

    def keep_open_cases(self, people: list[Participant], *, unit: Unit, at_least: int) -> int:
        """Refer people again until `unit` has `at_least` active cases; how many were opened.

        How many cases the random history leaves open depends on the day it is told from, and
        the apps' demo builders place people in the open cases of the support unit (work needs
        one per placement). People who have neither an open case nor a waiting referral come
        back with a new referral, a few months ago, and their cases are still running.
        """
        open_statuses = (CaseStatus.ACTIVE, CaseStatus.PAUSED)
        busy = set(
            Case.objects.filter(status__in=open_statuses).values_list("participant_id", flat=True)
        ) | set(
            Referral.objects.filter(status=ReferralStatus.SUBMITTED).values_list(
                "participant_id", flat=True
            )
        )
        opened = 0
        for person in people:
            active = Case.objects.filter(unit=unit, status=CaseStatus.ACTIVE).count()
            if active >= at_least:
                break
            if person.pk in busy or person.registered_by is None:
                continue
            referred_on = self.today - timedelta(days=self.rng.randint(60, 300))
            if self._refer(person, person.registered_by, referred_on, waits=False, receiving=unit):
                opened += 1
        return opened

    def _refer(
        self,
        person: Participant,
        referrer: User,
        referred_on: date,
        *,
        waits: bool,
        receiving: Unit | None = None,
    ) -> bool:
        """Refer `person`; True when a case was opened that is to stay open (`receiving` given)."""
        unit_name = person.unit.name
        code = TARGET_GROUP_BY_UNIT.get(unit_name, "forsorjningsstod")
        groups = [self.groups[code]]
        if (
            unit_name == "Försörjningsstöd"
            and person.age_on(referred_on) < 25
            and self.rng.random() < 0.3
        ):
            groups.append(self.groups["ungdomar_forsorjningsstod"])
        needs_stability = any(group.requires_stability for group in groups)
        stable_months = self.rng.choice([2, 4, 5, 7, 9, 14, 20]) if needs_stability else None
        stays_open = receiving is not None
        receiving = receiving or (
            self.units["Socialpsykiatri"]
            if (code == "psykisk_funktionsvariation" and self.rng.random() < 0.6)
            else self.units["Arbetsmarknadsenheten"]
        )
        today = self.today
        referral = referral_services.referral_submit(
            actor=referrer,
            participant=person,
            receiving_unit=receiving,
            target_groups=groups,
            reason=self.rng.choice(
                (
                    "Har varit utan arbete länge och vill ha stöd att komma vidare.",
                    "Vill hitta praktik och på sikt ett arbete.",
                    "Behöver stöd att klargöra sin arbetsförmåga och vad som är möjligt.",
                )
            ),
            goal=self.rng.choice(GOALS)[1],
            work_capacity_investigated_on=today - timedelta(days=10),
            work_capacity_investigated_by=f"{referrer.get_full_name()}, {unit_name}",
            work_capacity_summary="Bedöms kunna arbeta 50–100 % med rätt stöd.",
            stability_since=add_months(today, -stable_months) if stable_months else None,
            consent_parties=["arbetsformedlingen", "forsakringskassan"],
            consent_scopes=["plan", "placements"],
            consent_given_on=today - timedelta(days=3),
            consent_form="written",
            answers={"bor_i_kommunen": "yes", "aktuell_socialforvaltningen": "yes"},
            free_text="",
        )
        # Move the referral to the day it arrived (see the module docstring).
        Referral.objects.filter(pk=referral.pk).update(
            submitted_at=_at(referred_on, 9 + self.rng.randrange(7)),
            work_capacity_investigated_on=referred_on - timedelta(days=10),
            consent_given_on=referred_on - timedelta(days=3),
            stability_since=(add_months(referred_on, -stable_months) if stable_months else None),
        )
        referral.refresh_from_db()
        self.counts.referrals += 1
        manager = self.managers[receiving.pk]
        if not stays_open and (
            waits or ((self.today - referred_on).days < 45 and self.rng.random() < 0.8)
        ):
            self.counts.waiting += 1  # still in the intake queue
            return False
        if referral.eligibility == "not_met" or (not stays_open and self.rng.random() < 0.05):
            referral_services.referral_return(
                actor=manager,
                referral=referral,
                reason="Stabiliteten behöver vara dokumenterad i minst tre månader innan remiss. "
                "Välkommen att remittera igen.",
            )
            Referral.objects.filter(pk=referral.pk).update(
                decided_at=_at(referred_on + timedelta(days=5))
            )
            self.counts.returned += 1
            return False
        start = min(referred_on + timedelta(days=int(self.rng.triangular(2, 60, 14))), self.today)
        coach = self.rng.choice(self.coaches[receiving.pk])
        # What the guideline does not plainly admit is taken in with the unit's assessment.
        case = referral_services.referral_accept(
            actor=manager,
            referral=referral,
            coach=coach,
            start_date=start,
            room_and_demand=True
            if referral_services.referral_needs_room_assessment(referral)
            else None,
            individual_assessment=""
            if referral.eligibility == "met"
            else "Enheten har utrymme och efterfrågan; personen har tydlig motivation och "
            "bedöms kunna ta del av stödet.",
        )
        Referral.objects.filter(pk=referral.pk).update(decided_at=_at(start - timedelta(days=1)))
        self._work(case, coach, stays_open=stays_open)
        return stays_open

    # -- the case --------------------------------------------------------------------

    def _plan_version(self, case: Case) -> int:
        return Case.objects.values_list("plan_version", flat=True).get(pk=case.pk)

    def _work(self, case: Case, coach: User, *, stays_open: bool = False) -> None:
        rng = self.rng
        start = case.start_date
        length = int(rng.triangular(60, 720, 300))
        closes_on = start + timedelta(days=length)
        will_close = not stays_open and closes_on <= self.today - timedelta(days=3)
        last_day = closes_on if will_close else self.today

        kind, text = rng.choice(GOALS)
        case_services.goal_add(
            actor=coach,
            case=case,
            expected_plan_version=self._plan_version(case),
            kind=kind,
            description=text,
            target_date=add_months(start, rng.choice((6, 9, 12))),
        )
        count = rng.randint(2, 5)
        for number in range(count):
            activity_type = rng.choice(self.activity_types)
            begins = start + timedelta(days=number * rng.randint(10, 45))
            ends = begins + timedelta(days=rng.randint(30, 180))
            if number == count - 1 and not will_close:
                # What the person is doing now, and the next step after it.
                begins = max(start, last_day - timedelta(days=rng.randint(10, 60)))
                ends = last_day + timedelta(days=rng.randint(30, 120))
            if will_close and begins > closes_on:
                continue  # nothing is planned to start after the case closes
            if ends < last_day:
                status = ActivityStatus.DONE
            elif begins <= last_day:
                status = ActivityStatus.ONGOING
            else:
                status = ActivityStatus.PLANNED
            case_services.activity_add(
                actor=coach,
                case=case,
                expected_plan_version=self._plan_version(case),
                activity_type=activity_type,
                starts_on=begins,
                ends_on=ends,
                responsible=activity_type.default_responsible or ResponsibleParty.COACH,
                extent=rng.choice((8, 12, 16, 20, 30)),
                status=status,
            )

        day = start
        while True:
            day = day + timedelta(days=rng.randint(7, 30))
            if day > last_day:
                break
            index = rng.randrange(len(NOTE_TEXTS))
            note = journal_services.note_create(
                actor=coach,
                case=case,
                kind=NOTE_KINDS[index],
                occurred_on=day,
                text=NOTE_TEXTS[index],
            )
            journal_services.note_sign(actor=coach, note=note)
            Note.objects.filter(pk=note.pk).update(signed_at=_at(day, 16))
            self.counts.notes += 1
            self._hold_due_follow_ups(case, coach, until=day)

        if will_close:
            reason = _weighted(rng, CLOSURE_WEIGHTS)
            case_services.case_close(
                actor=coach,
                case=case,
                reason=reason,
                closed_on=closes_on,
                note="Avslutas enligt planeringen.",
                details=_closure_details(rng, reason, closes_on),
            )
            outcome = "closed"
        elif not stays_open and rng.random() < 0.08:
            case_services.case_pause(actor=coach, case=case, reason="Föräldraledig en period.")
            outcome = "paused"
        else:
            outcome = "active"
        self.counts.cases[outcome] = self.counts.cases.get(outcome, 0) + 1
        self._backdate_plan_versions(case)

    def _hold_due_follow_ups(self, case: Case, coach: User, *, until: date) -> None:
        # Some reviews slip: a few active cases keep an overdue follow-up, as in real life.
        for follow_up in FollowUp.objects.filter(
            case=case, done_on__isnull=True, due_on__lte=until
        ):
            if until > self.today - timedelta(days=45) and self.rng.random() < 0.3:
                continue
            held_on = min(follow_up.due_on + timedelta(days=self.rng.randint(0, 10)), self.today)
            try:
                case_services.follow_up_record(
                    actor=coach,
                    follow_up=follow_up,
                    held_on=held_on,
                    text="Uppföljning av planen med deltagaren. Stegförflyttning mot målet.",
                    plan_comment="Planen fortsätter; nästa steg är bokade.",
                )
            except ValidationError:
                continue  # e.g. held before a later note; the next pass takes it

    def _backdate_plan_versions(self, case: Case) -> None:
        versions = list(PlanVersion.objects.filter(case=case).order_by("number"))
        self.counts.plan_versions += len(versions)
        for number, version in enumerate(versions):
            when = _at(min(case.start_date + timedelta(days=number * 3), self.today), 11)
            PlanVersion.objects.filter(pk=version.pk).update(created_at=when)


# Synthetic employers: invented names; organisation numbers are made valid by their check digit.
DEMO_EMPLOYERS = (
    ("Solviks Lager och Logistik AB", "private", "Lager och logistik", 4),
    ("Bageriet på Torget AB", "private", "Livsmedel", 2),
    ("Solvik kommun, äldreomsorgen", "municipal", "Vård och omsorg", 6),
    ("Second hand-butiken Nytt Liv", "non_profit", "Handel", 3),
    ("Bilverkstaden i Solvik AB", "private", "Fordon", 2),
    ("Solvik kommun, parkförvaltningen", "municipal", "Park och gata", 4),
    ("Regionens tvätteri", "region", "Service", 3),
    ("Hotell Sjöutsikten AB", "private", "Hotell och restaurang", 2),
)


def demo_organisation_number(index: int) -> str:
    nine = f"556{index:03d}{index * 37 % 1000:03d}"
    return f"{nine[:6]}-{nine[6:]}{luhn_check_digit(nine)}"


def build_work(*, rng: random.Random, today: date, coach: User, unit: Unit) -> int:
    """Employers with contact logs, and Timrå's training arenas in the support unit."""
    for index, (name, sector, industry, capacity) in enumerate(DEMO_EMPLOYERS, start=1):
        employer = work_services.employer_create(
            actor=coach,
            organisation_number=demo_organisation_number(index),
            name=name,
            sector=sector,
            industry=industry,
            visiting_address=f"Industrivägen {index}, Solvik",
            placement_capacity=capacity,
        )
        for _ in range(rng.randint(1, 3)):
            work_services.employer_contact_log_add(
                actor=coach,
                employer=employer,
                occurred_on=today - timedelta(days=rng.randint(1, 300)),
                kind=rng.choice(("visit", "phone", "meeting")),
                outcome=rng.choice(
                    (
                        "Intresserade av en praktikant under hösten.",
                        "Kan ta emot en person på arbetsträning, 50 %.",
                        "Inga platser just nu; hör av oss efter sommaren.",
                    )
                ),
            )
    work_services.training_arenas_install(organisation=unit.organisation, unit=unit)
    return len(DEMO_EMPLOYERS)
