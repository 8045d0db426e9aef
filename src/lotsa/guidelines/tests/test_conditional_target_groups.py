"""Target groups admitted only "vid utrymme och efterfrågan" (Danderyd's LSS group), priority
of referrals that are not met, and guideline texts that name the organisation's own
municipality."""

import datetime
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lotsa.guidelines.constants import Answer, Eligibility
from lotsa.guidelines.evaluation import Facts, TargetGroupSpec, evaluate
from lotsa.guidelines.tests.factories import criterion_specs, danderyd_data, danderyd_install
from lotsa.organisations.tests.factories import OrganisationFactory

DOCUMENT = danderyd_data()
CRITERIA = criterion_specs(DOCUMENT)
GROUPS = tuple(
    TargetGroupSpec(
        code=row["code"],
        name=row["name"],
        requires_stability=row.get("requires_stability", False),
        is_conditional=row.get("is_conditional", False),
    )
    for row in DOCUMENT["target_groups"]
)
CONDITIONAL = frozenset(group.code for group in GROUPS if group.is_conditional)
PLAIN = [group.code for group in GROUPS if not group.is_conditional]
LSS_ONLY = Facts(
    on=datetime.date(2026, 3, 2),
    birth_date=datetime.date(1990, 5, 5),
    target_group_codes=frozenset({"lss"}),
    answers={"bor_i_kommunen": Answer.YES, "aktuell_socialforvaltningen": Answer.YES},
    work_capacity_investigated_on=datetime.date(2026, 1, 10),
    work_capacity_investigated_by="Anna Andersson",
    work_capacity_summary="Kan arbeta halvtid.",
)


def danderyd(facts: Facts):
    return evaluate(criteria=CRITERIA, target_groups=GROUPS, facts=facts, priority_age_below=29)


def test_danderyds_lss_group_is_conditional_in_the_document():
    assert {"lss"} == CONDITIONAL


def test_a_person_only_in_the_lss_group_needs_the_units_assessment():
    evaluation = danderyd(LSS_ONLY)
    assert evaluation.eligibility == Eligibility.NEEDS_ASSESSMENT
    in_group = next(r for r in evaluation.results if r.code == "i_malgrupp")
    assert "utrymme och efterfrågan" in in_group.reason
    assert danderyd(replace(LSS_ONLY, room_and_demand=True)).eligibility == Eligibility.MET
    assert danderyd(replace(LSS_ONLY, room_and_demand=False)).eligibility == Eligibility.NOT_MET


answers = st.sampled_from(["", Answer.YES, Answer.NO, Answer.UNCLEAR])


@given(
    born=st.dates(min_value=datetime.date(1940, 1, 1), max_value=datetime.date(2008, 1, 1)),
    home=answers,
    current=answers,
    investigated=st.booleans(),
)
def test_only_conditional_groups_never_come_out_plainly_met(born, home, current, investigated):
    facts = replace(
        LSS_ONLY,
        birth_date=born,
        answers={"bor_i_kommunen": home, "aktuell_socialforvaltningen": current},
        work_capacity_investigated_on=LSS_ONLY.work_capacity_investigated_on
        if investigated
        else None,
    )
    assert danderyd(facts).eligibility != Eligibility.MET


@given(
    codes=st.frozensets(st.sampled_from([group.code for group in GROUPS]), min_size=1),
    room=st.sampled_from([None, True, False]),
    born=st.dates(min_value=datetime.date(1960, 1, 1), max_value=datetime.date(2008, 1, 1)),
    home=answers,
)
def test_a_referral_that_is_not_met_is_never_prioritised(codes, room, born, home):
    facts = replace(
        LSS_ONLY,
        target_group_codes=codes,
        room_and_demand=room,
        birth_date=born,
        answers={"bor_i_kommunen": home, "aktuell_socialforvaltningen": Answer.YES},
    )
    evaluation = danderyd(facts)
    if evaluation.eligibility == Eligibility.NOT_MET:
        assert not evaluation.is_priority


def test_a_young_person_who_does_not_live_in_the_municipality_is_not_prioritised():
    facts = replace(
        LSS_ONLY,
        target_group_codes=frozenset({PLAIN[0]}),
        birth_date=datetime.date(2004, 1, 1),
        answers={"bor_i_kommunen": Answer.NO, "aktuell_socialforvaltningen": Answer.YES},
    )
    evaluation = danderyd(facts)
    assert evaluation.eligibility == Eligibility.NOT_MET
    assert not evaluation.is_priority


@pytest.mark.django_db
def test_a_guideline_names_the_municipality_that_installed_it():
    version = danderyd_install(OrganisationFactory(name="Solvik kommun"))
    texts = [
        text
        for criterion in version.criteria.all()
        for text in (criterion.label, criterion.help_text)
    ] + [text for group in version.target_groups.all() for text in (group.name, group.description)]
    assert not [text for text in texts if "Danderyd" in text]
    assert "Personen ska vara bosatt i Solvik kommun." in texts
    assert version.target_groups.get(code="lss").is_conditional
    danderyd_version = danderyd_install(OrganisationFactory(name="Danderyds kommun"))
    assert danderyd_version.criteria.get(code="bor_i_kommunen").help_text == (
        "Personen ska vara bosatt i Danderyds kommun."
    )
