"""Hostile input in the assessment forms: refused or stored and shown escaped, never a 500."""

import pytest
from django.urls import reverse
from django.utils import timezone

from lotsa.assessments.models import Assessment, Module
from lotsa.assessments.tests.factories import administrator, small_instrument
from lotsa.cases.tests.factories import CaseFactory
from lotsa.core.tests.hostile import assert_shown_escaped

pytestmark = pytest.mark.django_db

HOSTILE = [
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE assessments_score; --",
    "x" * 10_000,
    "null\x00byte",
    "{{ request.user.password }}",
    "\u202eRTL",
]


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_scores_and_mapping_answers_are_refused(client, value):
    case = CaseFactory()
    instrument = small_instrument(case.organisation, areas=1, modules=1)
    module = Module.objects.get(area__instrument=instrument)
    client.force_login(case.coach)
    assert_shown_escaped(
        client.post(
            reverse("assessments:assessment_create", args=[case.pk]),
            {"assessed_on": timezone.localdate().isoformat(), f"module_{module.pk}": value},
        )
    )
    assert not Assessment.objects.exists()
    assert_shown_escaped(
        client.post(
            reverse("assessments:mapping_create", args=[case.pk]),
            {"mapped_on": value, "occasion": value, "obstacles": [value], "housing": value},
        )
    )
    assert not case.mappings.exists()


@pytest.mark.parametrize("value", HOSTILE[:3] + HOSTILE[5:], ids=range(len(HOSTILE) - 2))
def test_hostile_module_texts_are_stored_and_shown_escaped(client, value):
    admin = administrator()
    instrument = small_instrument(admin.organisation, areas=1, modules=0)
    area = instrument.areas.get()
    client.force_login(admin)
    data = {"name": value, **{f"step_{n}": value for n in range(1, 11)}}
    assert_shown_escaped(client.post(reverse("assessments:module_create", args=[area.pk]), data))
    html = assert_shown_escaped(
        client.get(reverse("assessments:instrument_detail", args=[instrument.pk]))
    )
    if Module.objects.filter(area=area).exists():
        assert "&lt;" in html or "<" not in value
