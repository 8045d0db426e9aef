"""Builders for decision tests: a city with the Stockholm guidelines, an officer, a person."""

import datetime
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lotsa.decisions import services
from lotsa.decisions.models import Application, Decision
from lotsa.guidelines.models import GuidelineVersion
from lotsa.guidelines.services import guideline_install
from lotsa.organisations.models import District, Organisation, Unit, User
from lotsa.organisations.tests.factories import OrganisationFactory, UnitFactory, UserFactory
from lotsa.people.models import Participant
from lotsa.people.personnummer import make_personnummer

DATA = Path(__file__).resolve().parents[2] / "guidelines" / "data"
STOCKHOLM_FILES = {
    "psyk": "stockholm_socialpsykiatri.json",
    "insteg": "stockholm_lss_insteg.json",
    "lss": "stockholm_lss.json",
}
TODAY = datetime.date(2026, 3, 2)


def stockholm_data(key: str) -> dict[str, Any]:
    return json.loads((DATA / STOCKHOLM_FILES[key]).read_text(encoding="utf-8"))


@dataclass
class City:
    organisation: Organisation
    district: District
    other_district: District
    office: Unit
    support: Unit
    officer: User
    manager: User
    support_manager: User
    coach: User
    versions: dict[str, GuidelineVersion] = field(default_factory=dict)
    _born: int = 0

    def person(
        self, *, age: int = 35, protected: bool = False, district: Any = "default"
    ) -> Participant:
        self._born += 1
        born = datetime.date(TODAY.year - age, 1, 1) + datetime.timedelta(days=self._born)
        number = make_personnummer(born, 980 + self._born % 19)
        return Participant.objects.create(
            organisation=self.organisation,
            unit=self.office,
            personal_number=number.canonical,
            birth_date=born,
            first_name="Test",
            last_name=f"Sökande{self._born}",
            gender="woman",
            is_protected=protected,
            district=self.district if district == "default" else district,
            registered_by=self.officer,
        )


def build_city(name: str = "Storstadens stad") -> City:
    organisation = OrganisationFactory(name=name)
    office = UnitFactory(organisation=organisation, name="Biståndsenheten Norr")
    support = UnitFactory(organisation=organisation, name="Jobbtorg Iwork", runs_support=True)
    city = City(
        organisation=organisation,
        district=District.objects.create(organisation=organisation, name="Norrmalm"),
        other_district=District.objects.create(organisation=organisation, name="Söderort"),
        office=office,
        support=support,
        officer=UserFactory(referrer=True, unit=office, email="officer@example.org"),
        manager=UserFactory(manager=True, unit=office),
        support_manager=UserFactory(manager=True, unit=support),
        coach=UserFactory(coach=True, unit=support),
    )
    for key in STOCKHOLM_FILES:
        city.versions[key] = guideline_install(
            organisation=organisation,
            data=stockholm_data(key),
            publish_on=datetime.date(2022, 5, 24),
        )
    return city


def received(
    city: City,
    key: str = "lss",
    *,
    person: Participant | None = None,
    continues: Decision | None = None,
    received_on: datetime.date = TODAY,
) -> Application:
    """An application the handling officer has received, nothing investigated yet."""
    return services.application_create(
        actor=city.officer,
        participant=person or city.person(),
        guideline_version=city.versions[key],
        received_on=received_on,
        today=max(TODAY, received_on),
        continues=continues,
    )


def investigated(
    city: City,
    key: str = "lss",
    *,
    person: Participant | None = None,
    answer: str = "yes",
    group: str | None = None,
    consultation: bool = True,
    continues: Decision | None = None,
    received_on: datetime.date = TODAY,
    overrides: dict[str, str] | None = None,
) -> Application:
    """An application with every question answered `answer` and the assessment written."""
    version = city.versions[key]
    today = max(TODAY, received_on)
    application = received(city, key, person=person, continues=continues, received_on=received_on)
    group_code = group or ("socialpsykiatri" if key == "psyk" else "lss_personkrets_1")
    services.application_investigate(
        actor=city.officer,
        application=application,
        expected_version=application.version,
        target_groups=list(version.target_groups.filter(code=group_code)),
        answers={
            criterion.code: ((overrides or {}).get(criterion.code, answer), "Enligt samtal.")
            for criterion in version.criteria.filter(kind="question")
        },
        consultation_on=TODAY if consultation else None,
        consultation_with="Jobbcoach på Jobbtorg" if consultation else "",
        consultation_summary="Rapport inhämtad." if consultation else "",
        life_situation="Bor själv, har daglig verksamhet.",
        support_needs="Behöver stöd att hitta och behålla ett arbete.",
        goals="Arbete på öppna arbetsmarknaden.",
        today=today,
    )
    return application


def grant(city: City, application: Application, **overrides: Any) -> Decision:
    """Grant as the handling officer (or `actor`), for the guideline's default period."""
    version = application.guideline_version
    valid_from = overrides.pop("valid_from", TODAY)
    values: dict[str, Any] = {
        "outcome": "granted",
        "decided_on": TODAY,
        "delegation": "Delegationsordning 4.2",
        "valid_from": valid_from,
        "valid_to": services.default_period(version, valid_from),
        "receiving_unit": city.support,
        "today": TODAY,
    }
    values.update(overrides)
    actor = values.pop("actor", city.officer)
    return services.decision_make(actor=actor, application=application, **values)


def reject(city: City, application: Application, **overrides: Any) -> Decision:
    version = application.guideline_version
    values: dict[str, Any] = {
        "outcome": "rejected",
        "decided_on": TODAY,
        "delegation": "Delegationsordning 4.2",
        "informed_on": TODAY,
        "informed_about": [code for code, _text in version.required_information],
        "today": TODAY,
    }
    values.update(overrides)
    actor = values.pop("actor", city.officer)
    return services.decision_make(actor=actor, application=application, **values)


def extend(city: City, decision: Decision, **overrides: Any) -> Decision:
    """Extend as the handling officer (or `actor`); the test names the new end (`valid_to`)."""
    values: dict[str, Any] = {
        "decided_on": TODAY,
        "delegation": "Delegationsordning 4.2",
        "motivation": "Fortsatt behov.",
        "today": TODAY,
    }
    values.update(overrides)
    actor = values.pop("actor", city.officer)
    return services.decision_extend(actor=actor, decision=decision, **values)
