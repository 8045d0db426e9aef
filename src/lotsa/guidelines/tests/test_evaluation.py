"""Evaluating the Danderyd guideline: every criterion's outcomes, and properties of the rules."""

import datetime
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lotsa.core.dates import add_months
from lotsa.guidelines.constants import Answer, Eligibility
from lotsa.guidelines.evaluation import (
    Facts,
    TargetGroupSpec,
    combine,
    evaluate,
    months_between,
)
from lotsa.guidelines.tests.factories import criterion_specs, danderyd_data

TODAY = datetime.date(2026, 3, 2)
DOCUMENT = danderyd_data()
CRITERIA = criterion_specs(DOCUMENT)
GROUPS = tuple(
    TargetGroupSpec(
        code=row["code"], name=row["name"], requires_stability=row.get("requires_stability", False)
    )
    for row in DOCUMENT["target_groups"]
)
COMPLETE = Facts(
    on=TODAY,
    birth_date=datetime.date(1980, 5, 5),
    target_group_codes=frozenset({"forsorjningsstod"}),
    answers={"bor_i_kommunen": Answer.YES, "aktuell_socialforvaltningen": Answer.YES},
    work_capacity_investigated_on=datetime.date(2026, 1, 10),
    work_capacity_investigated_by="Anna Andersson, försörjningsstöd",
    work_capacity_summary="Kan arbeta 50 procent med stöd.",
)


def danderyd(facts: Facts):
    return evaluate(criteria=CRITERIA, target_groups=GROUPS, facts=facts, priority_age_below=29)


def result(facts: Facts, code: str):
    return next(r for r in danderyd(facts).results if r.code == code)


def test_a_complete_referral_meets_every_criterion():
    evaluation = danderyd(COMPLETE)

    assert evaluation.eligibility == Eligibility.MET
    assert [r.eligibility for r in evaluation.results] == [Eligibility.MET] * 6
    assert not evaluation.is_priority


@pytest.mark.parametrize("code", ["bor_i_kommunen", "aktuell_socialforvaltningen"])
@pytest.mark.parametrize(
    ("answer", "outcome", "reason"),
    [
        (Answer.YES, Eligibility.MET, "Besvarat med ja."),
        (Answer.NO, Eligibility.NOT_MET, "Besvarat med nej."),
        (Answer.UNCLEAR, Eligibility.NEEDS_ASSESSMENT, "Besvarat som oklart."),
        (None, Eligibility.NEEDS_ASSESSMENT, "Frågan är inte besvarad."),
    ],
)
def test_question_criteria(code, answer, outcome, reason):
    answers = dict(COMPLETE.answers)
    if answer is None:
        del answers[code]
    else:
        answers[code] = answer

    checked = result(replace(COMPLETE, answers=answers), code)

    assert (checked.eligibility, checked.reason) == (outcome, reason)
    assert danderyd(replace(COMPLETE, answers=answers)).eligibility == outcome


def test_in_target_group_is_met_by_a_chosen_group_and_names_it():
    checked = result(COMPLETE, "i_malgrupp")
    assert (checked.eligibility, checked.reason) == (Eligibility.MET, "Målgrupp: Försörjningsstöd.")


def test_in_target_group_is_not_met_without_a_group():
    checked = result(replace(COMPLETE, target_group_codes=frozenset()), "i_malgrupp")
    assert checked.eligibility == Eligibility.NOT_MET
    assert checked.reason == "Ingen av riktlinjens målgrupper är vald."


def test_a_code_from_another_guideline_is_no_target_group():
    checked = result(replace(COMPLETE, target_group_codes=frozenset({"insteg"})), "i_malgrupp")
    assert checked.eligibility == Eligibility.NOT_MET


def test_work_capacity_must_be_investigated_with_date_investigator_and_summary():
    facts = replace(
        COMPLETE,
        work_capacity_investigated_on=None,
        work_capacity_investigated_by=" ",
        work_capacity_summary="",
    )
    checked = result(facts, "arbetsformaga_utredd")
    assert checked.eligibility == Eligibility.NOT_MET
    assert checked.reason == (
        "Arbetsförmågan är inte utredd: datum, vem som utrett, sammanfattning saknas."
    )
    only_summary_missing = result(
        replace(COMPLETE, work_capacity_summary=""), "arbetsformaga_utredd"
    )
    assert only_summary_missing.reason == "Arbetsförmågan är inte utredd: sammanfattning saknas."


def test_work_capacity_investigated_in_the_future_is_not_met():
    facts = replace(COMPLETE, work_capacity_investigated_on=TODAY + datetime.timedelta(days=1))
    checked = result(facts, "arbetsformaga_utredd")
    assert (checked.eligibility, checked.reason) == (
        Eligibility.NOT_MET,
        "Utredningsdatumet ligger i framtiden.",
    )


def test_stability_does_not_apply_to_groups_without_known_problems():
    checked = result(COMPLETE, "stabilitet")
    assert (checked.eligibility, checked.reason) == (
        Eligibility.MET,
        "Gäller inte de valda målgrupperna.",
    )


@pytest.mark.parametrize("group", ["missbruk", "psykisk_funktionsvariation"])
def test_stability_date_is_required_for_substance_abuse_and_psychiatry(group):
    facts = replace(COMPLETE, target_group_codes=frozenset({group}), stability_since=None)
    checked = result(facts, "stabilitet")
    assert checked.eligibility == Eligibility.NOT_MET
    assert checked.reason.startswith("Datum för dokumenterad stabilitet saknas (krävs för ")


def test_three_months_of_stability_is_enough_and_two_is_not():
    missbruk = replace(COMPLETE, target_group_codes=frozenset({"missbruk"}))

    enough = result(replace(missbruk, stability_since=add_months(TODAY, -3)), "stabilitet")
    too_short = result(replace(missbruk, stability_since=add_months(TODAY, -2)), "stabilitet")

    assert (enough.eligibility, enough.reason) == (
        Eligibility.MET,
        "Dokumenterad stabilitet i 3 månader.",
    )
    assert (too_short.eligibility, too_short.reason) == (
        Eligibility.NOT_MET,
        "Stabilitet i 2 månader; minst 3 krävs.",
    )


def test_several_target_groups_need_an_individual_assessment():
    facts = replace(COMPLETE, target_group_codes=frozenset({"forsorjningsstod", "nyanlanda"}))

    checked = result(facts, "en_malgrupp")

    assert checked.eligibility == Eligibility.NEEDS_ASSESSMENT
    assert checked.reason == ("Personen tillhör 2 målgrupper och behöver en individuell bedömning.")
    assert danderyd(facts).eligibility == Eligibility.NEEDS_ASSESSMENT


def test_one_target_group_is_met():
    checked = result(COMPLETE, "en_malgrupp")
    assert (checked.eligibility, checked.reason) == (
        Eligibility.MET,
        "Personen tillhör en målgrupp.",
    )


def test_not_met_outweighs_needs_assessment_overall():
    facts = replace(
        COMPLETE,
        target_group_codes=frozenset({"forsorjningsstod", "missbruk"}),
        stability_since=None,
    )
    assert danderyd(facts).eligibility == Eligibility.NOT_MET


def test_born_on_29_february_is_prioritised_until_1_march_in_a_common_year():
    facts = replace(COMPLETE, birth_date=datetime.date(2000, 2, 29))

    assert danderyd(replace(facts, on=datetime.date(2029, 2, 28))).is_priority
    assert not danderyd(replace(facts, on=datetime.date(2029, 3, 1))).is_priority


def test_unknown_age_is_not_prioritised():
    assert not danderyd(replace(COMPLETE, birth_date=None)).is_priority


# Properties ---------------------------------------------------------------------------------

outcomes = st.lists(st.sampled_from(list(Eligibility)), max_size=8)
dates = st.dates(min_value=datetime.date(1990, 1, 1), max_value=datetime.date(2060, 12, 31))
SEVERITY = {Eligibility.MET: 0, Eligibility.NEEDS_ASSESSMENT: 1, Eligibility.NOT_MET: 2}


@given(data=st.data(), values=outcomes)
def test_combine_does_not_depend_on_the_order_of_the_criteria(data, values):
    shuffled = data.draw(st.permutations(values))
    assert combine(shuffled) == combine(values)


@given(values=outcomes)
def test_combine_is_the_worst_outcome(values):
    expected = max(values, key=SEVERITY.__getitem__, default=Eligibility.MET)
    assert combine(values) == expected


@given(data=st.data(), codes=st.frozensets(st.sampled_from([g.code for g in GROUPS])))
def test_overall_outcome_does_not_depend_on_the_order_of_the_criteria(data, codes):
    criteria = data.draw(st.permutations(CRITERIA))
    facts = replace(COMPLETE, target_group_codes=codes, stability_since=None)
    shuffled = evaluate(criteria=criteria, target_groups=GROUPS, facts=facts, priority_age_below=29)
    assert shuffled.eligibility == danderyd(facts).eligibility


@given(start=dates, months=st.integers(min_value=-36, max_value=36))
def test_months_between_agrees_with_adding_months(start, months):
    end = add_months(start, months)
    assert months_between(start, end) == months
    assert months_between(start, end - datetime.timedelta(days=1)) == months - 1


@given(since=dates, group=st.sampled_from(["missbruk", "psykisk_funktionsvariation"]))
def test_stability_is_met_exactly_three_months_after_the_date(since, group):
    facts = replace(COMPLETE, target_group_codes=frozenset({group}), stability_since=since)
    boundary = add_months(since, 3)

    on_boundary = result(replace(facts, on=boundary), "stabilitet")
    day_before = result(replace(facts, on=boundary - datetime.timedelta(days=1)), "stabilitet")

    assert on_boundary.eligibility == Eligibility.MET
    assert day_before.eligibility == Eligibility.NOT_MET


def _met_on(facts: Facts, on: datetime.date) -> Facts:
    """`facts` on `on`, still meeting the guideline (investigated that day): priority orders
    referrals that are met, so the age properties are about those."""
    return replace(facts, on=on, work_capacity_investigated_on=on)


@given(born=dates.filter(lambda day: (day.month, day.day) != (2, 29)))
def test_priority_ends_on_the_29th_birthday(born):
    birthday = born.replace(year=born.year + 29)
    facts = replace(COMPLETE, birth_date=born)

    assert danderyd(_met_on(facts, birthday - datetime.timedelta(days=1))).is_priority
    assert not danderyd(_met_on(facts, birthday)).is_priority


@given(on=dates, born=dates.filter(lambda day: (day.month, day.day) != (2, 29)))
def test_priority_means_younger_than_29(on, born):
    facts = _met_on(replace(COMPLETE, birth_date=born), on)
    assert danderyd(facts).is_priority == (add_months(born, 29 * 12) > on)
