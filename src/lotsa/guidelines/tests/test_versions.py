"""Guideline versions: published versions never change; drafts are copied and published."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lotsa.guidelines.constants import VersionStatus
from lotsa.guidelines.models import Criterion, GuidelineVersion, TargetGroup
from lotsa.guidelines.queries import guideline_version_in_force
from lotsa.guidelines.services import guideline_version_draft_from, guideline_version_publish
from lotsa.guidelines.tests.factories import (
    CriterionFactory,
    GuidelineVersionFactory,
    TargetGroupFactory,
    danderyd_install,
)
from lotsa.organisations.tests.factories import OrganisationFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 1)


@pytest.fixture
def organisation():
    return OrganisationFactory()


@pytest.fixture
def danderyd(organisation):
    return danderyd_install(organisation, publish_on=datetime.date(2022, 6, 15))


@pytest.fixture
def admin(organisation):
    return UserFactory(administrator=True, unit=None, organisation=organisation)


def test_target_group_of_a_published_version_cannot_be_changed_or_deleted(danderyd):
    group = danderyd.target_groups.get(code="missbruk")
    group.requires_stability = False

    with pytest.raises(ValidationError, match="publicerad riktlinjeversion kan inte ändras"):
        group.save()
    with pytest.raises(ValidationError, match="publicerad riktlinjeversion kan inte ändras"):
        group.delete()
    assert TargetGroup.objects.get(pk=group.pk).requires_stability


def test_criterion_of_a_published_version_cannot_be_changed_added_or_deleted(danderyd):
    criterion = danderyd.criteria.get(code="stabilitet")
    criterion.params = {"months": 1}

    with pytest.raises(ValidationError):
        criterion.save()
    with pytest.raises(ValidationError):
        criterion.delete()
    with pytest.raises(ValidationError):
        CriterionFactory(version=danderyd)
    assert Criterion.objects.get(pk=criterion.pk).params == {"months": 3}
    assert danderyd.criteria.count() == 6


def test_published_version_itself_cannot_be_changed(danderyd):
    danderyd.priority_age_below = 35

    with pytest.raises(ValidationError, match="kan inte ändras"):
        danderyd.save()
    assert GuidelineVersion.objects.get(pk=danderyd.pk).priority_age_below == 29


def test_a_draft_can_still_be_changed():
    draft = GuidelineVersionFactory()
    group = TargetGroupFactory(version=draft)
    group.name = "Nytt namn"
    group.save()
    draft.priority_age_below = 25
    draft.save()

    assert TargetGroup.objects.get(pk=group.pk).name == "Nytt namn"
    assert GuidelineVersion.objects.get(pk=draft.pk).priority_age_below == 25


def test_administrator_copies_a_published_version_into_a_new_draft(danderyd, admin):
    draft = guideline_version_draft_from(actor=admin, version=danderyd)

    assert draft.number == 2
    assert draft.status == VersionStatus.DRAFT
    assert draft.effective_from is None
    assert draft.priority_age_below == 29
    assert [g.code for g in draft.target_groups.all()] == [
        g.code for g in danderyd.target_groups.all()
    ]
    assert [(c.code, c.params) for c in draft.criteria.all()] == [
        (c.code, c.params) for c in danderyd.criteria.all()
    ]
    draft_group = draft.target_groups.get(code="lss")
    draft_group.is_optional = False
    draft_group.save()
    assert danderyd.target_groups.get(code="lss").is_optional


def test_only_one_draft_at_a_time(danderyd, admin):
    guideline_version_draft_from(actor=admin, version=danderyd)

    with pytest.raises(ValidationError, match="redan ett utkast"):
        guideline_version_draft_from(actor=admin, version=danderyd)


@pytest.mark.parametrize("role", ["coach", "referrer", "manager"])
def test_staff_may_not_draft_or_publish(danderyd, organisation, role):
    actor = UserFactory(unit=UnitFactory(organisation=organisation), **{role: True})

    with pytest.raises(PermissionDenied):
        guideline_version_draft_from(actor=actor, version=danderyd)
    assert danderyd.guideline.versions.count() == 1


def test_administrator_of_another_organisation_may_not_draft_or_publish(danderyd, admin):
    draft = guideline_version_draft_from(actor=admin, version=danderyd)
    stranger = UserFactory(administrator=True, unit=None, organisation=OrganisationFactory())

    with pytest.raises(PermissionDenied):
        guideline_version_draft_from(actor=stranger, version=danderyd)
    with pytest.raises(PermissionDenied):
        guideline_version_publish(actor=stranger, version=draft, effective_from=TODAY)
    assert not GuidelineVersion.objects.get(pk=draft.pk).is_published


def test_publishing_freezes_the_draft_and_puts_it_in_force(danderyd, admin, organisation):
    draft = guideline_version_draft_from(actor=admin, version=danderyd)

    guideline_version_publish(actor=admin, version=draft, effective_from=TODAY)

    draft.refresh_from_db()
    assert draft.status == VersionStatus.PUBLISHED
    assert draft.effective_from == TODAY
    with pytest.raises(ValidationError):
        TargetGroupFactory(version=draft)
    in_force = guideline_version_in_force(organisation_id=organisation.pk, on=TODAY)
    assert in_force == draft


def test_a_published_version_cannot_be_published_again(danderyd, admin):
    with pytest.raises(ValidationError, match="redan publicerad"):
        guideline_version_publish(actor=admin, version=danderyd, effective_from=TODAY)
    assert GuidelineVersion.objects.get(pk=danderyd.pk).effective_from == datetime.date(2022, 6, 15)


def test_a_new_version_cannot_take_effect_before_the_one_in_force(danderyd, admin):
    draft = guideline_version_draft_from(actor=admin, version=danderyd)

    with pytest.raises(ValidationError) as refused:
        guideline_version_publish(
            actor=admin, version=draft, effective_from=datetime.date(2022, 1, 1)
        )
    assert "2022-06-15" in refused.value.message_dict["effective_from"][0]
    assert not GuidelineVersion.objects.get(pk=draft.pk).is_published


def test_an_empty_draft_cannot_be_published(organisation, admin):
    draft = GuidelineVersionFactory(guideline__organisation=organisation)

    with pytest.raises(ValidationError, match="minst en målgrupp"):
        guideline_version_publish(actor=admin, version=draft, effective_from=TODAY)
    TargetGroupFactory(version=draft)
    with pytest.raises(ValidationError, match="minst ett kriterium"):
        guideline_version_publish(actor=admin, version=draft, effective_from=TODAY)


def test_version_in_force_is_the_latest_published_one_that_has_taken_effect(
    danderyd, admin, organisation
):
    draft = guideline_version_draft_from(actor=admin, version=danderyd)
    guideline_version_publish(actor=admin, version=draft, effective_from=TODAY)

    def in_force(on):
        return guideline_version_in_force(organisation_id=organisation.pk, on=on)

    assert in_force(datetime.date(2022, 6, 14)) is None
    assert in_force(datetime.date(2022, 6, 15)) == danderyd
    assert in_force(TODAY - datetime.timedelta(days=1)) == danderyd
    assert in_force(TODAY) == draft
    assert guideline_version_in_force(organisation_id=OrganisationFactory().pk, on=TODAY) is None


def test_a_draft_is_never_in_force(organisation):
    GuidelineVersionFactory(guideline__organisation=organisation, effective_from=TODAY)

    assert guideline_version_in_force(organisation_id=organisation.pk, on=TODAY) is None
