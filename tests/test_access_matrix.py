"""The access matrix: every URL pattern, every actor, on real objects.

`test_every_url_pattern_is_classified` walks Django's URL resolver: a new page that is not in
MATRIX fails the suite, so nobody can add a page without deciding who may open it. The other
tests request each page as each actor and check the answer, and check that the names of two
participants — one ordinary, one with protected identity — never appear in any answer to an
actor who is not entitled to them.

Actors from later issues (the participant themself, a partner's contact person) have no pages
yet; they join the matrix with those pages.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from lotsa.assessments.services import fidelity_review_record, fidelity_scale_install
from lotsa.cases import services as case_services
from lotsa.cases.journal import services as journal_services
from lotsa.cases.models import ActivityType, Case
from lotsa.cases.tests.factories import ActivityTypeFactory
from lotsa.organisations.models import User
from lotsa.organisations.tests.factories import UnitFactory, UserFactory
from lotsa.people.personnummer import make_personnummer
from lotsa.people.services import participant_register
from lotsa.portal.services import participant_account_for
from lotsa.referrals import services as referral_services
from lotsa.referrals.tests.submissions import referral_send
from lotsa.referrals.tests.towns import town

pytestmark = pytest.mark.django_db

ACTORS = (
    "anonymous",
    "referrer",
    "coach_of_case",
    "coach_same_unit",
    "coach_other_unit",
    "manager_of_unit",
    "manager_other_unit",
    "administrator",
    "other_organisation",
    "participant",  # the visible person, signed in to their own pages (lotsa.portal)
    "partner",  # a partner's contact person; the visible person consented to that partner
)
STAFF = frozenset(ACTORS) - {"anonymous", "participant", "partner"}
# Partner users sign in with two factors like staff, but see only what was consented.
TWO_FACTOR_USERS = STAFF | {"partner"}
NOT_ADMIN = STAFF - {"administrator"}
COACHES = frozenset({"coach_of_case", "coach_same_unit", "coach_other_unit"})
MANAGERS = frozenset({"manager_of_unit", "manager_other_unit", "other_organisation"})
CASE_VIEWERS = frozenset({"referrer", "coach_of_case", "coach_same_unit", "manager_of_unit"})
CASE_WORKERS = frozenset({"coach_of_case", "coach_same_unit", "manager_of_unit"})
# Who may see the two people whose names the leak check looks for.
SEES_VISIBLE = frozenset({"referrer", "coach_of_case", "coach_same_unit", "manager_of_unit"})
SEES_PROTECTED = frozenset({"referrer", "coach_of_case", "manager_of_unit"})
VISIBLE_NAME = "Synligsson"
PROTECTED_NAME = "Skyddadsson"
# Outside staff, the visible person's name reaches the person themself and the partner they
# consented to (on those actors' own pages); the leak check allows that and nothing more.
MAY_READ_VISIBLE_NAME = SEES_VISIBLE | {"participant", "partner"}

PUBLIC = "public"  # everyone, signed in or not


@dataclass(frozen=True)
class Check:
    """One request: which URL with which objects, and who gets a real answer."""

    kwargs: Callable[[dict], dict] = lambda world: {}  # noqa: E731
    allowed: frozenset[str] | str = frozenset()
    method: str = "GET"
    label: str = ""
    data: dict = field(default_factory=dict)


def _fidelity_review(world: dict):
    scale = fidelity_scale_install()
    return fidelity_review_record(
        actor=world["manager_of_unit"],
        unit=world["support"],
        scale=scale,
        reviewed_on=timezone.localdate(),
        scores={item.number: 4 for item in scale.items.all()},
    )


def _case(key: str) -> Callable[[dict], dict]:
    return lambda world: {"case_id": world[key].pk}


MATRIX: dict[str, list[Check]] = {
    "login": [Check(allowed=PUBLIC)],
    "logout": [Check(allowed=PUBLIC, method="POST")],
    "set_language": [Check(allowed=PUBLIC, method="POST", data={"language": "sv"})],
    # The start page sends each role to its own first page (a participant to Mina sidor).
    "shell:home": [Check(allowed=TWO_FACTOR_USERS | {"participant"})],
    "shell:accessibility": [Check(allowed=PUBLIC)],
    "shell:healthz": [Check(allowed=PUBLIC)],
    "shell:health_live": [Check(allowed=PUBLIC)],
    "shell:health_ready": [Check(allowed=PUBLIC)],
    # Only for the bearer token of LOTSA_METRICS_TOKEN (unset here): 401 for everyone.
    "shell:metrics": [Check()],
    # Two-factor pages belong to whoever is signed in; the second factor itself is tested in
    # signin/tests. Resetting someone else's factor is for administrators.
    "signin:manage": [Check(allowed=TWO_FACTOR_USERS)],
    "signin:enrol": [Check(allowed=TWO_FACTOR_USERS)],
    "signin:recovery_codes": [Check(allowed=TWO_FACTOR_USERS)],
    "signin:verify": [Check(allowed=TWO_FACTOR_USERS)],
    "signin:reverify": [Check(allowed=TWO_FACTOR_USERS)],
    "signin:verify_recovery": [Check(allowed=TWO_FACTOR_USERS)],
    "signin:reset_user": [
        Check(lambda w: {"user_id": w["coach_of_case"].pk}, frozenset({"administrator"}))
    ],
    # Onboarding is the instance administrator's (tests/test_instance_administrator.py); no
    # one inside an organisation reaches it.
    "onboarding:organisations": [Check()],
    "onboarding:organisation_create": [Check()],
    "onboarding:organisation": [Check(lambda w: {"organisation_id": w["organisation"].pk})],
    **{
        f"onboarding:{step}": [
            Check(lambda w: {"organisation_id": w["organisation"].pk}, method="POST")
        ]
        for step in (
            "member_add",
            "partner_add",
            "guideline_install",
            "guideline_start",
            "unit_add",
            "staff_import",
        )
    },
    # A unit's fidelity reviews: its coaches and managers read, its manager records.
    "assessments:fidelity": [Check(allowed=COACHES | MANAGERS)],
    "assessments:fidelity_unit": [Check(lambda w: {"unit_id": w["support"].pk}, CASE_WORKERS)],
    "assessments:fidelity_review_create": [
        Check(
            lambda w: {"unit_id": w["support"].pk, "scale_key": "ips_25"},
            frozenset({"manager_of_unit"}),
        )
    ],
    "assessments:fidelity_review": [
        Check(lambda w: {"review_id": _fidelity_review(w).pk}, CASE_WORKERS)
    ],
    "organisations:units": [Check(allowed=frozenset({"administrator"}))],
    "organisations:unit_create": [Check(allowed=frozenset({"administrator"}))],
    "organisations:unit_edit": [
        Check(lambda w: {"unit_id": w["support"].pk}, frozenset({"administrator"}))
    ],
    "organisations:districts": [Check(allowed=frozenset({"administrator"}))],
    "organisations:users": [Check(allowed=frozenset({"administrator"}))],
    "organisations:user_create": [Check(allowed=frozenset({"administrator"}))],
    "organisations:user_edit": [
        Check(lambda w: {"user_id": w["coach_of_case"].pk}, frozenset({"administrator"}))
    ],
    "organisations:user_invite": [
        Check(
            lambda w: {"user_id": w["coach_of_case"].pk},
            frozenset({"administrator"}),
            method="POST",
        )
    ],
    # One's own password: everyone who signs in with one (a participant has none).
    "account:password_change": [Check(allowed=TWO_FACTOR_USERS)],
    # The invitation link is public (a signed-in participant is kept to their own pages); an
    # unknown token answers "Länken gäller inte" (410).
    "account:invitation": [
        Check(lambda w: {"token": "okand-lank"}, frozenset(ACTORS) - {"participant"})
    ],
    "people:list": [
        Check(allowed=NOT_ADMIN),
        # Search by a part of the name, so that the full name in an answer can only come from
        # a result, never from the echoed search box.
        Check(allowed=NOT_ADMIN, label="search", data={"q": VISIBLE_NAME[:6]}),
        Check(allowed=NOT_ADMIN, label="search protected", data={"q": PROTECTED_NAME[:6]}),
    ],
    "people:create": [Check(allowed=NOT_ADMIN)],
    "people:picker": [
        Check(allowed=NOT_ADMIN, label="search", data={"sok": VISIBLE_NAME[:6]}),
        Check(allowed=NOT_ADMIN, label="search protected", data={"sok": PROTECTED_NAME[:6]}),
    ],
    "people:detail": [
        Check(lambda w: {"participant_id": w["visible"].pk}, SEES_VISIBLE),
        Check(lambda w: {"participant_id": w["protected"].pk}, SEES_PROTECTED, label="protected"),
    ],
    "people:edit": [
        Check(lambda w: {"participant_id": w["visible"].pk}, SEES_VISIBLE),
        Check(lambda w: {"participant_id": w["protected"].pk}, SEES_PROTECTED, label="protected"),
    ],
    "oversight:review": [Check(allowed=MANAGERS)],
    "oversight:user_log": [
        Check(lambda w: {"user_id": w["coach_of_case"].pk}, frozenset({"manager_of_unit"}))
    ],
    "oversight:participant_log": [
        Check(lambda w: {"participant_id": w["visible"].pk}, frozenset({"manager_of_unit"})),
        Check(
            lambda w: {"participant_id": w["protected"].pk},
            frozenset({"manager_of_unit"}),
            label="protected",
        ),
    ],
    "referrals:new": [Check(allowed=frozenset({"referrer"}))],
    "referrals:evaluate": [Check(allowed=frozenset({"referrer"}), method="POST")],
    "referrals:mine": [Check(allowed=frozenset({"referrer"}))],
    "referrals:queue": [Check(allowed=MANAGERS)],
    "referrals:detail": [
        Check(
            lambda w: {"referral_id": w["visible_case"].referral_id},
            frozenset({"referrer", "coach_of_case", "manager_of_unit"}),
        ),
        Check(
            lambda w: {"referral_id": w["protected_case"].referral_id},
            frozenset({"referrer", "coach_of_case", "manager_of_unit"}),
            label="protected",
        ),
    ],
    "referrals:decide": [
        Check(lambda w: {"referral_id": w["queued"].pk}, frozenset({"manager_of_unit"}))
    ],
    "referrals:withdraw": [
        Check(lambda w: {"referral_id": w["queued"].pk}, frozenset({"referrer"}), method="POST")
    ],
    "cases:my_cases": [Check(allowed=COACHES)],
    "cases:unit_cases": [Check(allowed=MANAGERS)],
    "cases:reassign": [Check(allowed=MANAGERS, method="POST")],
    "cases:saved_filter_save": [
        Check(allowed=COACHES, method="POST", data={"list": "my_cases", "name": ""}, label="own"),
        Check(
            allowed=MANAGERS, method="POST", data={"list": "unit_cases", "name": ""}, label="unit"
        ),
    ],
    "journal:note_autosave": [Check(_case("visible_case"), CASE_WORKERS, method="POST")],
    "cases:saved_filter_delete": [
        Check(
            lambda world: {"saved_id": world["saved_filter"].pk},
            frozenset({"coach_of_case"}),
            method="POST",
        )
    ],
    "cases:catalogue": [Check(allowed=frozenset({"administrator"}))],
    "cases:catalogue_create": [Check(allowed=frozenset({"administrator"}))],
    "cases:catalogue_edit": [
        Check(lambda w: {"activity_type_id": w["activity_type"].pk}, frozenset({"administrator"}))
    ],
    "cases:detail": [
        Check(_case("visible_case"), CASE_VIEWERS),
        Check(_case("protected_case"), CASE_VIEWERS - {"coach_same_unit"}, label="protected"),
    ],
    "cases:plan_history": [Check(_case("visible_case"), CASE_VIEWERS)],
    "cases:participant_plan": [Check(_case("visible_case"), CASE_VIEWERS)],
    "cases:goal_add": [Check(_case("visible_case"), CASE_WORKERS)],
    "cases:goal_edit": [
        Check(lambda w: {"case_id": w["visible_case"].pk, "goal_id": w["goal"].pk}, CASE_WORKERS)
    ],
    "cases:goal_remove": [
        Check(lambda w: {"case_id": w["visible_case"].pk, "goal_id": w["goal"].pk}, CASE_WORKERS)
    ],
    "cases:activity_add": [Check(_case("visible_case"), CASE_WORKERS)],
    "cases:activity_edit": [
        Check(
            lambda w: {"case_id": w["visible_case"].pk, "activity_id": w["activity"].pk},
            CASE_WORKERS,
        )
    ],
    "cases:activity_remove": [
        Check(
            lambda w: {"case_id": w["visible_case"].pk, "activity_id": w["activity"].pk},
            CASE_WORKERS,
        )
    ],
    "cases:follow_up_record": [
        Check(
            lambda w: {"case_id": w["visible_case"].pk, "follow_up_id": w["follow_up"].pk},
            CASE_WORKERS,
        )
    ],
    "cases:close": [Check(_case("visible_case"), CASE_WORKERS)],
    "cases:pause": [Check(_case("visible_case"), CASE_WORKERS)],
    "cases:resume": [Check(_case("paused_case"), CASE_WORKERS)],
    "cases:reopen": [Check(_case("closed_case"), frozenset({"manager_of_unit"}))],
    "journal:note_create": [Check(_case("visible_case"), CASE_WORKERS)],
    "journal:note_edit": [
        Check(lambda w: {"note_id": w["draft"].pk}, frozenset({"coach_of_case"}))
    ],
    "journal:note_sign": [
        Check(lambda w: {"note_id": w["draft"].pk}, frozenset({"coach_of_case"}), method="POST")
    ],
    "journal:note_discard": [
        Check(lambda w: {"note_id": w["draft"].pk}, frozenset({"coach_of_case"}), method="POST")
    ],
    "journal:note_amend": [Check(lambda w: {"note_id": w["signed"].pk}, CASE_WORKERS)],
    "retention:extract": [
        Check(lambda w: {"participant_id": w["visible"].pk}, frozenset({"manager_of_unit"})),
        Check(
            lambda w: {"participant_id": w["protected"].pk},
            frozenset({"manager_of_unit"}),
            label="protected",
        ),
    ],
    "retention:extract_json": [
        Check(lambda w: {"participant_id": w["visible"].pk}, frozenset({"manager_of_unit"}))
    ],
}
# Guideline editor (issue 4): entries are added here.
ADMINISTRATOR = frozenset({"administrator"})
# Who enters the yearly figures of the surveys: the organisation's managers and administrators.
SURVEY_EDITORS = frozenset({"manager_of_unit", "manager_other_unit", "administrator"})


def _guideline_draft(world: dict) -> dict:
    """A draft version of the matrix organisation with one target group and one criterion."""
    if "guideline_draft" not in world:
        from lotsa.guidelines.tests.factories import (
            CriterionFactory,
            GuidelineFactory,
            GuidelineVersionFactory,
            TargetGroupFactory,
        )

        draft = GuidelineVersionFactory(
            guideline=GuidelineFactory(organisation=world["organisation"], name="Utkastet")
        )
        world["guideline_draft"] = draft
        world["draft_group"] = TargetGroupFactory(version=draft)
        world["draft_criterion"] = CriterionFactory(version=draft, question=True)
    return world


def _guideline(world: dict) -> dict:
    return {"guideline_id": world["organisation"].guidelines.get(name__startswith="Handl").pk}


def _draft_version(world: dict) -> dict:
    return {"version_id": _guideline_draft(world)["guideline_draft"].pk}


def _draft_group(world: dict) -> dict:
    return {"target_group_id": _guideline_draft(world)["draft_group"].pk}


def _draft_criterion(world: dict) -> dict:
    return {"criterion_id": _guideline_draft(world)["draft_criterion"].pk}


MATRIX.update(
    {
        "guidelines:list": [Check(allowed=ADMINISTRATOR)],
        "guidelines:create": [Check(allowed=ADMINISTRATOR)],
        "guidelines:draft_create": [Check(_guideline, ADMINISTRATOR, method="POST")],
        "guidelines:version": [
            Check(_draft_version, ADMINISTRATOR, label="draft"),
            Check(
                lambda w: {
                    "version_id": w["organisation"]
                    .guidelines.get(name__startswith="Handl")
                    .versions.get()
                    .pk
                },
                ADMINISTRATOR,
                label="published",
            ),
        ],
        "guidelines:publish": [Check(_draft_version, ADMINISTRATOR)],
        "guidelines:target_group_create": [Check(_draft_version, ADMINISTRATOR)],
        "guidelines:target_group_edit": [Check(_draft_group, ADMINISTRATOR)],
        "guidelines:target_group_remove": [Check(_draft_group, ADMINISTRATOR, method="POST")],
        "guidelines:target_group_move": [Check(_draft_group, ADMINISTRATOR, method="POST")],
        "guidelines:criterion_create": [Check(_draft_version, ADMINISTRATOR)],
        "guidelines:criterion_edit": [Check(_draft_criterion, ADMINISTRATOR)],
        "guidelines:criterion_remove": [Check(_draft_criterion, ADMINISTRATOR, method="POST")],
        "guidelines:criterion_move": [Check(_draft_criterion, ADMINISTRATOR, method="POST")],
    }
)

# Decisions (issue 4): the handling officer (the matrix referrer) investigates and decides; the
# manager of the unit the granted support went to reads; equal access is for managers and
# administrators. Stockholm's LSS guideline is installed beside Danderyd's (older effective date,
# so referrals still use Danderyd's).
DECISION_READERS = frozenset({"referrer", "manager_of_unit"})
OFFICER = frozenset({"referrer"})


def _decisions_world(world: dict) -> dict:
    if "decision" in world:
        return world
    import json
    from pathlib import Path

    from lotsa.decisions import services as decision_services
    from lotsa.guidelines.services import guideline_install

    data = Path(__file__).resolve().parents[1] / "src/lotsa/guidelines/data/stockholm_lss.json"
    version = guideline_install(
        organisation=world["organisation"],
        data=json.loads(data.read_text(encoding="utf-8")),
        publish_on=datetime.date(2022, 5, 24),
    )
    today = timezone.localdate()
    officer = world["referrer"]

    def application(last_name: str, birth_number: int):
        person = participant_register(
            actor=officer,
            personal_number=make_personnummer(_born(30, 5), birth_number).canonical,
            first_name="Sökande",
            last_name=last_name,
        )
        created = decision_services.application_create(
            actor=officer,
            participant=person,
            guideline_version=version,
            received_on=today,
            today=today,
        )
        decision_services.application_investigate(
            actor=officer,
            application=created,
            expected_version=created.version,
            target_groups=list(version.target_groups.filter(code="lss_personkrets_1")),
            answers={c.code: ("yes", "") for c in version.criteria.filter(kind="question")},
            consultation_on=today,
            consultation_with="Jobbcoach",
            life_situation="Bor själv.",
            support_needs="Stöd till arbete.",
            goals="Arbete.",
            today=today,
        )
        return created

    world["open_application"] = application("Öppensson", 971)
    decided = application("Beslutsson", 973)
    world["decision"] = decision_services.decision_make(
        actor=officer,
        application=decided,
        outcome="granted",
        decided_on=today,
        delegation="4.2",
        valid_from=today,
        valid_to=today + datetime.timedelta(days=60),
        receiving_unit=world["support"],
        today=today,
    )
    return world


def _application(key: str) -> Callable[[dict], dict]:
    def kwargs(world: dict) -> dict:
        built = _decisions_world(world)
        target = built[key] if key == "open_application" else built["decision"].application
        return {"application_id": target.pk}

    return kwargs


def _decision(world: dict) -> dict:
    return {"decision_id": _decisions_world(world)["decision"].pk}


def _delegation(world: dict) -> dict:
    from lotsa.decisions.models import Delegation

    if "delegation" not in world:
        # The standing rule written out, so the officer's decisions in this world still stand.
        world["delegation"] = Delegation.objects.create(
            organisation=world["organisation"],
            delegate="handling_officer",
            may_grant=True,
            may_reject=True,
            may_extend=True,
            valid_from=datetime.date(1900, 1, 1),
        )
    return {"delegation_id": world["delegation"].pk}


MATRIX.update(
    {
        "decisions:list": [Check(allowed=OFFICER | MANAGERS)],
        "decisions:application_create": [Check(allowed=OFFICER)],
        "decisions:application": [
            Check(_application("decided"), DECISION_READERS),
            Check(_application("open_application"), OFFICER, label="open"),
        ],
        "decisions:investigate": [Check(_application("open_application"), OFFICER)],
        "decisions:decide": [Check(_application("open_application"), OFFICER)],
        "decisions:parallel_support_add": [Check(_application("decided"), DECISION_READERS)],
        "decisions:letter": [Check(_decision, DECISION_READERS)],
        "decisions:letter_pdf": [Check(_decision, DECISION_READERS)],
        "decisions:extend": [Check(_decision, OFFICER)],
        "decisions:expiry": [Check(allowed=OFFICER | MANAGERS)],
        "decisions:equal_access": [Check(allowed=MANAGERS | ADMINISTRATOR)],
        # The delegation register is kept by the organisation's administrator (decisions.policy).
        "decisions:delegations": [Check(allowed=ADMINISTRATOR)],
        "decisions:delegation_end": [Check(_delegation, ADMINISTRATOR)],
    }
)

# Work: employers, arenas and placements (issue 5): entries are added here.
# Employers: coaches and managers write, referrers and administrators read; another
# organisation's manager gets their own (empty) register and 404 on this one's employers.
EMPLOYER_READERS = STAFF - {"other_organisation"}
EMPLOYER_WRITERS = COACHES | {"manager_of_unit", "manager_other_unit"}
ARENA_READERS = COACHES | MANAGERS | {"administrator"}
ARENA_WRITERS = {"manager_of_unit", "manager_other_unit", "administrator"}


def _employer(world: dict) -> dict:
    from lotsa.work.models import Employer

    employer = Employer.objects.create(
        organisation=world["organisation"],
        organisation_number="556016-0680",
        name="Matrisby Bygg AB",
        sector="private",
    )
    return {"employer_id": employer.pk}


def _arena(world: dict) -> dict:
    from lotsa.work.models import TrainingArena

    arena = TrainingArena.objects.create(
        organisation=world["organisation"], unit=world["support"], name="Möbelprojekt", places=4
    )
    return {"arena_id": arena.pk}


MATRIX.update(
    {
        "work:employers": [
            Check(allowed=STAFF),
            Check(allowed=STAFF, label="search", data={"q": "Bygg", "has_capacity": "on"}),
        ],
        "work:employer_create": [Check(allowed=COACHES | MANAGERS)],
        "work:employer_detail": [Check(_employer, EMPLOYER_READERS)],
        "work:employer_edit": [Check(_employer, frozenset(EMPLOYER_WRITERS))],
        "work:employer_contact_add": [Check(_employer, frozenset(EMPLOYER_WRITERS))],
        "work:employer_agreement_add": [Check(_employer, frozenset(EMPLOYER_WRITERS))],
        "work:employer_contact_log_add": [Check(_employer, frozenset(EMPLOYER_WRITERS))],
        "work:arenas": [Check(allowed=ARENA_READERS)],
        "work:arena_create": [Check(allowed=frozenset(ARENA_WRITERS | {"other_organisation"}))],
        "work:arena_edit": [Check(_arena, frozenset(ARENA_WRITERS))],
    }
)


# Follow-up after closure and statistics (issue 7): entries are added here.
# The closed case in the world has its 6- and 12-month follow-ups scheduled by case_close.
def _insats(world: dict) -> dict:
    from lotsa.reporting.models import FinsamInsats

    insats = FinsamInsats.objects.create(
        organisation=world["organisation"],
        name="Matrisinsatsen",
        orientation="individual",
        target_group="Unga vuxna",
        unit=world["support"],
        follows_individuals=True,
    )
    return {"insats_id": insats.pk}


def _kept(world: dict) -> dict:
    """Last month's Socialstyrelsen file of the world, kept as the schedule keeps it."""
    from lotsa.reporting.kept import MONTHLY, keep_files, last_month

    kept = keep_files(
        {"socialstyrelsen": MONTHLY["socialstyrelsen"]}, last_month(timezone.localdate())
    )
    return {"kept_id": next(k.pk for k in kept if k.organisation_id == world["organisation"].pk)}


def _outcome(world: dict) -> dict:
    return {"follow_up_id": world["closed_case"].outcome_follow_ups.get(months_after=6).pk}


MATRIX.update(
    {
        "outcomes:list": [Check(allowed=COACHES | MANAGERS)],
        "outcomes:record": [
            Check(_outcome, frozenset({"coach_of_case", "coach_same_unit", "manager_of_unit"}))
        ],
        "outcomes:settings": [Check(allowed=ADMINISTRATOR)],
        # Statistics: managers of the organisation (counts only, small ones hidden).
        "statistics:board": [
            Check(allowed=MANAGERS),
            Check(
                allowed=MANAGERS,
                label="filtered",
                data={"start": "2020-01-01", "end": "2030-12-31"},
            ),
        ],
        "statistics:board_export": [
            Check(lambda w: {"fmt": "xlsx"}, MANAGERS),
            Check(lambda w: {"fmt": "csv"}, MANAGERS, label="csv"),
        ],
        "statistics:skr": [
            Check(allowed=MANAGERS),
            Check(allowed=MANAGERS, label="xlsx", data={"year": "2025", "export": "xlsx"}),
        ],
        "statistics:long_term": [Check(allowed=MANAGERS)],
        "statistics:evaluation": [
            Check(allowed=MANAGERS),
            Check(allowed=MANAGERS, label="csv", data={"export": "csv"}),
        ],
        "statistics:assumptions": [Check(allowed=ADMINISTRATOR)],
        # The board's presentation: the same counts as the board report, for its readers.
        "statistics:summary": [
            Check(allowed=MANAGERS),
            Check(allowed=MANAGERS, label="csv", data={"export": "csv"}),
        ],
        "statistics:board_pdf": [Check(allowed=MANAGERS)],
        "statistics:board_print_css": [Check(allowed=MANAGERS)],
        "statistics:equal_access": [Check(allowed=MANAGERS)],
        "statistics:population_import": [Check(allowed=MANAGERS | ADMINISTRATOR)],
        "statistics:kolada_import": [Check(allowed=MANAGERS | ADMINISTRATOR)],
        # National reports: managers (counts, small ones hidden); the monthly file's rows are
        # the people the manager may see; the code table is the administrators'.
        "reporting:index": [Check(allowed=MANAGERS)],
        "reporting:kolada": [
            Check(allowed=MANAGERS),
            Check(allowed=MANAGERS, label="xlsx", data={"year": "2025", "export": "xlsx"}),
        ],
        "reporting:esf": [
            Check(allowed=MANAGERS),
            Check(allowed=MANAGERS, label="csv", data={"year": "2025", "export": "csv"}),
        ],
        "reporting:socialstyrelsen": [
            Check(allowed=MANAGERS),
            Check(allowed=MANAGERS, label="csv", data={"month": "2025-03", "export": "csv"}),
        ],
        "reporting:codes": [Check(allowed=ADMINISTRATOR)],
        "reporting:code_edit": [
            Check(lambda w: {"kind": "activity", "key": "1"}, ADMINISTRATOR),
        ],
        "reporting:skr": [
            Check(allowed=MANAGERS),
            Check(allowed=MANAGERS, label="xlsx", data={"year": "2025", "export": "xlsx"}),
        ],
        # A municipality's managers get the page saying it is for coordination associations.
        "reporting:finsam": [Check(allowed=MANAGERS)],
        # The yearly figures: managers and administrators of the organisation.
        "reporting:staff": [Check(allowed=MANAGERS | ADMINISTRATOR)],
        "reporting:staff_edit": [
            Check(lambda w: {"year": 2025, "unit_id": w["support"].pk}, SURVEY_EDITORS),
            Check(
                lambda w: {"year": 2025, "unit_id": w["support"].pk},
                SURVEY_EDITORS,
                method="POST",
                label="post",
                data={"fte": "2,5", "version": 0},
            ),
        ],
        "reporting:insatser": [Check(allowed=MANAGERS | ADMINISTRATOR)],
        # Only a coordination association adds insatser; the world is a municipality.
        "reporting:insats_create": [Check()],
        "reporting:insats_edit": [Check(_insats, SURVEY_EDITORS)],
        "reporting:insats_year": [
            Check(lambda w: {**_insats(w), "year": 2025}, SURVEY_EDITORS),
        ],
        # Kept files: the row-level one for managers with a unit of the organisation.
        "reporting:kept": [Check(allowed=MANAGERS)],
        "reporting:kept_download": [Check(_kept, SURVEY_EDITORS - ADMINISTRATOR)],
    }
)

# The participant's own pages and surveys (issue 6): only the person themself on Mina sidor;
# survey results for the organisation's managers and administrators.
PARTICIPANT = frozenset({"participant"})
SURVEY_READERS = frozenset({"manager_of_unit", "manager_other_unit", "administrator"})


def _survey(world: dict) -> dict:
    if "survey" not in world:
        from lotsa.surveys.services import invitation_send, survey_template_install

        world["survey"] = survey_template_install(actor=world["administrator"], key="rating")
        world["survey_draft"] = survey_template_install(actor=world["administrator"], key="exit")
        world["survey_sent"] = invitation_send(
            actor=world["coach_of_case"], survey=world["survey"], case=world["visible_case"]
        )
    return world


def _own_consent(world: dict) -> dict:
    from lotsa.collaboration.models import Consent, PartnerOrganisation

    consent = Consent.objects.create(
        organisation=world["organisation"],
        participant=world["visible"],
        shares_plan=True,
        given_on=timezone.localdate(),
        form="written",
        registered_by=world["coach_of_case"],
    )
    consent.partners.add(
        PartnerOrganisation.objects.create(
            organisation=world["organisation"], name="Matrisby vårdcentral", kind="primary_care"
        )
    )
    return {"consent_id": consent.pk}


MATRIX.update(
    {
        "portal:home": [Check(allowed=PARTICIPANT)],
        "portal:consent_revoke": [Check(_own_consent, PARTICIPANT, method="POST")],
        "portal:sign_in": [Check(allowed=PUBLIC)],
        "portal:sign_in_code": [Check(allowed=PUBLIC)],
        # Without an e-ID broker configured these send everyone to the code sign-in.
        "portal:oidc_start": [Check(allowed=PUBLIC)],
        "portal:oidc_callback": [Check(allowed=PUBLIC)],
        "portal:access_log": [Check(allowed=PARTICIPANT)],
        # Stores a participant's choice; anyone else's goes to the language cookie only.
        "portal:language_set": [Check(allowed=PUBLIC, method="POST", data={"language": "sv"})],
        # The public way in: the form and its confirmation, the same for everyone.
        "portal:self_referral": [Check(allowed=PUBLIC)],
        "portal:self_referral_sent": [Check(allowed=PUBLIC)],
        # Filling in the form with e-ID: without a broker a redirect back to the form.
        "portal:self_referral_eid": [Check(allowed=PUBLIC)],
        "portal:self_referral_without_eid": [Check(allowed=PUBLIC, method="POST")],
        "surveys:list": [Check(allowed=MANAGERS | ADMINISTRATOR)],
        "surveys:create": [Check(allowed=ADMINISTRATOR)],
        "surveys:template_install": [
            Check(lambda w: {"key": "rating"}, ADMINISTRATOR, method="POST")
        ],
        "surveys:detail": [Check(lambda w: {"survey_id": _survey(w)["survey"].pk}, SURVEY_READERS)],
        "surveys:results": [
            Check(lambda w: {"survey_id": _survey(w)["survey"].pk}, SURVEY_READERS)
        ],
        "surveys:close": [
            Check(
                lambda w: {"survey_id": _survey(w)["survey_draft"].pk},
                ADMINISTRATOR,
                method="POST",
            )
        ],
        "surveys:question_remove": [
            Check(
                lambda w: {"question_id": _survey(w)["survey_draft"].questions.first().pk},
                ADMINISTRATOR,
                method="POST",
            )
        ],
        "surveys:send": [Check(_case("visible_case"), CASE_WORKERS)],
        "surveys:answer": [Check(lambda w: {"token": _survey(w)["survey_sent"].token}, PUBLIC)],
        "surveys:answer_mine": [
            Check(
                lambda w: {"invitation_id": _survey(w)["survey_sent"].invitation.pk},
                PARTICIPANT,
            )
        ],
    }
)

# Placements, attendance, costs and matching (work): a placement follows its case's visibility.
WORK_MATCHERS = COACHES | {"manager_of_unit", "manager_other_unit"}
MATCHES_VISIBLE = frozenset({"coach_of_case", "coach_same_unit", "manager_of_unit"})


def _placements(world: dict) -> dict:
    """An employer and an arena, each with a placement of the visible and the protected person."""
    from lotsa.work import services as placement_services
    from lotsa.work.models import Employer, TrainingArena

    employer = Employer.objects.create(
        organisation=world["organisation"],
        organisation_number="556016-0680",
        name="Matrisby Bygg AB",
        sector="private",
        industry="Bygg",
        placement_capacity=3,
    )
    arena = TrainingArena.objects.create(
        organisation=world["organisation"], unit=world["support"], name="Möbelprojekt", places=4
    )
    placements = {}
    for key, workplace in (
        ("visible_case", {"employer": employer}),
        ("protected_case", {"arena": arena}),
    ):
        placements[key] = placement_services.placement_create(
            actor=world["coach_of_case"],
            case=world[key],
            kind="internship",
            starts_on=timezone.localdate(),
            hours_per_week="20",
            status="ongoing",
            **workplace,
        )
    return {
        "employer": employer,
        "arena": arena,
        "placement": placements["visible_case"],
        "protected_placement": placements["protected_case"],
    }


def _work(key: str, **extra: Callable[[dict], object]) -> Callable[[dict], dict]:
    names = {"employer": "employer_id", "arena": "arena_id", "placement": "placement_id"}

    def kwargs(world: dict) -> dict:
        built = _placements(world)
        values = {names[key]: built[key].pk} if key else {}
        values.update({name: make(world) for name, make in extra.items()})
        return values

    return kwargs


def _month_of(key: str) -> Callable[[dict], dict]:
    def kwargs(world: dict) -> dict:
        _placements(world)
        today = timezone.localdate()
        return {"case_id": world[key].pk, "year": today.year, "month": today.month}

    return kwargs


def _person(key: str) -> Callable[[dict], dict]:
    return lambda world: {"participant_id": world[key].pk}


MATRIX["work:employer_detail"].append(
    Check(_work("employer"), EMPLOYER_READERS, label="with placements")
)
MATRIX["work:arenas"].append(Check(_work(""), ARENA_READERS, label="with occupancy"))
MATRIX.update(
    {
        "work:arena_detail": [
            Check(_work("arena"), frozenset(ARENA_READERS - {"other_organisation"}))
        ],
        "work:arena_week": [Check(_work("arena"), WORK_MATCHERS)],
        "work:placement_create": [
            Check(_case("visible_case"), CASE_WORKERS),
            Check(_case("protected_case"), SEES_PROTECTED - {"referrer"}, label="protected"),
        ],
        "work:placement_detail": [Check(_work("placement"), CASE_VIEWERS)],
        "work:placement_edit": [Check(_work("placement"), CASE_WORKERS)],
        "work:attendance_add": [Check(_work("placement"), CASE_WORKERS)],
        "work:attendance_month": [
            Check(_month_of("visible_case"), CASE_VIEWERS),
            Check(_month_of("protected_case"), SEES_PROTECTED, label="protected"),
        ],
        "work:attendance_month_csv": [Check(_month_of("visible_case"), CASE_VIEWERS)],
        "work:costs": [Check(_work(""), COACHES | MANAGERS)],
        "work:costs_csv": [Check(_work(""), COACHES | MANAGERS)],
        "work:costs_xlsx": [Check(_work(""), COACHES | MANAGERS)],
        "work:match_participant": [
            Check(_person("visible"), MATCHES_VISIBLE),
            Check(_person("protected"), SEES_PROTECTED - {"referrer"}, label="protected"),
        ],
        "work:match_employer": [Check(_work("employer"), WORK_MATCHERS)],
        "work:job_profile_edit": [
            Check(_person("visible"), MATCHES_VISIBLE),
            Check(_person("protected"), SEES_PROTECTED - {"referrer"}, label="protected"),
        ],
    }
)

# The monthly attendance report (issue 16 item 6): kept by whoever works on the case; the
# participant confirms their own on Mina sidor; the summary reaches the referring officer once
# it is shared with them (the reports here are shared unless a check needs another state).


def _attendance_report(key: str, status: str = "shared") -> Callable[[dict], dict]:
    def kwargs(world: dict) -> dict:
        from lotsa.work.models import AttendanceReport, AttendanceReportDay

        month = (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
        report = AttendanceReport.objects.create(
            case=world[key], month=month, status=status, created_by=world["coach_of_case"]
        )
        if key == "visible_case":
            AttendanceReportDay.objects.create(
                report=report,
                activity=world["activity"],
                activity_name="Aktivitet",
                day=month,
                kind="activity",
                hours=3,
            )
        return {"report_id": report.pk}

    return kwargs


def _shared_summaries(world: dict) -> dict:
    """The visible and the protected person's last month, both shared with the referrer who
    referred them: the referrer's list "Närvarorapporter" shows both, nobody else has it."""
    _attendance_report("visible_case")(world)
    _attendance_report("protected_case")(world)
    return {}


MATRIX.update(
    {
        "work:attendance_report_create": [
            Check(_case("visible_case"), CASE_WORKERS),
            Check(_case("protected_case"), SEES_PROTECTED - {"referrer"}, label="protected"),
        ],
        "work:attendance_report": [
            Check(_attendance_report("visible_case"), CASE_WORKERS),
            Check(
                _attendance_report("protected_case"),
                SEES_PROTECTED - {"referrer"},
                label="protected",
            ),
        ],
        "work:attendance_report_sign": [
            Check(_attendance_report("visible_case", "confirmed"), CASE_WORKERS, method="POST")
        ],
        "work:attendance_report_share": [
            Check(_attendance_report("visible_case", "signed"), CASE_WORKERS, method="POST")
        ],
        "work:attendance_summary": [
            Check(_attendance_report("visible_case"), CASE_VIEWERS),
            Check(_attendance_report("protected_case"), SEES_PROTECTED, label="protected"),
        ],
        "work:attendance_summary_csv": [Check(_attendance_report("visible_case"), CASE_VIEWERS)],
        "work:attendance_summary_xlsx": [Check(_attendance_report("visible_case"), CASE_VIEWERS)],
        "work:attendance_summaries": [Check(_shared_summaries, frozenset({"referrer"}))],
        "portal:attendance": [Check(allowed=PARTICIPANT)],
        "portal:attendance_report": [Check(_attendance_report("visible_case"), PARTICIPANT)],
    }
)

# Collaboration (issue 6): the partner register is the administrators'; consents are kept by
# coaches and managers who see the person; the partner user sees only people who consented.
CONSENT_KEEPERS = frozenset({"coach_of_case", "coach_same_unit", "manager_of_unit"})
PARTNER_USER = frozenset({"partner"})


def _partner_world(world: dict) -> None:
    """A partner with a partner user, and consents to it from the visible and protected person."""
    from lotsa.collaboration.models import Consent, PartnerContact, PartnerOrganisation
    from lotsa.organisations.constants import Role

    partner = PartnerOrganisation.objects.create(
        organisation=world["organisation"],
        name="Arbetsförmedlingen Matrisby",
        kind="arbetsformedlingen",
    )
    world["partner_org"] = partner
    world["partner"] = UserFactory(role=Role.PARTNER, unit=None, organisation=world["organisation"])
    PartnerContact.objects.create(partner=partner, name="Anna Partner", user=world["partner"])
    world["partner_contact"] = PartnerContact.objects.create(partner=partner, name="Utan Konto")
    for key in ("visible", "protected"):
        consent = Consent.objects.create(
            organisation=world["organisation"],
            participant=world[key],
            shares_plan=True,
            given_on=timezone.localdate(),
            form="written",
            registered_by=world["coach_of_case"],
        )
        consent.partners.add(partner)
        world[f"{key}_consent"] = consent
    world["meeting"] = world["visible_case"].meetings.create(
        kind="sip", meets_on=timezone.localdate(), registered_by=world["coach_of_case"]
    )


def _partner_org(world: dict) -> dict:
    return {"partner_id": world["partner_org"].pk}


def _consenting(key: str) -> Callable[[dict], dict]:
    return lambda world: {"participant_id": world[key].pk}


MATRIX.update(
    {
        "collaboration:partners": [Check(allowed=ADMINISTRATOR)],
        "collaboration:partner_create": [Check(allowed=ADMINISTRATOR)],
        "collaboration:partner_detail": [Check(_partner_org, ADMINISTRATOR)],
        "collaboration:partner_edit": [Check(_partner_org, ADMINISTRATOR)],
        "collaboration:partner_contact_add": [Check(_partner_org, ADMINISTRATOR)],
        "collaboration:partner_user_create": [
            Check(lambda w: {"contact_id": w["partner_contact"].pk}, ADMINISTRATOR)
        ],
        "collaboration:consents": [
            Check(_consenting("visible"), CONSENT_KEEPERS),
            Check(
                _consenting("protected"), CONSENT_KEEPERS - {"coach_same_unit"}, label="protected"
            ),
        ],
        "collaboration:consent_register": [
            Check(_consenting("visible"), CONSENT_KEEPERS),
            Check(
                _consenting("protected"), CONSENT_KEEPERS - {"coach_same_unit"}, label="protected"
            ),
        ],
        "collaboration:consent_revoke": [
            Check(lambda w: {"consent_id": w["visible_consent"].pk}, CONSENT_KEEPERS),
            Check(
                lambda w: {"consent_id": w["visible_consent"].pk},
                CONSENT_KEEPERS,
                method="POST",
                label="post",
            ),
        ],
        "collaboration:meeting_create": [Check(_case("visible_case"), CASE_WORKERS)],
        "collaboration:meeting_detail": [
            Check(lambda w: {"meeting_id": w["meeting"].pk}, CASE_VIEWERS)
        ],
        "collaboration:meeting_outcome": [
            Check(lambda w: {"meeting_id": w["meeting"].pk}, CASE_WORKERS)
        ],
        "collaboration:partner_people": [Check(allowed=PARTNER_USER)],
        "collaboration:partner_referral": [Check(allowed=PARTNER_USER)],
        "collaboration:partner_person": [
            Check(_consenting("visible"), PARTNER_USER),
            # Protected people are never shown to partners, consent or not.
            Check(_consenting("protected"), frozenset(), label="protected"),
        ],
    }
)

# The plan the participant writes in, messages and meetings (issue 15, decision 0020): the
# participant acts on their own pages only; staff pages of the shared plan follow the case;
# threads are read by the staff who see the case, and by a partner contact the thread names
# while consent is in force; never by the coach of another unit or the referrer.
THREAD_READERS = frozenset({"coach_of_case", "coach_same_unit", "manager_of_unit"})


def _dialogue(world: dict) -> dict:
    if "own_activity" not in world:
        from lotsa.cases.models import Case as CaseModel
        from lotsa.collaboration.models import PartnerContact
        from lotsa.messaging import services as messaging_services

        case = CaseModel.objects.get(pk=world["visible_case"].pk)
        world["own_activity"] = case_services.own_activity_add(
            actor=world["participant"],
            case=case,
            expected_plan_version=case.plan_version,
            kind="own",
            title="Simma",
        )
        world["thread"] = messaging_services.thread_start(
            actor=world["participant"], case=case, subject="Fråga", body="Hej"
        )
        world["partner_thread"] = messaging_services.thread_start(
            actor=world["coach_of_case"],
            case=case,
            subject="Med parten",
            body="Hej båda",
            partner_contact=PartnerContact.objects.get(user=world["partner"]),
        )
    return world


def _own_step(kind: str) -> Callable[[dict], dict]:
    def kwargs(world: dict) -> dict:
        _dialogue(world)
        step = world["own_activity"] if kind == "egen" else world["activity"]
        return {"kind": kind, "step_id": step.pk}

    return kwargs


MATRIX.update(
    {
        "cases:own_activity": [
            Check(
                lambda w: {
                    "case_id": w["visible_case"].pk,
                    "own_id": _dialogue(w)["own_activity"].pk,
                },
                CASE_VIEWERS,
            )
        ],
        "cases:activity_comments": [
            Check(
                lambda w: {"case_id": w["visible_case"].pk, "activity_id": w["activity"].pk},
                CASE_VIEWERS,
            )
        ],
        "messaging:thread": [
            Check(lambda w: {"thread_id": _dialogue(w)["thread"].pk}, THREAD_READERS),
            Check(
                lambda w: {"thread_id": _dialogue(w)["partner_thread"].pk},
                THREAD_READERS | PARTNER_USER,
                label="partner",
            ),
        ],
        "messaging:thread_start": [Check(_case("visible_case"), CASE_WORKERS)],
        "messaging:partner_threads": [Check(allowed=PARTNER_USER)],
        "portal:plan": [Check(allowed=PARTICIPANT)],
        "portal:own_activity_add": [Check(lambda w: {"kind": "jobb"}, PARTICIPANT)],
        "portal:own_progress": [
            Check(lambda w: {"own_id": _dialogue(w)["own_activity"].pk}, PARTICIPANT, method="POST")
        ],
        "portal:mark_done": [
            Check(lambda w: {"activity_id": w["activity"].pk}, PARTICIPANT, method="POST")
        ],
        "portal:step": [
            Check(_own_step("egen"), PARTICIPANT),
            Check(_own_step("aktivitet"), PARTICIPANT, label="activity"),
        ],
        "portal:messages": [Check(allowed=PARTICIPANT)],
        "portal:thread_new": [Check(allowed=PARTICIPANT)],
        "portal:thread": [Check(lambda w: {"thread_id": _dialogue(w)["thread"].pk}, PARTICIPANT)],
        "portal:meeting": [Check(lambda w: {"meeting_id": w["meeting"].pk}, PARTICIPANT)],
        "portal:meeting_calendar": [Check(lambda w: {"meeting_id": w["meeting"].pk}, PARTICIPANT)],
    }
)

# Mappings, step scales and phases (issue 5, assessments): recording follows the case's workers;
# the mapping and the certificate stay with the unit that runs the case (not the referrer);
# instruments and methods are the administrator's.
UNIT_STAFF = CASE_WORKERS


def _progress(world: dict) -> dict:
    """The MOVE instrument and the default methods for the matrix organisation, built once."""
    if "instrument" not in world:
        from lotsa.assessments import services as assessment_services

        world["instrument"] = assessment_services.instrument_install(
            actor=None, organisation=world["organisation"]
        )
        assessment_services.default_methods_install(actor=None, organisation=world["organisation"])
    return world


def _instrument(world: dict) -> dict:
    return {"instrument_id": _progress(world)["instrument"].pk}


def _instrument_area(world: dict) -> dict:
    return {"area_id": _progress(world)["instrument"].areas.first().pk}


def _instrument_module(world: dict) -> dict:
    from lotsa.assessments.models import Module

    modules = Module.objects.filter(area__instrument=_progress(world)["instrument"])
    return {"module_id": modules[0].pk}


def _method(world: dict) -> dict:
    return {"method_id": _progress(world)["organisation"].methods.first().pk}


def _progress_case(key: str) -> Callable[[dict], dict]:
    return lambda world: {"case_id": _progress(world)[key].pk}


MATRIX.update(
    {
        "assessments:mapping_create": [
            Check(_progress_case("visible_case"), CASE_WORKERS),
            Check(
                _progress_case("protected_case"),
                CASE_WORKERS - {"coach_same_unit"},
                label="protected",
            ),
        ],
        "assessments:mapping_history": [
            Check(_progress_case("visible_case"), UNIT_STAFF),
            Check(
                _progress_case("protected_case"),
                UNIT_STAFF - {"coach_same_unit"},
                label="protected",
            ),
        ],
        "assessments:assessment_create": [Check(_progress_case("visible_case"), CASE_WORKERS)],
        "assessments:phase_set": [Check(_progress_case("visible_case"), CASE_WORKERS)],
        "assessments:certificate": [
            Check(_progress_case("visible_case"), UNIT_STAFF),
            Check(
                _progress_case("protected_case"),
                UNIT_STAFF - {"coach_same_unit"},
                label="protected",
            ),
        ],
        "assessments:instruments": [Check(allowed=ADMINISTRATOR)],
        "assessments:instrument_create": [Check(allowed=ADMINISTRATOR)],
        "assessments:instrument_install_move": [Check(allowed=ADMINISTRATOR, method="POST")],
        "assessments:instrument_detail": [Check(_instrument, ADMINISTRATOR)],
        "assessments:instrument_edit": [Check(_instrument, ADMINISTRATOR)],
        "assessments:instrument_new_version": [Check(_instrument, ADMINISTRATOR, method="POST")],
        "assessments:area_create": [Check(_instrument, ADMINISTRATOR)],
        "assessments:module_create": [Check(_instrument_area, ADMINISTRATOR)],
        "assessments:module_edit": [Check(_instrument_module, ADMINISTRATOR)],
        "assessments:methods": [Check(allowed=ADMINISTRATOR)],
        "assessments:methods_install": [Check(allowed=ADMINISTRATOR, method="POST")],
        "assessments:method_create": [Check(allowed=ADMINISTRATOR)],
        "assessments:method_edit": [Check(_method, ADMINISTRATOR)],
    }
)


# The integration API (lotsa.api) answers only to service-account tokens: a session gets 401
# JSON, which the verdict counts as "login" for anonymous and "denied" for everyone signed in.
# With tokens, every endpoint is walked per scope and organisation in
# src/lotsa/api/tests/test_api_access.py. The schema, the docs and the index are public.
def _service_account(world: dict) -> dict:
    from lotsa.api.services import service_account_create

    created = service_account_create(
        actor=world["administrator"],
        name="Matrisbys verksamhetssystem",
        role="referrer",
        unit=world["referrer"].unit,
        scopes=["participants:read"],
    )
    return {"account_id": created.account.pk}


# Public, but a signed-in participant is kept to their own pages (portal middleware).
API_PUBLIC = frozenset(ACTORS) - {"participant"}
API_URLS = {
    "api:v1:participants": [Check(), Check(method="POST", label="create")],
    "api:v1:participant": [
        Check(lambda w: {"participant_id": w["visible"].pk}),
        Check(lambda w: {"participant_id": w["protected"].pk}, label="protected"),
    ],
    "api:v1:referrals": [Check(), Check(method="POST", label="create")],
    "api:v1:referral_options": [Check()],
    "api:v1:referral": [Check(lambda w: {"referral_id": w["visible_case"].referral_id})],
    "api:v1:referral_eligibility": [
        Check(lambda w: {"referral_id": w["visible_case"].referral_id})
    ],
    "api:v1:cases": [Check()],
    "api:v1:case": [
        Check(_case("visible_case")),
        Check(_case("protected_case"), label="protected"),
    ],
    "api:v1:case_plan": [Check(_case("visible_case"))],
    "api:v1:statistics": [Check(data={"from": "2020-01-01", "to": "2029-12-31"})],
    "api:v1:report_kolada": [Check(data={"year": "2025"})],
    "api:v1:report_esf": [Check(data={"year": "2025"})],
    "api:v1:report_socialstyrelsen": [Check(data={"month": "2025-03"})],
    "api:v1:report_attendance": [Check(data={"month": "2025-03"})],
    "api:v1:report_skr": [Check(data={"year": "2025"})],
    "api:v1:report_finsam": [Check(data={"year": "2025"})],
}
MATRIX.update(
    {
        **API_URLS,
        "api:v1:index": [Check(allowed=API_PUBLIC)],
        "api:v1:api-root": [Check(allowed=API_PUBLIC)],
        "api:v1:openapi-json": [Check(allowed=API_PUBLIC)],
        "api:v1:openapi-view": [Check(allowed=API_PUBLIC)],
        "api:accounts": [Check(allowed=frozenset({"administrator"}))],
        "api:account_create": [Check(allowed=frozenset({"administrator"}))],
        "api:account_revoke": [
            Check(_service_account, frozenset({"administrator"}), method="POST")
        ],
    }
)

# Every API endpoint × every role a service account can have, with every scope, in the unit
# that referred the people and in the unit that runs their cases: each answers without a
# server error and never names the person with protected identity (a service account reads
# no protected person, issue 14); the "protected" checks must be 404.
API_PUBLIC_NAMES = {"api:v1:index", "api:v1:api-root", "api:v1:openapi-json", "api:v1:openapi-view"}
SERVICE_ACCOUNT_CASES = [
    pytest.param(
        name,
        index,
        role,
        unit_key,
        id=f"{name}{'-' + c.label if c.label else ''}-{role}-{unit_key}",
    )
    for name, checks in API_URLS.items()
    for index, c in enumerate(checks)
    for role in ("referrer", "manager")
    for unit_key in ("referring", "support")
]


def test_the_service_account_walk_covers_every_api_endpoint():
    from lotsa.api.constants import SERVICE_ACCOUNT_ROLES

    api_names = {name for name in url_names() if name.startswith("api:v1:")}
    assert api_names - API_PUBLIC_NAMES == set(API_URLS)
    assert {role for _n, _i, role, _u in (case.values for case in SERVICE_ACCOUNT_CASES)} == set(
        SERVICE_ACCOUNT_ROLES
    )


@pytest.mark.parametrize(("name", "index", "role", "unit_key"), SERVICE_ACCOUNT_CASES)
def test_each_service_account_role_reaches_no_protected_person(name, index, role, unit_key):
    from lotsa.api.constants import Scope
    from lotsa.api.services import service_account_create

    world = build_world()
    unit = world["support"] if unit_key == "support" else world["referrer"].unit
    created = service_account_create(
        actor=world["administrator"],
        name=f"Matrisbys {role}",
        role=role,
        unit=unit,
        scopes=list(Scope.values),
    )
    check = API_URLS[name][index]
    url = reverse(name, kwargs=check.kwargs(world))
    client = Client(headers={"Authorization": f"Bearer {created.token}"})
    with transaction.atomic():
        if check.method == "POST":
            response = client.post(url, check.data, content_type="application/json")
        else:
            response = client.get(url, check.data)
        transaction.set_rollback(True)
    body = response.content.decode("utf-8", errors="replace")
    assert response.status_code < 500, body
    assert PROTECTED_NAME not in body
    if check.label == "protected":
        assert response.status_code == 404


def test_a_manager_role_account_of_the_unit_does_read_the_ordinary_person():
    """The walk above would see the names: the same account reads the visible person."""
    from lotsa.api.services import service_account_create

    world = build_world()
    created = service_account_create(
        actor=world["administrator"],
        name="Matrisbys chef",
        role="manager",
        unit=world["support"],
        scopes=["participants:read"],
    )
    client = Client(headers={"Authorization": f"Bearer {created.token}"})
    visible = client.get(
        reverse("api:v1:participant", kwargs={"participant_id": world["visible"].pk})
    )
    assert VISIBLE_NAME in visible.content.decode()
    manager = Client()
    manager.force_login(world["manager_of_unit"])
    page = manager.get(reverse("people:detail", args=[world["protected"].pk]))
    assert PROTECTED_NAME in page.content.decode()


# Django's own admin is for the operator's superusers only (is_staff); no Lotsa role has it.
ADMIN_NAMESPACE = "admin"


def url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns: list, namespace: str | None) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern):
                if namespace == ADMIN_NAMESPACE:
                    continue
                name = f"{namespace}:{pattern.name}" if namespace else str(pattern.name)
                names.add(name)

    walk(get_resolver().url_patterns, None)
    return names


def test_every_url_pattern_is_classified():
    unclassified = url_names() - set(MATRIX)
    assert not unclassified, f"Add these URL patterns to the access matrix: {sorted(unclassified)}"
    stale = set(MATRIX) - url_names()
    assert not stale, f"These names are no longer URL patterns: {sorted(stale)}"


def _born(years: int, day: int) -> datetime.date:
    today = timezone.localdate()
    return today.replace(year=today.year - years, day=day)


# Registering a person inline from the referral form (issue 17, item 4): whoever may register
# people; the number of someone already registered answers "already there" to those who see
# them and "held for the manager" to everyone else, and never names them.
def _inline_person(number: str, last_name: str) -> dict:
    return {
        "ny_person-personal_number": number,
        "ny_person-first_name": "Test",
        "ny_person-last_name": last_name,
        "lista": "id_participant",
    }


MATRIX.update(
    {
        "people:inline_create": [
            Check(
                allowed=NOT_ADMIN,
                method="POST",
                label="new",
                data=_inline_person(make_personnummer(_born(30, 5), 991).canonical, "Nysson"),
            ),
            Check(
                allowed=NOT_ADMIN,
                method="POST",
                label="protected number",
                data=_inline_person(make_personnummer(_born(40, 3), 983).canonical, "Nysson"),
            ),
            Check(
                allowed=NOT_ADMIN,
                method="POST",
                label="visible number",
                data=_inline_person(make_personnummer(_born(40, 3), 981).canonical, "Nysson"),
            ),
        ],
        # The placement form's pickers and inline employer / arena: like the register's pages.
        "work:employer_picker": [Check(allowed=STAFF, data={"sok": "Bygg"})],
        "work:arena_picker": [Check(allowed=ARENA_READERS, data={"sok": "Möbel"})],
        "work:employer_inline": [
            Check(
                allowed=COACHES | MANAGERS,
                method="POST",
                data={
                    "ny_arbetsgivare-organisation_number": "556016-0680",
                    "ny_arbetsgivare-name": "Matrisby Bygg AB",
                    "ny_arbetsgivare-sector": "private",
                },
            )
        ],
        # the inline arena lands in the actor's own unit: the administrator has none
        "work:arena_inline": [
            Check(
                allowed=MANAGERS,
                method="POST",
                data={"ny_arena-name": "Möbelprojekt", "ny_arena-places": "2"},
            )
        ],
    }
)


def build_world() -> dict:
    matrisby = town("Matrisby kommun")
    organisation, version = matrisby.organisation, matrisby.guideline
    referring, support = matrisby.referring, matrisby.support
    other_support = matrisby.other_support()
    world: dict = {
        "organisation": organisation,
        "support": support,
        "referrer": UserFactory(referrer=True, unit=referring),
        "coach_of_case": UserFactory(coach=True, unit=support),
        "coach_same_unit": UserFactory(coach=True, unit=support),
        "coach_other_unit": UserFactory(coach=True, unit=other_support),
        "manager_of_unit": UserFactory(manager=True, unit=support),
        "manager_other_unit": UserFactory(manager=True, unit=other_support),
        "administrator": UserFactory(administrator=True, unit=None, organisation=organisation),
        "other_organisation": UserFactory(manager=True, unit=UnitFactory(runs_support=True)),
    }
    world["activity_type"] = ActivityTypeFactory(organisation=organisation, internship=True)
    today = timezone.localdate()

    def person(last_name: str, birth_number: int, *, protected: bool = False):
        return participant_register(
            actor=world["referrer"],
            personal_number=make_personnummer(_born(40, 3), birth_number).canonical,
            first_name="Test",
            last_name=last_name,
            is_protected=protected,
        )

    def refer(participant):
        return referral_send(
            actor=world["referrer"],
            guideline=version,
            participant=participant,
            receiving_unit=support,
        )

    def open_case(participant) -> Case:
        return referral_services.referral_accept(
            actor=world["manager_of_unit"],
            referral=refer(participant),
            coach=world["coach_of_case"],
            start_date=today,
        )

    coach = world["coach_of_case"]
    world["visible"] = person(VISIBLE_NAME, 981)
    world["protected"] = person(PROTECTED_NAME, 983, protected=True)
    world["visible_case"] = case = open_case(world["visible"])
    world["protected_case"] = open_case(world["protected"])
    world["paused_case"] = open_case(person("Vilandesson", 985))
    case_services.case_pause(actor=coach, case=world["paused_case"])
    world["closed_case"] = open_case(person("Avslutsson", 987))
    case_services.case_close(
        actor=coach, case=world["closed_case"], reason="studies", closed_on=today
    )
    world["queued"] = refer(person("Kösson", 989))
    world["goal"] = case_services.goal_add(
        actor=coach, case=case, expected_plan_version=0, kind="work", description="Arbete."
    )
    world["activity"] = case_services.activity_add(
        actor=coach,
        case=case,
        expected_plan_version=1,
        activity_type=ActivityType.objects.get(pk=world["activity_type"].pk),
        starts_on=today,
        responsible="participant",
    )
    world["follow_up"] = case.follow_ups.get()
    world["participant"] = participant_account_for(world["visible"])
    world["saved_filter"] = case_services.saved_case_filter_save(
        actor=coach, list_name="my_cases", name="Mitt urval", query="filter=nya"
    )
    _partner_world(world)
    world["draft"] = journal_services.note_create(
        actor=coach, case=case, kind="conversation", occurred_on=today, text="Utkast."
    )
    world["signed"] = journal_services.note_sign(
        actor=coach,
        note=journal_services.note_create(
            actor=coach, case=case, kind="conversation", occurred_on=today, text="Signerad."
        ),
    )
    return world


def _request(client: Client, check: Check, url: str):
    if check.method == "POST":
        return client.post(url, check.data)
    return client.get(url, check.data)


def _verdict(response, actor: str) -> str:
    location = response.get("Location", "") if response.status_code in (301, 302) else ""
    sign_in_pages = (reverse("login"), reverse("portal:sign_in"))
    if actor == "anonymous" and location.startswith(sign_in_pages):
        return "login"
    if response.status_code == 401:  # the API: no session sign-in, a token is needed
        return "login" if actor == "anonymous" else "denied"
    if response.status_code in (403, 404):
        return "denied"
    if response.status_code >= 500:
        return "error"
    return "answered"


CASES = [
    pytest.param(name, index, id=f"{name}{'-' + check.label if check.label else ''}")
    for name, checks in MATRIX.items()
    for index, check in enumerate(checks)
]


@pytest.mark.parametrize(("name", "index"), CASES)
def test_each_actor_gets_the_expected_answer_and_no_names_leak(name, index):
    world = build_world()
    check = MATRIX[name][index]
    url = reverse(name, kwargs=check.kwargs(world))
    problems = []
    for actor in ACTORS:
        client = Client()
        if actor != "anonymous":
            user: User = world[actor]
            client.force_login(user)
        # Each actor's request runs in a savepoint that is rolled back, so a POST by one actor
        # (signing a note, withdrawing a referral) does not change what the next one meets.
        with transaction.atomic():
            response = _request(client, check, url)
            transaction.set_rollback(True)
        verdict = _verdict(response, actor)
        if check.allowed == PUBLIC and verdict == "login":
            verdict = "answered"  # e.g. signing out sends everyone to the sign-in page
        allowed = check.allowed == PUBLIC or actor in check.allowed
        if verdict == "error":
            expected = "no server error"
        elif allowed:
            expected = "answered"
        elif actor == "anonymous":
            expected = "login"
        else:
            expected = "denied"
        if verdict != expected:
            problems.append(f"{actor}: expected {expected}, got {response.status_code} {verdict}")
        body = response.content.decode("utf-8", errors="replace")
        if actor not in MAY_READ_VISIBLE_NAME and VISIBLE_NAME in body:
            problems.append(f"{actor}: the answer names a person they may not see")
        if actor not in SEES_PROTECTED and PROTECTED_NAME in body:
            problems.append(f"{actor}: the answer names a person with protected identity")
    assert not problems, f"{name} ({url}):\n" + "\n".join(problems)


def test_no_lotsa_role_reaches_the_django_admin():
    world = build_world()
    for actor in STAFF:
        client = Client()
        client.force_login(world[actor])
        response = client.get(reverse("admin:index"))
        assert response.status_code == 302, actor
        assert reverse("admin:login") in response["Location"], actor


def test_the_leak_check_would_see_the_names():
    """The names the matrix looks for really are on the pages of those entitled to them."""
    world = build_world()
    client = Client()
    client.force_login(world["coach_of_case"])
    for key, name in (("visible", VISIBLE_NAME), ("protected", PROTECTED_NAME)):
        response = client.get(reverse("people:detail", args=[world[key].pk]))
        assert name in response.content.decode()
    listing = client.get(reverse("people:list"), {"q": PROTECTED_NAME[:6]})
    assert PROTECTED_NAME in listing.content.decode()
