"""The image's entry point runs the commands docs/deployment.md names, and production
settings pass `lotsa check --deploy` (issue 18, item 3).

There is no container runtime on the project's machines or in CI, so the Containerfile and
compose.yaml are not built or started here; what they run is: `deploy/entrypoint.sh` with
each of its commands, against this test run's database (a file copy on SQLite).
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from lotsa.jobs.tests.processes import database_url

ROOT = Path(__file__).resolve().parent.parent
ENTRYPOINT = ROOT / "deploy" / "entrypoint.sh"

pytestmark = pytest.mark.django_db(transaction=True)


def _production_environment(tmp_path: Path, url: str) -> dict[str, str]:
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith("LOTSA_TEST")
    }
    for test_only in ("DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "SECRET_KEY"):
        environment.pop(test_only, None)
    bin_dir = str(Path(sys.executable).parent)
    environment.update(
        {
            "PATH": f"{bin_dir}:{environment.get('PATH', '')}",
            "PYTHONPATH": str(ROOT / "src"),
            "DJANGO_SETTINGS_MODULE": "lotsa.config.settings",
            "DATABASE_URL": url,
            "SECRET_KEY": secrets.token_urlsafe(50),
            "LOTSA_AUDIT_KEY": "test-audit-chain-key-not-for-production",
            "ALLOWED_HOSTS": "lotsa.example.se",
            "CSRF_TRUSTED_ORIGINS": "https://lotsa.example.se",
            "BEHIND_TLS_PROXY": "true",
            "LOTSA_VAR_DIR": str(tmp_path / "var"),
            "LOTSA_AUDIT_CHECKPOINT_DIR": str(tmp_path / "checkpoints"),
            "LOTSA": f"{sys.executable} -m lotsa",
        }
    )
    return environment


def _entrypoint(environment: dict[str, str], *arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        ["/bin/sh", str(ENTRYPOINT), *arguments],
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_the_entrypoint_runs_the_deployment_commands(tmp_path):
    environment = _production_environment(tmp_path, database_url(tmp_path))

    for arguments in (
        ("migrate",),
        ("check",),
        ("scheduler", "--once"),
        ("worker", "--batch", "--verbosity", "0"),
        (sys.executable, "-m", "lotsa", "audit", "verify"),
        ("web", "--check-config"),
    ):
        finished = _entrypoint(environment, *arguments)
        assert finished.returncode == 0, f"{arguments}:\n{finished.stdout}\n{finished.stderr}"
        if arguments[0] == "check":
            assert "no issues" in finished.stdout + finished.stderr
        if arguments[0] == "scheduler":
            assert "Köat: send_reminders" in finished.stdout


def test_compose_runs_the_entrypoint_s_commands():
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
    services = compose["services"]
    assert {"db", "migrate", "web", "worker", "scheduler", "replica"} <= set(services)
    commands = {name: service.get("command") for name, service in services.items()}
    assert commands["web"] == ["web"] and commands["worker"] == ["worker"]
    assert commands["scheduler"] == ["scheduler"] and commands["migrate"] == ["migrate"]
    script = ENTRYPOINT.read_text(encoding="utf-8")
    for command in ("migrate)", "web)", "worker)", "scheduler)", "check)"):
        assert command in script
    containerfile = (ROOT / "Containerfile").read_text(encoding="utf-8")
    assert 'ENTRYPOINT ["lotsa-entrypoint"]' in containerfile
    assert "/health/live" in containerfile
