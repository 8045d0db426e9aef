"""The pages: an officer from application to letter, the PDF, and constant query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lotsa.cases.panels import panel_of, panels_for
from lotsa.cases.policy import case_access
from lotsa.decisions.models import Application, Decision
from lotsa.decisions.panels import panel
from lotsa.decisions.tests.factories import grant, investigated
from lotsa.referrals.services import referral_accept

pytestmark = pytest.mark.django_db


def _count(client, url, params=None) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(context.captured_queries), response.content.decode()


def _grant_for_days(client, city, application, days):
    """The officer grants on "Beslut" from today for `days` days, the guideline's standard
    motivation, to the city's support unit."""
    today = timezone.localdate()
    return client.post(
        reverse("decisions:decide", args=[application.pk]),
        {
            "outcome": "granted",
            "first_step_motivation": application.guideline_version.standard_motivation,
            "decided_on": today.isoformat(),
            "delegation": "Delegationsordning 4.2",
            "receiving_unit": city.support.pk,
            "valid_from": today.isoformat(),
            "valid_to": (today + datetime.timedelta(days=days)).isoformat(),
        },
    )


def test_officer_goes_from_application_to_letter(client, city) -> None:
    person = city.person()
    version = city.versions["insteg"]
    today = timezone.localdate()
    client.force_login(city.officer)
    response = client.post(
        reverse("decisions:application_create"),
        {
            "personal_number": person.personal_number,
            "guideline_version": version.pk,
            "received_on": today.isoformat(),
        },
    )
    application = Application.objects.get()
    assert response.url == reverse("decisions:investigate", args=[application.pk])
    group = version.target_groups.get(code="lss_personkrets_2")
    data = {
        "version": application.version,
        "target_groups": [str(group.pk)],
        "life_situation": "Bor med sin familj.",
        "support_needs": "Stöd att hitta praktik.",
        "goals": "Arbete inom handel.",
    }
    for criterion in version.criteria.filter(kind="question"):
        data[f"answer_{criterion.code}"] = "yes"
        data[f"comment_{criterion.code}"] = "Berättade i samtal."
    response = client.post(reverse("decisions:investigate", args=[application.pk]), data)
    assert response.status_code == 302
    page = client.get(reverse("decisions:decide", args=[application.pk]))
    assert "4 kap. 1 § SoL" in page.content.decode()
    response = _grant_for_days(client, city, application, 300)
    # Ten months is past Insteg's four, which no special reason stretches: refused at the field.
    assert response.status_code == 200
    assert "Särskilda skäl kan inte förlänga perioden" in response.content.decode()
    assert not Decision.objects.exists()
    response = _grant_for_days(client, city, application, 100)
    decision = Decision.objects.get()
    assert response.url == reverse("decisions:letter", args=[decision.pk])
    letter = client.get(response.url).content.decode()
    assert "Beslut: du beviljas stöd" in letter
    assert "Prövning enligt 4 kap. 1 § socialtjänstlagen (SoL)" in letter
    assert "Berättade i samtal." in letter
    assert person.last_name in letter
    pdf = client.get(reverse("decisions:letter_pdf", args=[decision.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_rejection_form_shows_the_missing_information_next_to_the_field(client, city) -> None:
    application = investigated(city, "lss", answer="no")
    client.force_login(city.officer)
    response = client.post(
        reverse("decisions:decide", args=[application.pk]),
        {
            "outcome": "rejected",
            "decided_on": timezone.localdate().isoformat(),
            "delegation": "Delegationsordning 4.2",
            "informed_about": ["reapply"],
        },
    )
    content = response.content.decode()
    assert "Ange när personen informerades" in content
    assert "Personen ska informeras om allt riktlinjen kräver vid avslag." in content
    assert not Decision.objects.exists()


def test_unknown_personnummer_is_refused_next_to_the_field(client, city) -> None:
    client.force_login(city.officer)
    response = client.post(
        reverse("decisions:application_create"),
        {
            "personal_number": "19121212-1212",
            "guideline_version": city.versions["lss"].pk,
            "received_on": timezone.localdate().isoformat(),
        },
    )
    assert "Ingen person med det personnumret" in response.content.decode()
    assert not Application.objects.exists()


def test_list_and_expiry_pages_run_constant_queries(client, city) -> None:
    today = timezone.localdate()

    def add() -> None:
        application = investigated(city, "lss", received_on=today)
        grant(
            city,
            application,
            decided_on=today,
            valid_from=today,
            valid_to=today + datetime.timedelta(days=40),
            today=today,
        )

    add()
    client.force_login(city.officer)
    pages = [
        (reverse("decisions:list"), {}),
        (reverse("decisions:expiry"), {"inom": 60}),
    ]
    [_count(client, url, params) for url, params in pages]  # warm up session and caches
    one = [_count(client, url, params)[0] for url, params in pages]
    for _ in range(4):
        add()
    many = [_count(client, url, params)[0] for url, params in pages]
    assert one == many
    client.force_login(city.manager)
    _count(client, reverse("decisions:equal_access"))
    # session, user, districts, the two counts, target group names
    assert _count(client, reverse("decisions:equal_access"))[0] <= 8


def test_case_panel_shows_decision_and_parallel_supports_in_constant_queries(client, city) -> None:
    from lotsa.decisions.services import parallel_support_add

    application = investigated(city, "lss")
    decision = grant(city, application)
    case = referral_accept(
        actor=city.support_manager,
        referral=decision.referral,
        coach=city.coach,
        start_date=timezone.localdate(),
    )
    parallel_support_add(
        actor=city.officer,
        participant=application.participant,
        kind="occupation",
        starts_on=datetime.date(2025, 1, 1),
    )
    # The first call also answers (and remembers) the case's visibility.
    panel_of(panel, case_access(city.coach, case))
    with CaptureQueriesContext(connection) as context:
        built = panel_of(panel, case_access(city.coach, case))
    first = len(context.captured_queries)
    assert [d.pk for d in built.context["decisions"]] == [decision.pk]
    parallel_support_add(
        actor=city.coach,
        participant=application.participant,
        kind="arbetsformedlingen",
        starts_on=datetime.date(2025, 6, 1),
    )
    with CaptureQueriesContext(connection) as context:
        built = panel_of(panel, case_access(city.coach, case))
    assert len(context.captured_queries) == first
    assert len(built.context["supports"]) == 2
    shown = panels_for(case_access(city.coach, case))
    assert any(p.template == "decisions/_case_panel.html" for p in shown)
    # The letter links to the case for whoever sees it; others see the referral's state.
    client.force_login(city.coach)
    letter = client.get(reverse("decisions:letter", args=[decision.pk])).content.decode()
    assert reverse("cases:detail", args=[case.pk]) in letter
    client.force_login(city.officer)
    letter = client.get(reverse("decisions:letter", args=[decision.pk])).content.decode()
    assert reverse("cases:detail", args=[case.pk]) in letter
    client.force_login(city.manager)  # the officer's manager: no access to the support's case
    letter = client.get(reverse("decisions:letter", args=[decision.pk])).content.decode()
    assert reverse("cases:detail", args=[case.pk]) not in letter
    assert "Remiss till Jobbtorg Iwork: Ärende öppnat" in letter
