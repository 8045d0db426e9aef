"""Care use on the mapping (psychiatric contacts, in-patient days): recorded through the
service, "Okänt" when empty, in the data-subject extract and priced by the evaluation."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from lotsa.assessments import services
from lotsa.assessments.queries import mapping_answers
from lotsa.assessments.tests.factories import MappingFactory
from lotsa.cases.tests.factories import CaseFactory
from lotsa.retention.extract import extract_as_json, participant_extract

pytestmark = pytest.mark.django_db

ANSWERS = {
    "occasion": "start",
    "work_history": "never_worked",
    "registered_at_employment_service": "yes",
    "has_unemployment_insurance": "no",
    "education": "compulsory",
    "health": "mental",
    "sick_certificate": "none",
    "main_income_source": "social_assistance",
    "housing": "own_tenancy",
    "children_at_home": "no",
}


def test_care_use_is_checked_and_unknown_when_empty():
    case = CaseFactory()
    on = datetime.date.today()
    with pytest.raises(ValidationError) as raised:
        services.mapping_record(
            actor=case.coach,
            case=case,
            mapped_on=on,
            obstacles=["none"],
            psychiatric_contacts=400,
            **ANSWERS,
        )
    assert "psychiatric_contacts" in raised.value.message_dict
    mapping = services.mapping_record(
        actor=case.coach, case=case, mapped_on=on, obstacles=["none"], inpatient_days=3, **ANSWERS
    )
    answers = {answer.label: answer.value for answer in mapping_answers(mapping)}
    assert answers["Kontakter med psykiatrisk öppenvård senaste 12 månaderna"] == "Okänt"
    assert answers["Vårddygn i slutenvård senaste 12 månaderna"] == "3"


def test_the_data_subject_extract_holds_the_care_use():
    mapping = MappingFactory(psychiatric_contacts=7, inpatient_days=2)
    text = extract_as_json(participant_extract(mapping.case.participant))
    assert "Kontakter med psykiatrisk öppenvård senaste 12 månaderna" in text
