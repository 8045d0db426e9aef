"""Settings for the test suite: production settings with a throw-away secret key."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
os.environ.setdefault("LOTSA_AUDIT_KEY", "test-audit-chain-key-not-for-production")

from lotsa.config import settings  # noqa: E402
from lotsa.config.settings import *  # noqa: E402, F403

# Tests speak Swedish to staff, like production; keep sign-in lockout on so it is tested.
SECURE_HSTS_SECONDS = 0
SECURE_SSL_REDIRECT = False
# Two-factor sign-in is off so other tests sign in with a password; lotsa.signin's tests turn it on.
LOTSA_REQUIRE_TWO_FACTOR = False

# Tests serve static files from the apps directly; production uses collectstatic's manifest.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Argon2 is deliberately slow; tests hash hundreds of passwords. The production hasher is
# tested on its own (organisations/tests/test_sign_in.py).
PRODUCTION_PASSWORD_HASHERS = list(settings.PASSWORD_HASHERS)
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# A second alias that mirrors the test database, so the read-replica router is tested against a
# real second connection (lotsa/core/tests/test_replica.py turns routing on).
DATABASES = {
    **DATABASES,  # noqa: F405
    "replica": {**DATABASES["default"], "TEST": {"MIRROR": "default"}},  # noqa: F405
}

# Checkpoints of one test run never meet another run's database.
LOTSA_AUDIT_CHECKPOINT_DIR = Path(tempfile.mkdtemp(prefix="lotsa-test-checkpoints-"))

# `make test` runs tasks synchronously, at enqueue (lotsa.jobs); the worker test starts
# `lotsa worker` processes with LOTSA_TEST_TASKS_IN_DATABASE=true, the production backend.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend"
        if os.environ.get("LOTSA_TEST_TASKS_IN_DATABASE") == "true"
        else "django_tasks.backends.immediate.ImmediateBackend"
    }
}
