"""A stale catalogue form never undoes someone else's save (issue 14, item 6)."""

import pytest
from django.test import Client
from django.urls import reverse

from lotsa.cases.models import ActivityType
from lotsa.cases.tests.factories import ActivityTypeFactory
from lotsa.core.tests.conflicts import CONFLICT, post_stale, signed_in_clients
from lotsa.organisations.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _clients(organisation) -> list[Client]:
    return signed_in_clients(
        *(UserFactory(administrator=True, unit=None, organisation=organisation) for _ in range(2))
    )


def _form(item: ActivityType, **changes) -> dict:
    data = {
        "name": item.name,
        "skr_category": str(item.skr_category),
        "area": item.area,
        "default_responsible": item.default_responsible,
        "is_active": "on",
        "version": item.version,
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_a_stale_catalogue_form_does_not_undo_a_deactivation():
    item = ActivityTypeFactory(name="Cykelverkstad", skr_category=5)
    first, second = _clients(item.organisation)
    url = reverse("cases:catalogue_edit", args=[item.pk])
    stale = _form(item, name="Cykelverkstaden")
    response = post_stale(
        url, first=first, fresh=_form(item, is_active=None), second=second, stale=stale
    )
    html = response.content.decode()
    assert CONFLICT in html and "Så här ser aktiviteten ut nu" in html
    item.refresh_from_db()
    assert (item.name, item.is_active, item.version) == ("Cykelverkstad", False, 2)
    # Saving again, knowingly, on top of the newest version applies the change.
    retry = dict(stale, version=response.context["form"].data["version"])
    assert second.post(url, retry).status_code == 302
    item.refresh_from_db()
    assert (item.name, item.is_active, item.version) == ("Cykelverkstaden", True, 3)


def test_a_stale_toggle_on_the_catalogue_list_changes_nothing():
    item = ActivityTypeFactory(name="Språkcafé")
    first, second = _clients(item.organisation)
    url = reverse("cases:catalogue")
    seen = item.version
    assert (
        first.post(
            reverse("cases:catalogue_edit", args=[item.pk]), _form(item, name="Språkkafé")
        ).status_code
        == 302
    )
    response = second.post(
        url, {"activity_type": item.pk, "is_active": "0", "version": seen}, follow=True
    )
    assert CONFLICT in response.content.decode()
    item.refresh_from_db()
    assert (item.name, item.is_active) == ("Språkkafé", True)
