"""Browser fixtures for the end-to-end tests: one headless Chromium per session, a fresh context per test.

The server is pytest-django's `live_server` (a thread of this process), so test data must be committed
to be visible to it: every test here runs with `transactional_db`. Screenshots of the pages the tests
walk through go to `test-artifacts/` (gitignored) for people to look at; a failed test leaves one too.
"""

import os
import re
from pathlib import Path

import pytest

# Playwright's sync API keeps an event loop in the thread that also calls the ORM (tests only).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from conftest import PASSWORD  # noqa: E402  (the root conftest: personas share this password)

CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--lang=ru-RU","--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
TIMEOUT_MS = 15_000
# Wide enough for the sidebar menu (`d-lg-block`) and the role in the header (`d-md-block`).
VIEWPORT = {"width": 1366, "height": 900}
# Screenshots of the walked pages are for people to look at: taken on a developer's run, not in CI, where nobody
# looks at them and they cost minutes. E2E_SCREENSHOTS=1 (or 0) decides either way; a failed test leaves one always.
SCREENSHOTS = os.environ.get("E2E_SCREENSHOTS", "0" if os.environ.get("CI") == "true" else "1") == "1"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


# The live server speaks plain HTTP. Settings are production-hardened unless DEBUG is set when they are
# imported (before any conftest runs), and the server thread builds its middleware once, when it starts:
# so the override must be in place before `live_server` starts, for the whole session.
PLAIN_HTTP = {"SECURE_SSL_REDIRECT": False, "SECURE_HSTS_SECONDS": 0, "SESSION_COOKIE_SECURE": False,
              "CSRF_COOKIE_SECURE": False}


@pytest.fixture(scope="session")
def _plain_http_settings():
    from django.test.utils import override_settings

    with override_settings(**PLAIN_HTTP):
        yield


@pytest.fixture(scope="session")
def live_server(_plain_http_settings, live_server):
    """pytest-django's live server, started under plain-HTTP settings."""
    return live_server


@pytest.fixture(autouse=True)
def _e2e_server(transactional_db, live_server, settings):
    """Committed data for the live server (it is another thread); no login lockouts between tests."""
    settings.AXES_ENABLED = False
    for name, value in PLAIN_HTTP.items():
        setattr(settings, name, value)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import expect, sync_playwright

    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium)")
    expect.set_options(timeout=TIMEOUT_MS)
    for stale in ARTIFACTS.glob("FAILED-*.png"):  # from an earlier run: would mislead
        stale.unlink()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _slug(text: str) -> str:
    return re.sub(r"[^\w.-]+", "_", text).strip("_")[:120]


@pytest.fixture
def page(browser, live_server, request):
    """A fresh browser context (no cookies) on the live server; JS errors, CSP violations, server errors (5xx,
    HTMX requests included) and missing static files fail the test."""
    context = browser.new_context(base_url=live_server.url, viewport=VIEWPORT, locale="ru-RU",
                                  timezone_id="Europe/Moscow", accept_downloads=True,
                                  # no colour transitions: the accessibility check reads the colours a
                                  # button settles on, not a frame halfway through its hover fade
                                  reduced_motion="reduce")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(f"JavaScript error on {page.url}: {exc}"))
    # The Content-Security-Policy refuses inline scripts and handlers: a page that still has one says so here.
    page.on("console", lambda msg: problems.append(f"CSP violation on {page.url}: {msg.text}")
            if msg.type == "error" and "Content Security Policy" in msg.text else None)
    page.on("response", lambda r: problems.append(f"{r.status} for {r.url}")
            if r.status >= 500 or ("/static/" in r.url and r.status >= 400) else None)
    yield page
    call = getattr(request.node, "rep_call", None)
    if call is not None and call.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        try:
            page.screenshot(path=ARTIFACTS / f"FAILED-{_slug(request.node.name)}.png", full_page=True)
        except Exception:  # noqa: BLE001 - a screenshot must not hide the real failure
            pass
    context.close()
    assert not problems, "\n".join(problems)


def accessibility_violations(page) -> list[str]:
    """WCAG 2 A and AA violations axe-core finds on the page as it is now: «rule (impact): element — message»."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a",
                                                                            "wcag21aa"]}})
    return [f"{v['id']} ({v['impact']}): {node['target']} — {node['failureSummary'].splitlines()[-1].strip()}"
            for v in results.response["violations"] for node in v["nodes"]]


@pytest.fixture
def shot(page):
    """`shot("name")` checks the page with axe-core (WCAG 2.1 A/AA: labels, names, contrast…) and saves what the
    screen shows as test-artifacts/name.png (`full_page=True`: the whole page, three times slower). Every page a
    journey looks at is so checked for accessibility, in CI too, where the picture itself is not taken."""

    def save(name: str, *, full_page: bool = False) -> Path:
        path = ARTIFACTS / f"{_slug(name)}.png"
        page.wait_for_load_state("load")  # fonts, icons and charts too
        if SCREENSHOTS:
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=path, full_page=full_page, animations="disabled")
        violations = accessibility_violations(page)
        assert not violations, f"{name}: accessibility\n" + "\n".join(violations[:20])
        return path

    return save


@pytest.fixture
def login(page, live_server):
    """`login(user)` signs in through the real login form and waits for the home page."""
    from playwright.sync_api import expect

    def sign_in(user, password: str = PASSWORD):
        page.goto("/accounts/login/")
        page.locator("#id_username").fill(user.username)
        page.locator("#id_password").fill(password)
        page.get_by_role("button", name="Войти").click()
        expect(page).to_have_url(f"{live_server.url}/")
        expect(page.get_by_test_id("menu")).to_be_visible()
        return page

    return sign_in


@pytest.fixture
def classifier(transactional_db):
    """The specialties classifier and positions catalogue a data migration loads: a transactional test's flush
    empties them, so tests that need positions (staffing, forecast) load them again (idempotent)."""
    from orientir.directory.models import Position, Specialty, SpecialtyGroup
    from orientir.directory.reference import load_classifier

    load_classifier(SpecialtyGroup, Specialty, Position)
