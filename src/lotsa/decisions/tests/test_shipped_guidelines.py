"""Each shipped Stockholm guideline decides as its text prescribes, criterion by criterion:
a person who meets every criterion can be granted; one who misses any criterion cannot (only
rejected, with the information the guideline requires); one who is unclear on a criterion
needs the officer's individual assessment, and either decision is open."""

import pytest
from django.core.exceptions import ValidationError

from lotsa.decisions.tests.factories import build_city, grant, investigated, reject

pytestmark = pytest.mark.django_db

# guideline, the group of a person who meets everything, the criteria count
GUIDELINES = [
    ("psyk", "socialpsykiatri", 7),
    ("insteg", "lss_personkrets_1", 5),
    ("lss", "lss_personkrets_2", 8),
]


@pytest.mark.parametrize(("key", "group", "count"), GUIDELINES)
def test_meets_misses_and_is_unclear_on_each_criterion(key, group, count) -> None:
    city = build_city()
    version = city.versions[key]
    assert version.criteria.count() == count

    met = grant(city, investigated(city, key, group=group))
    assert [result["outcome"] for result in met.criteria_results] == ["met"] * count

    for criterion in version.criteria.all():
        if criterion.kind == "question":
            missed = investigated(city, key, group=group, overrides={criterion.code: "no"})
            unclear = investigated(city, key, group=group, overrides={criterion.code: "unclear"})
        elif criterion.fact == "age_between":
            missed = investigated(city, key, group=group, person=city.person(age=70))
            unclear = None  # a person in Lotsa always has a birth date
        else:
            missed = investigated(city, key, group="lss_personkrets_3")
            unclear = None  # the officer must choose a group before deciding
        with pytest.raises(ValidationError) as refused:
            grant(city, missed)
        assert "minst ett kriterium är inte uppfyllt" in str(refused.value), criterion.code
        rejected = reject(city, missed)
        outcomes = {r["code"]: r["outcome"] for r in rejected.criteria_results}
        assert outcomes[criterion.code] == "not_met"
        assert [code for code, outcome in outcomes.items() if outcome != "met"] == [criterion.code]
        assert rejected.informed_about == [code for code, _t in version.required_information]
        if unclear is not None:
            decided = grant(city, unclear)
            outcomes = {r["code"]: r["outcome"] for r in decided.criteria_results}
            assert outcomes[criterion.code] == "needs_assessment"
