"""Playwright (sync API) driving Debian's Chromium against pytest-django's live server.

Every test here is marked `browser` (skipped without Chromium, failing under CI=true) and gets a fresh
browser context whose base URL is the live server, so `page.goto("/jobs/")` works. When a test fails,
the page is saved to test-artifacts/<test name>.png before the context closes.
"""

import os
import re
from pathlib import Path

import pytest

from tests.conftest import CHROMIUM

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Short enough that a wrong selector fails in seconds, long enough for a loaded 2-core machine.
TIMEOUT_MS = 15_000


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    # The page fixture reads these at teardown to decide whether to keep a screenshot.
    setattr(item, f"_report_{report.when}", report)
    return report


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module.

    While Playwright's sync API runs, its event loop counts as running in this thread, and Django
    refuses ORM calls from a thread with a running loop unless DJANGO_ALLOW_ASYNC_UNSAFE is set. The
    tests and the live server are ordinary synchronous code, so it is set only while the browser is up.
    """
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        executable = CHROMIUM if os.path.exists(CHROMIUM) else None
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(request, browser, live_server):
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1400, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        yield page
    finally:
        failed = any(
            getattr(request.node, f"_report_{when}", None) is not None
            and getattr(request.node, f"_report_{when}").failed
            for when in ("setup", "call")
        )
        if failed:
            ARTIFACTS.mkdir(exist_ok=True)
            name = re.sub(r"[^\w.-]+", "_", request.node.name)
            try:
                page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
            except Exception as exc:  # a crashed page must not hide the test's own failure
                print(f"could not save a screenshot of {request.node.name}: {exc}")
        context.close()


@pytest.fixture
def sign_in(page):
    """sign_in(user) signs in through the real form (factory users' password is pass-word-123)."""

    def sign_in_as(user, password="pass-word-123", next_url="/jobs/"):
        page.goto(f"/accounts/login/?next={next_url}")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"**{next_url}")
        return page

    return sign_in_as


def sandbox_settings(url: str) -> dict[str, str]:
    """The settings that make Attract talk to the sandbox served at `url` (the live server): for a
    worker's environment, or for use_the_sandbox in this process."""
    return {
        "SITE_URL": url,
        "LINKEDIN_API_BASE": f"{url}/sandbox/linkedin/api",
        "LINKEDIN_OAUTH_BASE": f"{url}/sandbox/linkedin",
    }


def use_the_sandbox(settings, url: str) -> None:
    for name, value in sandbox_settings(url).items():
        setattr(settings, name, value)
