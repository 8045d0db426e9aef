"""Playwright fixtures: Debian's Chromium against pytest-django's live server, and an axe check.

Chromium is /usr/bin/chromium unless LOTSA_CHROMIUM names another binary. Without it the browser
tests are skipped on a developer machine and fail under CI=true, so CI can never pass silently.
"""

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from playwright.sync_api import Browser, Page, sync_playwright
from playwright.sync_api import Error as PlaywrightError

CHROMIUM = os.environ.get("LOTSA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
_axe = Axe()


@pytest.fixture(scope="session", autouse=True)
def _one_request_at_a_time_on_sqlite() -> Iterator[None]:
    """On SQLite the test database lives in memory and the live server's threads share its one
    connection, so two requests at once (an autosave while the form is sent) interleave their
    savepoints. A real deployment has a connection per thread; here requests take turns."""
    if connection.vendor != "sqlite":
        yield
        return
    lock = threading.Lock()
    original = WSGIHandler.__call__

    def one_at_a_time(self, environ, start_response):  # type: ignore[no-untyped-def]
        with lock:
            return original(self, environ, start_response)

    WSGIHandler.__call__ = one_at_a_time  # type: ignore[method-assign]
    yield
    WSGIHandler.__call__ = original  # type: ignore[method-assign]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        message = f"Chromium not found at {CHROMIUM}; install Debian's 'chromium' package."
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, live_server) -> Iterator[Page]:  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=live_server.url, locale="sv-SE")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def assert_accessible(page: Page) -> None:
    """Zero axe-core violations of WCAG 2.1 A and AA rules on the current page.

    A click that starts a navigation returns before the new document exists, so the check waits
    for the page to load and runs again if the document was replaced while axe was reading it.
    """
    results = None
    for attempt in range(5):
        page.wait_for_load_state("load")
        try:
            results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
            break
        except PlaywrightError as error:
            if attempt == 4:
                raise
            if "documentElement" not in str(error) and "context was destroyed" not in str(error):
                raise
            page.wait_for_timeout(200)
    assert results is not None
    violations = results.response["violations"]
    if violations:
        lines = [f"{page.url}: {len(violations)} axe violation(s)"]
        for violation in violations:
            targets = [", ".join(node["target"]) for node in violation["nodes"][:5]]
            lines.append(
                f"- {violation['id']} ({violation['impact']}): {violation['help']} at {targets}"
            )
        pytest.fail("\n".join(lines))


def sign_in(page: Page, username: str, password: str = "correct horse battery staple") -> None:
    page.goto("/logga-in/")
    assert_accessible(page)
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_load_state()


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_load_state()
