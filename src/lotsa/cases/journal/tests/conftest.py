import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Test users need a password, not Argon2's deliberate slowness."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
