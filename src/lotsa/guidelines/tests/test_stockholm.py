"""Stockholm's three criteria sets as data: every criterion walked met, missed and unclear."""

import datetime
import json
from dataclasses import replace
from pathlib import Path

import pytest

from lotsa.guidelines.constants import Answer, CriterionKind, Eligibility, Fact
from lotsa.guidelines.evaluation import Facts
from lotsa.guidelines.queries import version_evaluate
from lotsa.guidelines.services import guideline_install
from lotsa.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent.parent / "data"
ON = datetime.date(2026, 3, 1)
BORN_40_YEARS_AGO = datetime.date(1985, 6, 1)
# file, criteria count, time limit, the target group a person who meets everything belongs to
FILES = [
    ("stockholm_socialpsykiatri.json", 7, 24, "socialpsykiatri"),
    ("stockholm_lss_insteg.json", 5, 4, "lss_personkrets_1"),
    ("stockholm_lss.json", 8, 24, "lss_personkrets_2"),
]


def _install(filename: str):
    data = json.loads((DATA / filename).read_text(encoding="utf-8"))
    organisation = OrganisationFactory(name="Storstadens stad")
    return guideline_install(
        organisation=organisation, data=data, publish_on=datetime.date(2022, 5, 24)
    )


def _meets_all(version, group: str) -> Facts:
    answers = {
        criterion.code: Answer.YES
        for criterion in version.criteria.all()
        if criterion.kind == CriterionKind.QUESTION
    }
    return Facts(
        on=ON,
        birth_date=BORN_40_YEARS_AGO,
        target_group_codes=frozenset({group}),
        answers=answers,
    )


def _missed(criterion, facts: Facts) -> tuple[Facts, str]:
    if criterion.kind == CriterionKind.QUESTION:
        return replace(facts, answers={**facts.answers, criterion.code: Answer.NO}), (
            "Besvarat med nej."
        )
    if criterion.fact == Fact.AGE_BETWEEN:
        return replace(facts, birth_date=datetime.date(1955, 1, 1)), "Ålder 71 år."
    assert criterion.fact == Fact.IN_LISTED_TARGET_GROUP
    return replace(facts, target_group_codes=frozenset({"lss_personkrets_3"})), (
        "Tillhör inte Personkrets 1 enligt LSS, Personkrets 2 enligt LSS."
    )


def _unclear(criterion, facts: Facts) -> tuple[Facts, str]:
    if criterion.kind == CriterionKind.QUESTION:
        return replace(facts, answers={**facts.answers, criterion.code: Answer.UNCLEAR}), (
            "Besvarat som oklart."
        )
    if criterion.fact == Fact.AGE_BETWEEN:
        return replace(facts, birth_date=None), "Åldern är okänd."
    return replace(facts, target_group_codes=frozenset()), "Det är inte angivet vilken målgrupp."


@pytest.mark.parametrize(("filename", "count", "months", "group"), FILES)
def test_stockholm_guideline_installs_with_formal_decisions_and_time_limit(
    filename, count, months, group
):
    version = _install(filename)

    assert version.criteria.count() == count
    assert version.time_limit_months == months
    assert version.guideline.uses_formal_decisions
    assert version.combine == "all"
    assert "4 kap 1 § SoL" in version.standard_motivation
    assert "Insteg" in version.rejection_information
    assert "daglig verksamhet" in version.rejection_information


@pytest.mark.parametrize(("filename", "count", "months", "group"), FILES)
def test_stockholm_person_who_meets_every_criterion_is_met(filename, count, months, group):
    version = _install(filename)

    evaluation = version_evaluate(version, _meets_all(version, group))

    assert evaluation.eligibility == Eligibility.MET
    assert [result.eligibility for result in evaluation.results] == [Eligibility.MET] * count


def _assert_each_criterion_alone(filename, group, change, eligibility):
    """From a person who meets every criterion of the installed file, changing one criterion's
    fact at a time (`change` gives the facts and the reason it reports) gives `eligibility`,
    with that criterion the only one not met, for its reason."""
    version = _install(filename)
    facts = _meets_all(version, group)
    for criterion in version.criteria.all():
        changed, reason = change(criterion, facts)
        evaluation = version_evaluate(version, changed)

        assert evaluation.eligibility == eligibility, criterion.code
        failing = [result for result in evaluation.results if result.eligibility != Eligibility.MET]
        assert [(result.code, result.reason) for result in failing] == [(criterion.code, reason)]


@pytest.mark.parametrize(("filename", "count", "months", "group"), FILES)
def test_stockholm_missing_any_one_criterion_is_not_met(filename, count, months, group):
    _assert_each_criterion_alone(filename, group, _missed, Eligibility.NOT_MET)


@pytest.mark.parametrize(("filename", "count", "months", "group"), FILES)
def test_stockholm_one_unclear_criterion_needs_assessment(filename, count, months, group):
    _assert_each_criterion_alone(filename, group, _unclear, Eligibility.NEEDS_ASSESSMENT)


def test_lss_insteg_is_four_months_and_full_support_has_eight_criteria():
    insteg = _install("stockholm_lss_insteg.json")

    assert insteg.time_limit_months == 4
    codes = list(insteg.criteria.values_list("code", flat=True))
    assert codes[:2] == ["yrkesverksam_alder", "personkrets_1_eller_2"]


def test_stockholm_versions_carry_what_the_decisions_need() -> None:
    data = {name: json.loads((DATA / name).read_text(encoding="utf-8")) for name, *_rest in FILES}
    organisation = OrganisationFactory(name="Storstadens stad")
    insteg, full, psyk = (
        guideline_install(
            organisation=organisation, data=data[name], publish_on=datetime.date(2022, 5, 24)
        )
        for name in (
            "stockholm_lss_insteg.json",
            "stockholm_lss.json",
            "stockholm_socialpsykiatri.json",
        )
    )
    assert (insteg.time_limit_months, insteg.longest_months) == (4, 4)
    assert insteg.continuation_requires_consultation
    assert [code for code, _text in insteg.required_information] == ["reapply", "daily_activity"]
    assert (full.time_limit_months, full.longest_months) == (24, 24)
    assert [code for code, _text in full.required_information] == [
        "reapply",
        "insteg",
        "daily_activity",
    ]
    assert psyk.requires_consultation
    assert psyk.consultation_with == "arbetsspecialist på Jobbtorg"
    assert "4 kap. 1 § SoL" in psyk.standard_motivation
    assert psyk.grant_text and psyk.rejection_text
