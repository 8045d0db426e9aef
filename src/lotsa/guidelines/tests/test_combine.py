"""Combining criterion outcomes: 'all' (every criterion must hold) and 'any' (one is enough)."""

import datetime

from hypothesis import given
from hypothesis import strategies as st

from lotsa.guidelines.constants import Answer, Combine, CriterionKind, Eligibility
from lotsa.guidelines.evaluation import CriterionSpec, Facts, TargetGroupSpec, combine, evaluate

outcomes = st.lists(st.sampled_from(list(Eligibility)), max_size=8)
modes = st.sampled_from(list(Combine))
answers = st.sampled_from([*Answer, ""])


@given(data=st.data(), values=outcomes, mode=modes)
def test_combine_does_not_depend_on_order_in_either_mode(data, values, mode):
    shuffled = data.draw(st.permutations(values))
    assert combine(shuffled, mode) == combine(values, mode)


@given(values=outcomes)
def test_any_is_met_when_one_criterion_is_met(values):
    expected = (
        Eligibility.MET
        if Eligibility.MET in values
        else Eligibility.NEEDS_ASSESSMENT
        if Eligibility.NEEDS_ASSESSMENT in values
        else Eligibility.NOT_MET
    )
    assert combine(values, Combine.ANY) == expected


@given(values=outcomes)
def test_all_is_the_default_and_any_is_never_stricter_than_all(values):
    assert combine(values) == combine(values, Combine.ALL)
    rank = {Eligibility.NOT_MET: 0, Eligibility.NEEDS_ASSESSMENT: 1, Eligibility.MET: 2}
    if values:
        assert rank[combine(values, Combine.ANY)] >= rank[combine(values, Combine.ALL)]


@given(values=st.lists(st.sampled_from(list(Eligibility)), min_size=1, max_size=8))
def test_both_modes_agree_on_a_single_criterion_or_unanimous_outcomes(values):
    unanimous = [values[0]] * len(values)
    assert combine(unanimous, Combine.ANY) == combine(unanimous, Combine.ALL) == values[0]


@given(given_answers=st.lists(answers, min_size=1, max_size=5), mode=modes)
def test_evaluate_honours_the_versions_combine_setting(given_answers, mode):
    criteria = [
        CriterionSpec(code=f"q{index}", label=f"Fråga {index}", kind=CriterionKind.QUESTION)
        for index in range(len(given_answers))
    ]
    facts = Facts(
        on=datetime.date(2026, 1, 1),
        answers={f"q{index}": answer for index, answer in enumerate(given_answers)},
    )

    evaluation = evaluate(
        criteria=criteria,
        target_groups=[TargetGroupSpec(code="a", name="A")],
        facts=facts,
        combine_mode=mode,
    )

    assert evaluation.eligibility == combine((r.eligibility for r in evaluation.results), mode)
    if mode == Combine.ANY:
        assert (evaluation.eligibility == Eligibility.MET) == (Answer.YES in given_answers)
    else:
        assert (evaluation.eligibility == Eligibility.MET) == all(
            a == Answer.YES for a in given_answers
        )
