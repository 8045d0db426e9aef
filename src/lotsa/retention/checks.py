"""`lotsa check` warns when a model under a case cannot say when its entries were made."""

from typing import Any

from django.core import checks

from lotsa.retention.culling import models_without_entry_dates


@checks.register()
def check_entry_dates(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    return [
        checks.Warning(
            f"{label} hangs off a case but has no date that says when an entry was made, so "
            "culling cannot count from it.",
            hint="Add an auto_now_add timestamp, or name its entry dates in "
            "lotsa.retention.culling.ENTRY_DATE_FIELDS (an empty tuple if it has none).",
            id="retention.W001",
        )
        for label in models_without_entry_dates()
    ]
