"""A stale method form never undoes someone else's save (issue 14, item 6)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lotsa.assessments import services
from lotsa.assessments.tests.factories import MethodFactory, administrator
from lotsa.core.concurrency import EditConflictError
from lotsa.core.tests.conflicts import CONFLICT, post_stale, signed_in_clients

pytestmark = pytest.mark.django_db


def _form(method, **changes) -> dict:
    data = {
        "name": method.name,
        "description": method.description,
        "phases": "\n".join(phase.name for phase in method.phases.all()),
        "is_active": "on",
        "version": method.version,
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_a_stale_method_form_does_not_undo_a_deactivation():
    method = MethodFactory(name="Supported Employment")
    first, second = signed_in_clients(
        administrator(method.organisation), administrator(method.organisation)
    )
    url = reverse("assessments:method_edit", args=[method.pk])
    stale = _form(method, description="Individuellt stöd")
    response = post_stale(
        url, first=first, fresh=_form(method, is_active=None), second=second, stale=stale
    )
    html = response.content.decode()
    assert CONFLICT in html and "Så här ser uppgifterna ut nu" in html
    method.refresh_from_db()
    assert (method.is_active, method.description, method.version) == (False, "", 2)
    retry = dict(stale, version=response.context["form"].data["version"])
    assert second.post(url, retry).status_code == 302
    method.refresh_from_db()
    assert (method.is_active, method.description, method.version) == (True, "Individuellt stöd", 3)


def test_the_service_refuses_a_stale_version_and_keeps_the_phases():
    method = MethodFactory()
    admin = administrator(method.organisation)
    phases = [phase.name for phase in method.phases.all()]
    with pytest.raises(EditConflictError):
        services.method_save(
            actor=admin,
            method=method,
            expected_version=method.version - 1,
            name="Annat namn",
            phase_names=[*phases, "Ny fas"],
        )
    method.refresh_from_db()
    assert method.name != "Annat namn"
    assert [phase.name for phase in method.phases.all()] == phases
    assert issubclass(EditConflictError, ValidationError)
