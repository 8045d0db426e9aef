"""Demo: Storstadens stad grants the support by formal decision under Stockholm's guidelines.

Installs the three Stockholm guidelines for the city, then streferrer1 takes fifteen people
through application, investigation and decision: grants (whose referrals wait in the intake
queue of stmanager1), rejections with the information given, an Insteg, one extension with
special reasons, and granted decisions ending within 30, 60 and 90 days. Parallel supports on
some. Everything goes through the services.
"""

import json
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from lotsa.core.dates import add_months
from lotsa.decisions import services
from lotsa.decisions.models import Decision
from lotsa.guidelines.models import Guideline, GuidelineVersion
from lotsa.guidelines.services import guideline_install
from lotsa.organisations.models import District, Organisation, Unit
from lotsa.people.demo import DEMO_CITY
from lotsa.people.personnummer import make_personnummer
from lotsa.people.services import participant_register

if TYPE_CHECKING:
    from lotsa.people.demo import DemoContext

DATA = Path(__file__).resolve().parents[1] / "guidelines" / "data"
FILES = {
    "psyk": "stockholm_socialpsykiatri.json",
    "insteg": "stockholm_lss_insteg.json",
    "lss": "stockholm_lss.json",
}
PUBLISHED_ON = date(2022, 5, 24)
DELEGATION = "Delegationsordning SDN punkt 4.2"
FIRST_NAMES = (
    "Amira", "Bo", "Cecilia", "Dragan", "Elin", "Farid", "Greta", "Hassan", "Ida", "Jonas",
    "Klara", "Leo", "Maja", "Nils", "Olivia",
)  # fmt: skip
LAST_NAMES = (
    "Stadberg", "Holmlund", "Kvarnström", "Åkerlind", "Nordvik", "Strandberg", "Lövgren",
    "Björkman", "Sjöholm", "Ekdahl", "Falk", "Granlund", "Hedin", "Ivarsson", "Julin",
)  # fmt: skip

# (guideline, answer to every question, what happens, days to the end of a grant or None,
#  target group, age)
PLAN: tuple[tuple[str, str, str, int | None, str, int], ...] = (
    ("psyk", "yes", "grant", 20, "socialpsykiatri", 31),
    ("psyk", "yes", "grant", 50, "socialpsykiatri", 27),
    ("lss", "yes", "grant", 80, "lss_personkrets_1", 24),
    ("lss", "yes", "grant", 400, "lss_personkrets_2", 45),
    ("psyk", "yes", "grant", 600, "socialpsykiatri", 38),
    ("insteg", "yes", "grant", 70, "lss_personkrets_1", 21),
    ("lss", "yes", "extend", 25, "lss_personkrets_1", 33),
    ("psyk", "no", "reject", None, "socialpsykiatri", 52),
    ("lss", "no", "reject", None, "lss_personkrets_1", 29),
    ("lss", "yes", "reject", None, "lss_personkrets_3", 41),
    ("insteg", "no", "reject", None, "lss_personkrets_2", 19),
    ("psyk", "unclear", "open", None, "socialpsykiatri", 35),
    ("lss", "yes", "open", None, "lss_personkrets_1", 26),
    ("psyk", "yes", "open", None, "socialpsykiatri", 44),
    ("insteg", "unclear", "open", None, "lss_personkrets_2", 23),
)


def _versions(city: Organisation) -> dict[str, GuidelineVersion]:
    """The city's Stockholm versions, installed and published unless the core demo did."""
    versions = {}
    for key, filename in FILES.items():
        data = json.loads((DATA / filename).read_text(encoding="utf-8"))
        existing = Guideline.objects.filter(organisation=city, name=data["name"]).first()
        if existing is not None:
            versions[key] = existing.versions.filter(status="published").order_by("-number")[0]
        else:
            versions[key] = guideline_install(organisation=city, data=data, publish_on=PUBLISHED_ON)
    return versions


def build_demo(context: "DemoContext") -> list[str]:
    today = context.today
    officer = context.staff["streferrer1"]
    city = Organisation.objects.get(name=DEMO_CITY)
    versions = _versions(city)
    support_unit = Unit.objects.get(organisation=city, runs_support=True, name="Arbete och studier")
    districts = list(District.objects.filter(organisation=city).order_by("name"))
    counts: dict[str, int] = {}
    for index, (key, answer, action, days_left, group, age) in enumerate(PLAN):
        version = versions[key]
        born = date(today.year - age, 1 + index % 12, 1 + (index * 3) % 27)
        person = participant_register(
            actor=officer,
            personal_number=make_personnummer(born, 960 + index).canonical,
            first_name=FIRST_NAMES[index],
            last_name=LAST_NAMES[index],
            district=districts[index % len(districts)],
            city="Storstaden",
        )
        # Grants started a full guideline period before the planned last day.
        valid_to = today + timedelta(days=days_left) if days_left is not None else None
        valid_from = today
        if valid_to is not None:
            valid_from = add_months(valid_to + timedelta(days=1), -(version.time_limit_months or 0))
            while (
                services.latest_end_without_special_reasons(version, valid_from) or valid_to
            ) < valid_to:
                valid_from += timedelta(days=1)
        # An extended decision first ran for half a year less and was then extended.
        first_from = valid_from - timedelta(days=180) if action == "extend" else valid_from
        received_on = min(first_from, today) - timedelta(days=21)
        application = services.application_create(
            actor=officer,
            participant=person,
            guideline_version=version,
            received_on=received_on,
            today=today,
        )
        if index % 4 == 0:
            services.parallel_support_add(
                actor=officer,
                participant=person,
                kind="daily_activity" if key != "psyk" else "occupation",
                starts_on=received_on - timedelta(days=200),
                note="Två dagar i veckan.",
            )
        services.application_investigate(
            actor=officer,
            application=application,
            expected_version=application.version,
            target_groups=list(version.target_groups.filter(code=group)),
            answers={
                criterion.code: (answer, _comment(answer))
                for criterion in version.criteria.filter(kind="question")
            },
            consultation_on=received_on + timedelta(days=7),
            consultation_with=version.consultation_with or "Jobbcoach på Jobbtorg",
            consultation_summary="Rapport inhämtad; personen bedöms kunna börja med stöd.",
            life_situation="Bor i egen lägenhet med boendestöd. Har tidigare arbetat i butik.",
            support_needs="Behöver stöd att söka, få och behålla ett arbete.",
            goals="Arbete på öppna arbetsmarknaden, gärna inom handel eller lager.",
            today=today,
        )
        decided_on = min(received_on + timedelta(days=14), today)
        decision: Decision | None = None
        if action in ("grant", "extend"):
            assert valid_to is not None
            first_end = valid_to if action == "grant" else valid_to - timedelta(days=180)
            decision = services.decision_make(
                actor=officer,
                application=application,
                outcome="granted",
                decided_on=decided_on,
                delegation=DELEGATION,
                valid_from=first_from,
                valid_to=first_end,
                receiving_unit=support_unit,
                today=today,
            )
            if action == "extend":
                services.decision_extend(
                    actor=officer,
                    decision=decision,
                    valid_to=valid_to,
                    decided_on=today - timedelta(days=1),
                    delegation=DELEGATION,
                    motivation="Personen har fått anställning och behöver stöd i slutfasen.",
                    special_reason="final_phase",
                    special_reason_text="Anställningen börjar om två månader; stödet behövs "
                    "under introduktionen.",
                    today=today,
                )
        elif action == "reject":
            decision = services.decision_make(
                actor=officer,
                application=application,
                outcome="rejected",
                decided_on=decided_on,
                delegation=DELEGATION,
                informed_on=decided_on,
                informed_about=[code for code, _text in version.required_information],
                today=today,
            )
        counts[action] = counts.get(action, 0) + 1
    return [
        f"Beslut i {DEMO_CITY}: {len(PLAN)} ansökningar enligt Stockholms riktlinjer "
        f"({counts.get('grant', 0)} beviljade, {counts.get('extend', 0)} förlängd, "
        f"{counts.get('reject', 0)} avslag, {counts.get('open', 0)} under utredning); "
        "handläggare streferrer1",
    ]


def _comment(answer: str) -> str:
    return {
        "yes": "Framkom i samtal och i rapport från jobbcoach.",
        "no": "Framkom inte i utredningen.",
        "unclear": "Behöver utredas vidare.",
    }[answer]
