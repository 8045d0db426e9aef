"""Fidelity reviews of a unit: the shipped IPS scale, a review's total and band, the history
per unit beside its outcomes, and who may read and record them."""

import datetime
import json
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from lotsa.assessments import queries, services
from lotsa.assessments.models import FidelityReview
from lotsa.audit.models import AuditRecord
from lotsa.cases.constants import ClosureReason
from lotsa.cases.tests.factories import CaseFactory
from lotsa.organisations.tests.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent.parent / "data" / "ips_fidelity.json"


@pytest.fixture
def ips():
    return services.fidelity_scale_install()


@pytest.fixture
def unit():
    return UnitFactory(support=True, name="Socialpsykiatri")


@pytest.fixture
def manager(unit):
    return UserFactory(manager=True, unit=unit)


def scored(*values: int) -> dict[int, int]:
    """Item number → score; the last value repeats to fill all 25 items."""
    filled = list(values) + [values[-1]] * (25 - len(values))
    return {number: score for number, score in enumerate(filled, start=1)}


def review(manager, unit, ips, scores, on=None):
    return services.fidelity_review_record(
        actor=manager,
        unit=unit,
        scale=ips,
        reviewed_on=on or timezone.localdate(),
        scores=scores,
        reviewers="Två externa granskare",
    )


def test_the_shipped_ips_scale_has_25_items_scored_1_to_5_and_bands_covering_25_to_125(ips):
    assert ips.items.count() == 25
    assert (ips.item_min, ips.item_max) == (1, 5)
    assert [(b.lowest, b.highest, b.name) for b in ips.bands.all()] == [
        (115, 125, "Exemplarisk metodtrohet"),
        (100, 114, "God metodtrohet"),
        (74, 99, "Godtagbar metodtrohet"),
        (25, 73, "Inte IPS"),
    ]
    sections = list(ips.items.values_list("section", flat=True))
    assert (sections.count("Bemanning"), sections.count("Organisation")) == (3, 8)
    assert sections.count("Tjänster") == 14
    document = json.loads(DATA.read_text(encoding="utf-8"))
    assert [item["number"] for item in document["items"]] == list(range(1, 26))


def totalling(total: int) -> dict[int, int]:
    """25 item scores, as even as they go, that add up to `total`."""
    base, extra = divmod(total, 25)
    return {number: base + (1 if number <= extra else 0) for number in range(1, 26)}


@pytest.mark.parametrize(
    ("scores", "total", "band"),
    [
        (totalling(125), 125, "Exemplarisk metodtrohet"),
        (totalling(115), 115, "Exemplarisk metodtrohet"),
        (totalling(114), 114, "God metodtrohet"),
        (totalling(100), 100, "God metodtrohet"),
        (totalling(99), 99, "Godtagbar metodtrohet"),
        (totalling(74), 74, "Godtagbar metodtrohet"),
        (totalling(73), 73, "Inte IPS"),
        (scored(1, 5, 1, 5, 1, 5, 2), 56, "Inte IPS"),
        (totalling(25), 25, "Inte IPS"),
    ],
)
def test_a_reviews_total_and_band(manager, unit, ips, scores, total, band):
    made = review(manager, unit, ips, scores)
    result, item_scores = queries.fidelity_review_get(manager, made.pk)
    assert sum(scores.values()) == total
    assert (result.total, result.band.name) == (total, band)
    assert [score.item.number for score in item_scores] == list(range(1, 26))


def test_every_item_must_be_scored_on_the_scale(manager, unit, ips):
    missing = scored(3)
    del missing[7]
    with pytest.raises(ValidationError) as refused:
        review(manager, unit, ips, missing | {12: 6})
    assert "item_7" in refused.value.message_dict
    assert "1–5" in refused.value.message_dict["item_12"][0]
    with pytest.raises(ValidationError) as unknown:
        review(manager, unit, ips, scored(3) | {26: 3})
    assert "26" in unknown.value.message_dict["scale"][0]
    assert not FidelityReview.objects.exists()


def test_a_review_cannot_be_dated_in_the_future_or_implausibly(manager, unit, ips):
    for day in (timezone.localdate() + datetime.timedelta(days=1), datetime.date(1899, 1, 1)):
        with pytest.raises(ValidationError) as refused:
            review(manager, unit, ips, scored(3), on=day)
        assert "reviewed_on" in refused.value.message_dict


def test_a_review_is_audited(manager, unit, ips):
    made = review(manager, unit, ips, scored(4))
    record = AuditRecord.objects.get(object_type="assessments.fidelityreview")
    assert (record.actor, record.object_id) == (manager, str(made.pk))
    assert "100 poäng" in record.summary


def test_history_per_unit_is_newest_first_with_the_units_closures_before_each_review(
    manager, unit, ips
):
    today = timezone.localdate()
    year_ago = today - datetime.timedelta(days=365)
    review(manager, unit, ips, scored(3), on=year_ago)
    review(manager, unit, ips, scored(4), on=today)
    other_unit = UnitFactory(support=True, organisation=unit.organisation)
    review(UserFactory(manager=True, unit=other_unit), other_unit, ips, scored(5))
    for days_ago, reason in (
        (10, ClosureReason.WORK_UNSUBSIDISED),
        (40, ClosureReason.WORK_SUBSIDISED),
        (100, ClosureReason.STUDIES),
        (400, ClosureReason.WORK_UNSUBSIDISED),
    ):
        CaseFactory(
            unit=unit,
            closed=True,
            closed_on=today - datetime.timedelta(days=days_ago),
            closure_reason=reason,
            start_date=today - datetime.timedelta(days=days_ago + 100),
        )
    CaseFactory(unit=other_unit, closed=True)
    history = queries.fidelity_history(manager, unit)
    assert [(r.review.reviewed_on, r.total, r.band.name) for r in history] == [
        (today, 100, "God metodtrohet"),
        (year_ago, 75, "Godtagbar metodtrohet"),
    ]
    latest, earlier = history[0].outcomes, history[1].outcomes
    assert (latest.closed, latest.to_work, latest.share_to_work) == (3, 2, 67)
    assert (earlier.closed, earlier.to_work) == (1, 1)


def test_only_the_units_staff_read_and_only_its_manager_records(manager, unit, ips):
    made = review(manager, unit, ips, scored(4))
    coach = UserFactory(coach=True, unit=unit)
    assert queries.fidelity_history(coach, unit)
    with pytest.raises(PermissionDenied):
        review(coach, unit, ips, scored(4))
    other_manager = UserFactory(manager=True, unit=UnitFactory(organisation=unit.organisation))
    administrator = UserFactory(administrator=True, unit=None, organisation=unit.organisation)
    referrer = UserFactory(referrer=True, unit=unit)
    for outsider in (other_manager, administrator, referrer):
        with pytest.raises(PermissionDenied):
            queries.fidelity_history(outsider, unit)
        with pytest.raises(PermissionDenied):
            review(outsider, unit, ips, scored(4))
    stranger = UserFactory(manager=True)
    with pytest.raises(Exception) as hidden:
        queries.fidelity_review_get(stranger, made.pk)
    assert hidden.type.__name__ == "Http404"


def test_the_pages_answer_the_unit_and_keep_their_query_count(
    client, manager, unit, ips, django_assert_max_num_queries
):
    client.force_login(manager)
    assert client.get(reverse("assessments:fidelity"))["Location"] == reverse(
        "assessments:fidelity_unit", args=[unit.pk]
    )
    form = {"reviewed_on": timezone.localdate().isoformat(), "reviewers": "Granskare"}
    response = client.post(
        reverse("assessments:fidelity_review_create", args=[unit.pk, ips.key]),
        form | {f"item_{number}": "4" for number in range(1, 25)},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["item_25"]
    response = client.post(
        reverse("assessments:fidelity_review_create", args=[unit.pk, ips.key]),
        form | {f"item_{number}": "4" for number in range(1, 26)},
    )
    made = FidelityReview.objects.get()
    assert response["Location"] == reverse("assessments:fidelity_review", args=[made.pk])
    page = client.get(response["Location"]).content.decode()
    assert "100 poäng" in page and "God metodtrohet" in page
    with django_assert_max_num_queries(20) as one:
        client.get(reverse("assessments:fidelity_unit", args=[unit.pk]))
    for days in range(1, 6):
        review(
            manager, unit, ips, scored(3), on=timezone.localdate() - datetime.timedelta(days=days)
        )
    CaseFactory.create_batch(3, unit=unit, closed=True)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(reverse("assessments:fidelity_unit", args=[unit.pk]))
    assert page.content.decode().count("Godtagbar metodtrohet") >= 5
