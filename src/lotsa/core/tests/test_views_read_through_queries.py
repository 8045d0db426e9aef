"""Views and API routers read only through queries.py and ask policy.py about roles."""

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[2]

ORM = re.compile(r"\.objects\.")
ROLE = re.compile(r"\.role\s*(==|!=|in\b|not in\b)|\bRole\.")
TEMPLATE_ROLE = re.compile(r"{%\s*(if|elif)[^%]*\.role\s*(==|!=|in\b|not in\b)")


def _edge_modules() -> list[Path]:
    views = [
        path
        for path in SRC.rglob("*.py")
        if (path.name == "views.py" or path.name.endswith("_views.py"))
        and "tests" not in path.parts
    ]
    return sorted([*views, *(SRC / "api" / "routers").glob("*.py"), SRC / "api" / "v1.py"])


def _offences(pattern: re.Pattern[str], paths: list[Path]) -> list[str]:
    return [
        f"{path.relative_to(SRC)}:{number}: {line.strip()}"
        for path in paths
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]


def test_no_view_or_router_builds_its_own_queryset():
    assert _offences(ORM, _edge_modules()) == []


def test_no_view_or_router_checks_a_role_itself():
    assert _offences(ROLE, _edge_modules()) == []


def test_no_template_checks_a_role():
    assert _offences(TEMPLATE_ROLE, sorted(SRC.rglob("*.html"))) == []
