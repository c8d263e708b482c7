"""axe-core (npm, node_modules/axe-core) finds no WCAG 2.1 A/AA violation on any public page in
either language, on the appeal form showing its errors, on the sent page and the private page."""

import json
from pathlib import Path

import pytest

from tests.browser.site_pages import appeal_paths, public_paths

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("shipped_content", "media_in_tmp"),
]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS
    )
    return [
        f"{page.url}: {v['id']} ({v['impact']}): {v['help']} — "
        + json.dumps([n["target"] for n in v["nodes"]][:5], ensure_ascii=False)
        for v in result["violations"]
    ]


@pytest.fixture
def axe_page(browser, require_tools):
    require_tools(AXE)
    # Our Content-Security-Policy rightly refuses an injected script; the check needs one.
    context = browser.new_context(locale="ru-RU", timezone_id="Europe/Moscow", bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_no_public_page_breaks_wcag_2_1_a_or_aa(live_server, axe_page):
    found = []
    paths = public_paths()
    assert len(paths) >= 40
    for path in paths:
        axe_page.goto(live_server.url + path)
        found += violations(axe_page)
    assert found == []


def test_the_appeal_pages_break_no_wcag_rule_in_any_state(live_server, axe_page):
    found = []
    for prefix in ("", "/en"):
        # The error state: sent empty, past the browser's own checks, as a script-less client.
        axe_page.goto(live_server.url + prefix + "/appeal/")
        axe_page.eval_on_selector("form.tickets-form", "form => form.noValidate = true")
        axe_page.locator("form.tickets-form button[type=submit]").click()
        axe_page.locator("#error-summary").wait_for()
        found += violations(axe_page)
    for path in appeal_paths():
        axe_page.goto(live_server.url + path)
        found += violations(axe_page)
    assert found == []
