"""Pages showing notices (with an update, for a topic and an audience) break no WCAG 2.1 A/AA rule
(axe-core) and hold no HTML error (the Nu Html Checker), in both languages."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from contacts.models import Audience
from faq.models import Article
from notices.models import Severity
from tests.browser.test_accessibility import AXE, violations
from tests.browser.test_html_validity import VNU
from tests.notices.factories import make_notice, make_update
from tickets.models import Topic

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("shipped_content", "media_in_tmp"),
]


@pytest.fixture
def notices_paths(shipped_content):
    payments = Topic.objects.get(slug="payments")
    outage = make_notice(topics=[payments])
    make_update(outage)
    make_notice(
        title_ru="Карты не привязываются",
        title_en="Cards cannot be linked",
        severity=Severity.DEGRADED,
        audiences=[Audience.objects.first()],
    )
    make_notice(title_ru="Плановые работы", title_en="Maintenance", severity=Severity.INFORMATION)
    article = payments.articles.first() or Article.objects.published().first()
    paths = []
    for prefix in ("", "/en"):
        paths += [
            prefix + "/",
            prefix + "/contacts/",
            prefix + "/help/",
            prefix + "/appeal/",
            prefix + "/appeal/?topic=payments",
            prefix + "/status/",
        ]
    paths += [article.get_absolute_url()]
    return paths


@pytest.fixture
def axe_page(browser, require_tools):
    require_tools(AXE)
    context = browser.new_context(locale="ru-RU", timezone_id="Europe/Moscow", bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_pages_with_notices_break_no_wcag_rule(live_server, axe_page, notices_paths):
    found = []
    for path in notices_paths:
        axe_page.goto(live_server.url + path)
        assert axe_page.locator(".service-notice").count() >= 1, path
        found += violations(axe_page)
    assert found == []


def test_pages_with_notices_hold_no_html_error(client, tmp_path, require_tools, notices_paths):
    require_tools(VNU)
    java = shutil.which("java") or "/usr/bin/java"
    require_tools(Path(java))
    files = {}
    for n, path in enumerate(notices_paths):
        response = client.get(path)
        assert response.status_code == 200, path
        file = tmp_path / f"page-{n:03d}.html"
        file.write_text(response.content.decode(), encoding="utf-8")
        files[file.name] = path
    result = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", "--stdout", *sorted(files)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    errors = [
        f"{files.get(Path(m.get('url', '')).name, m.get('url'))}: {m['message']} "
        f"{m.get('extract', '')!r}"
        for m in json.loads(result.stdout)["messages"]
        if m["type"] == "error" or m.get("subType") == "fatal"
    ]
    assert errors == []
