"""The Nu Html Checker (npm vnu-jar, run with Java) finds no error in the HTML of every public
page in both languages, the appeal form showing its errors, the sent page and the private page."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from tests.browser.site_pages import appeal_paths, public_paths

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db,
    pytest.mark.usefixtures("shipped_content", "media_in_tmp"),
]

VNU = (
    Path(__file__).resolve().parents[2] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
)


def _pages(client) -> dict[str, str]:
    # The test client's requests activate their language in this thread (LocaleMiddleware);
    # override() puts the previous one back, so later tests build Russian URLs again.
    with translation.override(settings.LANGUAGE_CODE):
        return _fetch(client)


def _fetch(client) -> dict[str, str]:
    pages = {}
    for path in public_paths() + appeal_paths():
        response = client.get(path)
        assert response.status_code in (200, 404), path
        pages[path] = response.content.decode()
    for prefix in ("", "/en"):
        response = client.post(prefix + "/appeal/", {})  # sent empty: every error shown
        html = response.content.decode()
        assert 'id="error-summary"' in html
        pages[f"{prefix}/appeal/ (errors)"] = html
    return pages


def html_errors(pages: dict[str, str], tmp_path, require_tools) -> list[str]:
    """The Nu Html Checker's errors in `pages` (a name for each page's HTML), each named by its
    page and line; missing vnu or Java fails under CI (require_tools)."""
    require_tools(VNU)
    java = shutil.which("java")
    if java is None:
        require_tools(Path("/usr/bin/java"))
    files = {}
    for n, (name, html) in enumerate(pages.items()):
        file = tmp_path / f"page-{n:03d}.html"
        file.write_text(html, encoding="utf-8")
        files[file.name] = name
    # One JVM for all pages: starting it is most of the time.
    result = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", "--stdout", *sorted(files)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return [
        f"{files.get(Path(m.get('url', '')).name, m.get('url'))}: line {m.get('lastLine')}: "
        f"{m['message']} {m.get('extract', '')!r}"
        for m in json.loads(result.stdout)["messages"]
        if m["type"] == "error" or m.get("subType") == "fatal"
    ]


def test_no_page_has_an_html_error(client, tmp_path, require_tools):
    pages = _pages(client)
    errors = html_errors(pages, tmp_path, require_tools)
    assert len(pages) >= 40
    assert errors == []
