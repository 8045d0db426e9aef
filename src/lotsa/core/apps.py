"""The base of every Lotsa app's AppConfig: it loads the app's `extensions` module when ready.

`<app>/extensions.py` is where an app registers what it adds to other apps — case-page panels,
lifecycle-event reactions, demo builders, navigation entries, person-page sections — at module
level, with ordinary top-level imports that the layer contract checks. It is imported once the
app registry is ready, so it may import models (an AppConfig module may not).
"""

from importlib import import_module

from django.apps import AppConfig
from django.utils.module_loading import module_has_submodule


class LotsaAppConfig(AppConfig):
    def ready(self) -> None:
        if module_has_submodule(self.module, "extensions"):
            import_module(f"{self.name}.extensions")


# Apps subclass it as `apps.LotsaAppConfig` (importing the module, not the class), so Django
# still finds exactly one AppConfig class in each app's apps.py.
