"""A data-subject extract (GDPR art. 15) includes the person's mappings, assessments and phases."""

import datetime

import pytest

from lotsa.assessments.tests.factories import (
    CasePhaseFactory,
    MappingFactory,
    assess,
    small_instrument,
)
from lotsa.cases.tests.factories import CaseFactory
from lotsa.retention.extract import extract_as_json, participant_extract

pytestmark = pytest.mark.django_db


def test_the_extract_holds_mappings_assessments_scores_and_phases():
    case = CaseFactory()
    MappingFactory(case=case, main_income_source="activity_support")
    assess(case, small_instrument(case.organisation), datetime.date(2026, 5, 4), {"Modul 1.1": 7})
    CasePhaseFactory(case=case)
    text = extract_as_json(participant_extract(case.participant))
    for expected in ("Aktivitetsstöd", "2026-05-04", "Kartläggning"):
        assert expected in text, expected
