"""Hypothesis profiles: `default` for `make test`, `slow` (many more examples) for `make test-slow`.

Tests that pin their own `max_examples` keep it; every other property test takes the profile.
"""

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

# Fixtures every app's tests share; an app's own conftest or test module may override them.
pytest_plugins = ["lotsa.cases.tests.fixtures"]

hypothesis_settings.register_profile("slow", max_examples=2000, deadline=None)
hypothesis_settings.register_profile(
    "default", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("default")


@pytest.fixture(autouse=True)
def _own_audit_checkpoints(settings, tmp_path_factory):
    """Every test signs its audit checkpoints into its own folder: a checkpoint written by one
    test (e.g. the scheduler running its jobs) must not be read by the next on that worker."""
    settings.LOTSA_AUDIT_CHECKPOINT_DIR = tmp_path_factory.mktemp("checkpoints")


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the site's language. A request through the test client activates the
    language LocaleMiddleware picks (a participant's Arabic on Mina sidor, say) and nothing
    deactivates it afterwards, so without this the next test on the same worker would read its
    messages in that language."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()
