"""Equal access figures, the expiry list and the idempotent reminders."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from lotsa.decisions import queries, services
from lotsa.decisions.models import ReminderSent
from lotsa.decisions.tests.factories import TODAY, grant, investigated, reject
from lotsa.organisations.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_decisions_by_district_counts_the_period_and_leaves_out_protected_people(city) -> None:
    grant(city, investigated(city, "lss"))
    reject(city, investigated(city, "lss", answer="no"))
    investigated(city, "psyk", person=city.person(district=city.other_district))
    investigated(city, "psyk", person=city.person(district=None))
    grant(city, investigated(city, "lss", person=city.person(protected=True)))
    old = investigated(city, "lss", received_on=datetime.date(2025, 1, 10))
    grant(city, old, decided_on=datetime.date(2025, 1, 20), valid_from=datetime.date(2025, 2, 1))

    rows = queries.decisions_by_district(city.manager, datetime.date(2026, 1, 1), TODAY)
    table = {row.name: (row.applications, row.granted, row.rejected) for row in rows}
    assert table == {
        "Norrmalm": (2, 1, 1),
        "Söderort": (1, 0, 0),
        "Stadsdel saknas": (1, 0, 0),
    }
    assert rows[0].granted_share == 50
    assert rows[1].granted_share is None

    whole = queries.decisions_by_district(city.manager, datetime.date(2025, 1, 1), TODAY)
    assert {row.name: row.granted for row in whole}["Norrmalm"] == 2


def test_decisions_by_target_group(city) -> None:
    grant(city, investigated(city, "lss"))
    reject(city, investigated(city, "lss", answer="no", group="lss_personkrets_2"))
    rows = queries.decisions_by_target_group(city.manager, datetime.date(2026, 1, 1), TODAY)
    table = {row.key: (row.applications, row.granted, row.rejected) for row in rows}
    assert table == {"lss_personkrets_1": (1, 1, 0), "lss_personkrets_2": (1, 0, 1)}


def test_equal_access_is_for_managers_and_administrators(city) -> None:
    administrator = UserFactory(administrator=True, unit=None, organisation=city.organisation)
    assert queries.decisions_by_district(administrator, TODAY, TODAY)[0].applications == 0
    for actor in (city.officer, city.coach):
        with pytest.raises(PermissionDenied):
            queries.decisions_by_district(actor, TODAY, TODAY)


def test_decisions_by_district_runs_two_queries(city, django_assert_num_queries) -> None:
    for _ in range(3):
        grant(city, investigated(city, "lss"))
    with django_assert_num_queries(2):
        queries.decisions_by_district(city.manager, datetime.date(2026, 1, 1), TODAY)


def test_decisions_by_district_for_several_periods_is_each_periods_own(
    city, django_assert_num_queries
) -> None:
    grant(city, investigated(city, "lss"))
    reject(city, investigated(city, "lss", answer="no"))
    investigated(city, "psyk", person=city.person(district=city.other_district))
    investigated(city, "psyk", person=city.person(district=None))
    old = investigated(city, "lss", received_on=datetime.date(2025, 1, 10))
    grant(city, old, decided_on=datetime.date(2025, 1, 20), valid_from=datetime.date(2025, 2, 1))
    periods = [
        (datetime.date(2026, 1, 1), TODAY),
        (datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)),
        (datetime.date(2025, 1, 1), TODAY),
        (datetime.date(2020, 1, 1), datetime.date(2020, 12, 31)),
    ]
    with django_assert_num_queries(2):
        together = queries.decisions_by_district_periods(city.manager, periods)
    apart = [queries.decisions_by_district(city.manager, start, end) for start, end in periods]
    assert together == apart
    assert {row.name: row.granted for row in together[1]}["Norrmalm"] == 1


def _decision_ending_in(city, days: int):
    valid_from = TODAY - datetime.timedelta(days=30)
    return grant(
        city,
        investigated(city, "lss", received_on=valid_from),
        decided_on=valid_from,
        valid_from=valid_from,
        valid_to=TODAY + datetime.timedelta(days=days),
    )


def test_expiry_list_by_window(city) -> None:
    soon = _decision_ending_in(city, 20)
    later = _decision_ending_in(city, 75)
    _decision_ending_in(city, 200)
    assert list(queries.expiring_decisions(city.officer, today=TODAY, within_days=30)) == [soon]
    assert list(queries.expiring_decisions(city.officer, today=TODAY, within_days=90)) == [
        soon,
        later,
    ]
    assert list(queries.expiring_decisions(city.manager, today=TODAY, within_days=90)) == [
        soon,
        later,
    ]
    with pytest.raises(PermissionDenied):
        queries.expiring_decisions(city.coach, today=TODAY, within_days=90)


def test_extended_decision_leaves_the_expiry_list(city) -> None:
    soon = _decision_ending_in(city, 20)
    services.decision_extend(
        actor=city.officer,
        decision=soon,
        valid_to=soon.valid_to + datetime.timedelta(days=200),
        decided_on=TODAY,
        delegation="Delegationsordning 4.2",
        motivation="Fortsatt behov.",
        today=TODAY,
    )
    assert not queries.expiring_decisions(city.officer, today=TODAY, within_days=30).exists()


def test_reminders_go_once_per_threshold(city) -> None:
    in_20 = _decision_ending_in(city, 20)
    in_75 = _decision_ending_in(city, 75)
    _decision_ending_in(city, 200)

    assert services.send_reminders(today=TODAY) == 2
    assert len(mail.outbox) == 2
    assert mail.outbox[0].to == ["officer@example.org"]
    assert "20 dagar" in mail.outbox[0].subject
    assert "Sökande" not in mail.outbox[0].body  # no names in e-mail
    assert set(ReminderSent.objects.values_list("decision_id", "threshold_days")) == {
        (in_20.pk, 90),
        (in_20.pk, 60),
        (in_20.pk, 30),
        (in_75.pk, 90),
    }

    # Running again the same day sends nothing.
    assert services.send_reminders(today=TODAY) == 0
    call_command("send_reminders")
    assert len(mail.outbox) == 2

    # Sixteen days later the 75-day decision passes 60 days: one new message.
    assert services.send_reminders(today=TODAY + datetime.timedelta(days=16)) == 1
    assert ReminderSent.objects.filter(decision=in_75, threshold_days=60).exists()
    assert len(mail.outbox) == 3


def test_equal_access_publishes_no_count_from_one_to_four(client, city) -> None:
    for _ in range(6):
        grant(city, investigated(city, "lss"))
    reject(city, investigated(city, "lss", answer="no"))
    investigated(city, "psyk", person=city.person(district=city.other_district))
    rows = queries.decisions_by_district(city.manager, datetime.date(2026, 1, 1), TODAY)
    published = {row.name: row for row in queries.equal_access_published(rows)}
    norrmalm, soderort = published["Norrmalm"], published["Söderort"]
    assert (norrmalm.applications, norrmalm.granted, norrmalm.rejected) == ("7", "6", "<5")
    # 6 of 7 granted would give the one rejection away: the share is not published.
    assert norrmalm.granted_share == "–"
    assert (soderort.applications, soderort.granted) == ("<5", "0")
    client.force_login(city.manager)
    page = client.get(
        "/beslut/jamlik-tillgang/", {"start": "2026-01-01", "end": TODAY.isoformat()}
    ).content.decode()
    assert "&lt;5" in page and "86 %" not in page
