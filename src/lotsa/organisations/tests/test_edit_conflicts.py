"""A stale form never undoes someone else's save of a user or a unit (issue 14, item 6)."""

import pytest
from django.urls import reverse

from lotsa.core.tests.conflicts import CONFLICT, post_stale, signed_in_clients
from lotsa.organisations.models import Unit, User
from lotsa.organisations.tests.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admins():
    unit = UnitFactory(name="Arbetsmarknadsenheten", runs_support=True)
    first = UserFactory(administrator=True, unit=None, organisation=unit.organisation)
    second = UserFactory(administrator=True, unit=None, organisation=unit.organisation)
    return unit, signed_in_clients(first, second)


def _user_form(user: User, **changes) -> dict:
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "title": user.title,
        "role": user.role,
        "unit": user.unit_id,
        "version": user.version,
    }
    if user.is_active:
        data["is_active"] = "on"
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_a_stale_user_form_does_not_undo_a_deactivation(admins):
    unit, (first, second) = admins
    coach = UserFactory(coach=True, unit=unit)
    stale = _user_form(coach, title="Arbetscoach")  # opened by the second administrator
    deactivate = _user_form(coach)
    deactivate.pop("is_active")
    url = reverse("organisations:user_edit", args=[coach.pk])
    response = post_stale(url, first=first, fresh=deactivate, second=second, stale=stale)
    html = response.content.decode()
    assert CONFLICT in html
    assert "Så här ser uppgifterna ut nu" in html
    coach.refresh_from_db()
    assert not coach.is_active
    assert coach.title != "Arbetscoach"


def test_saving_again_after_the_conflict_applies_the_change(admins):
    unit, (first, second) = admins
    coach = UserFactory(coach=True, unit=unit)
    url = reverse("organisations:user_edit", args=[coach.pk])
    stale = _user_form(coach, title="Ny titel")
    assert first.post(url, _user_form(coach, first_name="Annie")).status_code == 302
    conflict = second.post(url, stale)
    retry = dict(stale, version=conflict.context["form"].data["version"], first_name="Annie")
    assert second.post(url, retry).status_code == 302
    coach.refresh_from_db()
    assert (coach.first_name, coach.title, coach.version) == ("Annie", "Ny titel", 3)


def test_a_stale_unit_form_does_not_undo_a_rename(admins):
    unit, (first, second) = admins
    url = reverse("organisations:unit_edit", args=[unit.pk])
    stale = {"name": unit.name, "runs_support": "on", "is_active": "on", "version": unit.version}
    fresh = dict(stale, name="Jobbcentrum")
    assert first.post(url, fresh).status_code == 302
    response = second.post(url, dict(stale, is_active=""))
    assert CONFLICT in response.content.decode()
    unit = Unit.objects.get(pk=unit.pk)
    assert unit.name == "Jobbcentrum" and unit.is_active
