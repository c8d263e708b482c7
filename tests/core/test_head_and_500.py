"""HEAD is answered like GET, and the 500 page keeps its looks under our CSP."""

import re
from pathlib import Path

import pytest
from django.test import RequestFactory

from pages.views import server_error
from tests.core.public_urls import public_site

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_every_public_page_answers_head_like_get(client, shipped_content):
    for path in public_site().get_urls:
        response = client.head(path)
        assert response.status_code == 200, path
        assert response.content == b"", path
        assert response["Content-Type"] == client.get(path)["Content-Type"], path


def test_the_500_page_has_no_inline_style_for_the_csp_to_block():
    page = (ROOT / "templates" / "500.html").read_text(encoding="utf-8")
    assert "style=" not in page
    assert not re.search(r"<style\b", page)
    assert "css/error.css" in page


def test_the_500_page_renders_without_the_database_or_context_processors():
    # No django_db mark: any database query here would fail the test.
    response = server_error(RequestFactory().get("/"))
    body = response.content.decode()
    assert response.status_code == 500
    assert "Что-то пошло не так" in body
    assert '<link rel="stylesheet" href="/static/css/error.css">' in body
