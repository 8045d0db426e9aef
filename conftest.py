"""Hypothesis profiles: `default` for `make test`, `slow` (many more examples) for `make test-slow`.

Tests that pin their own `max_examples` keep it; every other property test takes the profile.
"""

from hypothesis import HealthCheck, settings

settings.register_profile("slow", max_examples=2000, deadline=None)
settings.register_profile("default", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("default")
