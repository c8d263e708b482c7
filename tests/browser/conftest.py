"""Browser tests drive the system Chromium (Debian package `chromium`) through Playwright.

No browser is ever downloaded: Playwright is pointed at /usr/bin/chromium. Without it the tests
fail under CI and are skipped, with the reason, on a developer machine.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: install the Debian package `chromium`"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",  # tests run as root
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, request):
    context = browser.new_context(locale="ru-RU", timezone_id="Europe/Moscow")
    if "search_log" not in request.fixturenames:
        # The search log's beacon (insights.js) writes while the test goes on; on SQLite the live
        # server's threads share one connection, where two overlapping transactions fail. Only
        # tests of the log itself (fixture `search_log`) let it through.
        context.route("**/insights/beacon", lambda route: route.fulfill(status=204))
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.rep_call = report


@pytest.fixture
def require_tools():
    """Fails under CI, skips elsewhere, when the npm tools (scripts/ensure_browser_tools.sh)
    are missing."""

    def check(*paths: Path):
        missing = [str(p) for p in paths if not p.exists()]
        if missing:
            message = f"{', '.join(missing)} missing: run scripts/ensure_browser_tools.sh"
            if os.environ.get("CI"):
                pytest.fail(message)
            pytest.skip(message)

    return check


@pytest.fixture
def media_in_tmp(settings, tmp_path):
    """Attachments written by a browser test go to a temporary folder."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def search_log():
    """Marks a test that needs the real search-log beacon (see `page`)."""
