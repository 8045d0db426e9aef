"""Hostile input in the application, investigation and decision forms: refused or stored and
shown escaped (page and PDF), never run, never a 500."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from lotsa.core.tests.hostile import assert_shown_escaped
from lotsa.decisions.models import Application
from lotsa.decisions.tests.factories import build_city, grant, investigated

pytestmark = pytest.mark.django_db

HOSTILE = [
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE decisions_application; --",
    "x" * 20_000,
    "null\x00byte",
    "åäö 漢字 🙂 \u202eRTL",
    "{{ request.user.password }}",
]


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_text_is_refused_or_escaped_in_page_and_pdf(client, value) -> None:
    city = build_city()
    client.force_login(city.officer)
    assert_shown_escaped(
        client.post(
            reverse("decisions:application_create"),
            {
                "personal_number": value,
                "guideline_version": value,
                "received_on": value,
            },
        )
    )
    assert not Application.objects.exists()

    application = investigated(city, "lss")
    version = application.guideline_version
    data = {
        "version": application.version,
        "target_groups": [str(g.pk) for g in application.target_groups.all()],
        "life_situation": value,
        "support_needs": value,
        "goals": value,
        "consultation_on": timezone.localdate().isoformat(),
        "consultation_with": value,
    }
    for criterion in version.criteria.filter(kind="question"):
        data[f"answer_{criterion.code}"] = "yes"
        data[f"comment_{criterion.code}"] = value
    assert_shown_escaped(client.post(reverse("decisions:investigate", args=[application.pk]), data))
    assert_shown_escaped(client.get(reverse("decisions:application", args=[application.pk])))
    assert_shown_escaped(
        client.post(
            reverse("decisions:decide", args=[application.pk]),
            {"outcome": value, "decided_on": value, "delegation": value, "informed_about": value},
        )
    )
    application.refresh_from_db()
    text = value.replace("\x00", "")
    if len(text) > 200:
        with pytest.raises(ValidationError) as refused:
            grant(city, application, delegation=text)
        assert refused.value.message_dict["delegation"] == ["Högst 200 tecken."]
        text = text[:200]
    decision = grant(city, application, delegation=text, motivation=value.replace("\x00", ""))
    assert_shown_escaped(client.get(reverse("decisions:letter", args=[decision.pk])))
    pdf = client.get(reverse("decisions:letter_pdf", args=[decision.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
