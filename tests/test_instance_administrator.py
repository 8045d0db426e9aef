"""The instance administrator sets organisations up and reads nothing inside them.

Every page of the access matrix, requested by an instance administrator: no participant's
name in any answer (ordinary or protected), no server error, and no page inside an
organisation answers them (onboarding's own pages are classified as no one else's).
"""

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from lotsa.onboarding.tests.factories import InstanceAdministratorFactory
from tests.test_access_matrix import (
    API_PUBLIC,
    MATRIX,
    PROTECTED_NAME,
    PUBLIC,
    VISIBLE_NAME,
    _request,
    build_world,
)

pytestmark = pytest.mark.django_db


def test_an_instance_administrator_sees_no_participant_anywhere():
    world = build_world()
    client = Client()
    client.force_login(InstanceAdministratorFactory())
    problems = []
    for name, checks in MATRIX.items():
        for check in checks:
            # Some checks make their objects when asked for their URL; roll those back too.
            with transaction.atomic():
                url = reverse(name, kwargs=check.kwargs(dict(world)))
                response = _request(client, check, url)
                transaction.set_rollback(True)
            body = response.content.decode("utf-8", errors="replace")
            if response.status_code >= 500:
                problems.append(f"{url}: {response.status_code}")
            if VISIBLE_NAME in body or PROTECTED_NAME in body:
                problems.append(f"{url}: names a participant")
            # Inside an organisation the instance administrator is answered by public pages only.
            if response.status_code == 200 and check.allowed not in (PUBLIC, API_PUBLIC):
                problems.append(f"{url}: answered an instance administrator")
    assert not problems, "\n".join(problems)


def test_an_instance_administrators_start_page_is_the_organisations():
    client = Client()
    client.force_login(InstanceAdministratorFactory())
    response = client.get(reverse("shell:home"))
    assert response["Location"] == reverse("onboarding:organisations")
    for refused in ("people:list", "organisations:users", "statistics:board", "oversight:review"):
        try:
            url = reverse(refused)
        except Exception:  # noqa: BLE001 — a name another branch may rename
            continue
        assert client.get(url).status_code in (302, 403, 404), refused
