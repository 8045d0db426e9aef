"""The architecture that docs/architecture.md describes is the one the code has."""

import importlib
import pkgutil
import re
from pathlib import Path

import pytest
from django.apps import apps

import lotsa
from lotsa.core.apps import LotsaAppConfig
from lotsa.core.events import LifecycleEvent

DOCS = Path(__file__).resolve().parents[4] / "docs" / "architecture.md"


def _events() -> dict[str, LifecycleEvent]:
    found = {}
    for module in pkgutil.walk_packages(lotsa.__path__, "lotsa."):
        if module.name.endswith(".events") and ".tests" not in module.name:
            for value in vars(importlib.import_module(module.name)).values():
                if isinstance(value, LifecycleEvent):
                    found[value.name] = value
    return found


def _event_rows() -> dict[str, str]:
    rows = {}
    for line in DOCS.read_text(encoding="utf-8").splitlines():
        match = re.match(r"\| `(\w+)`", line)
        if match:
            rows[match.group(1)] = line
    return rows


def test_every_app_loads_its_extensions_through_the_lotsa_app_config():
    ours = [config for config in apps.get_app_configs() if config.name.startswith("lotsa.")]
    assert ours
    assert [c.name for c in ours if not isinstance(c, LotsaAppConfig)] == []


def test_the_event_table_names_every_event_and_every_receiver():
    rows = _event_rows()
    events = _events()
    assert {"case_opened", "case_closed", "case_culled"} <= set(events)
    for name, event in events.items():
        assert name in rows, f"docs/architecture.md has no row for {name}"
        for receivers in event.receivers().values():
            for receiver in receivers:
                short = receiver.removeprefix("lotsa.")
                assert short in rows[name], f"{short} reacts to {name} but the row omits it"


@pytest.mark.django_db
def test_a_hook_that_refuses_rolls_the_announced_change_back(django_user_model):
    from django.core.exceptions import ValidationError

    from lotsa.cases import events
    from lotsa.cases.constants import ClosureReason
    from lotsa.cases.models import Case
    from lotsa.cases.services import case_close
    from lotsa.cases.tests.factories import CaseFactory

    case = CaseFactory()
    status_before = case.status

    def refuse(sender, **_):
        raise ValidationError("Nej.")

    events.case_closed.hook(refuse, uid="test-refuse")
    try:
        with pytest.raises(ValidationError):
            case_close(
                actor=case.coach,
                case=case,
                reason=ClosureReason.values[0],
                closed_on=case.start_date,
            )
    finally:
        events.case_closed.disconnect(refuse, uid="test-refuse")
    assert Case.objects.get(pk=case.pk).status == status_before
