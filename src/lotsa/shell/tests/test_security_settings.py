"""Security headers on every page, and a clean `lotsa check --deploy` with production settings."""

import os
import subprocess
import sys

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_pages_send_strict_security_headers(client):
    response = client.get(reverse("login"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.cookies["csrftoken"]["httponly"]


def test_healthz_answers_without_sign_in(client):
    response = client.get(reverse("shell:healthz"))
    assert response.status_code == 200
    assert response.content == b"ok"


def _lotsa_run(command, *, env):
    """Run `command` in a fresh Python with `env`; the finished process, output as text."""
    return subprocess.run(command, env=env, capture_output=True, text=True, check=False)


def test_deploy_check_is_clean_with_production_settings(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        SECRET_KEY="a-long-random-production-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        ALLOWED_HOSTS="lotsa.example.se",
        LOTSA_VAR_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="lotsa.config.settings",
    )
    result = _lotsa_run(
        [sys.executable, "-m", "lotsa", "check", "--deploy", "--fail-level", "WARNING"], env=env
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def _without_secret_key(tmp_path):
    env = {key: value for key, value in os.environ.items() if key not in {"DEBUG", "SECRET_KEY"}}
    env.update(DJANGO_SETTINGS_MODULE="lotsa.config.settings", LOTSA_VAR_DIR=str(tmp_path))
    return env


def test_settings_refuse_to_start_without_a_secret_key_in_production(tmp_path):
    env = _without_secret_key(tmp_path)
    result = _lotsa_run([sys.executable, "-m", "lotsa", "check", "--deploy"], env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_the_web_server_refuses_to_start_without_a_secret_key(tmp_path):
    result = _lotsa_run(
        [sys.executable, "-c", "import lotsa.config.wsgi"], env=_without_secret_key(tmp_path)
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_commands_that_sign_nothing_run_without_a_secret_key(tmp_path):
    result = _lotsa_run(
        [sys.executable, "-m", "lotsa", "makemigrations", "--check", "--dry-run"],
        env=_without_secret_key(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes detected" in result.stdout
