"""The page frame's parts made in Python (core/templatetags/spravka.py, core.fragments) and the
policy header built once (core.middleware.ContentSecurityPolicyMiddleware): what a visitor's
browser gets is what the template language and django-csp gave."""

import re

import pytest
from csp.constants import NONCE, SELF
from csp.utils import build_policy
from django.template import engines
from django.test import override_settings

from core import fragments


def _render(source: str, **context) -> str:
    return engines["django"].from_string("{% load spravka %}" + source).render(context)


def test_alternate_links_are_escaped_and_give_russian_as_the_default():
    alternates = [
        {"code": "ru", "url": 'https://x.example/?a=1&b="2"', "path": "/", "name": "Русский"},
        {"code": "en", "url": "https://x.example/en/<b>", "path": "/en/", "name": "English"},
    ]
    html = _render("{% alternate_links %}", alternate_urls=alternates)
    assert re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]*)">', html) == [
        ("ru", "https://x.example/?a=1&amp;b=&quot;2&quot;"),
        ("en", "https://x.example/en/&lt;b&gt;"),
        ("x-default", "https://x.example/?a=1&amp;b=&quot;2&quot;"),
    ]
    # An article in Russian only names no English page, but keeps the default.
    html = _render("{% alternate_links langs %}", alternate_urls=alternates, langs=["ru"])
    assert 'hreflang="en"' not in html
    assert 'hreflang="x-default"' in html


def test_the_language_switch_links_the_other_language_and_escapes_the_query():
    alternates = [
        {"code": "ru", "path": "/help/search/?q=%3Cb%3E", "current": True, "name": "Русский"},
        {"code": "en", "path": '/en/help/search/?q=a&b="c"', "current": False, "name": "Eng<"},
    ]
    html = _render("{% language_switch %}", alternate_urls=alternates)
    assert '<span aria-current="true" lang="ru">RU</span>' in html
    assert (
        '<a href="/en/help/search/?q=a&amp;b=&quot;c&quot;" hreflang="en" lang="en" '
        'title="Eng&lt;">EN</a>'
    ) in html
    assert "/help/search/?q=%3Cb%3E" not in html  # the current language is not a link


def test_a_kept_fragment_is_rendered_once_per_key():
    source = "{% keep part code %}{{ text }}{% endkeep %}"
    assert _render(source, code="ru", text="первый") == "первый"
    # The same key: the kept HTML, whatever the context says now.
    assert _render(source, code="ru", text="второй") == "первый"
    # Another value of a variable it names: rendered again.
    assert _render(source, code="en", text="second") == "second"
    fragments.clear()
    assert _render(source, code="ru", text="третий") == "третий"


def test_a_kept_fragment_cannot_hold_a_block():
    from django.template import TemplateSyntaxError

    with pytest.raises(TemplateSyntaxError, match="cannot hold a"):
        _render("{% keep part %}{% block title %}x{% endblock %}{% endkeep %}")


def test_kept_fragments_are_bounded(monkeypatch):
    monkeypatch.setattr(fragments, "MAX_FRAGMENTS", 3)
    for n in range(10):
        _render("{% keep part n %}{{ n }}{% endkeep %}", n=n)
        assert len(fragments._kept) <= 3


@pytest.mark.django_db
def test_the_policy_header_is_django_csps_and_follows_the_settings(client, settings):
    assert client.get("/").headers["Content-Security-Policy"] == build_policy()
    assert "Content-Security-Policy-Report-Only" not in client.get("/").headers
    policy = {"DIRECTIVES": {"default-src": ["'self'"], "img-src": ["'self'", "data:"]}}
    with override_settings(CONTENT_SECURITY_POLICY_REPORT_ONLY=policy):
        response = client.get("/contacts/")
        assert response.headers["Content-Security-Policy"] == build_policy()
        report_only = response.headers["Content-Security-Policy-Report-Only"]
        assert sorted(report_only.split("; ")) == ["default-src 'self'", "img-src 'self' data:"]
    # Back to the settings without it: no report-only header from the kept build.
    assert "Content-Security-Policy-Report-Only" not in client.get("/help/").headers


def test_a_nonce_still_goes_through_django_csp(rf):
    from django.http import HttpResponse

    from core.middleware import ContentSecurityPolicyMiddleware

    request = rf.get("/")
    middleware = ContentSecurityPolicyMiddleware(lambda r: HttpResponse())
    middleware.process_request(request)
    nonce = str(request.csp_nonce)
    with override_settings(CONTENT_SECURITY_POLICY={"DIRECTIVES": {"script-src": [SELF, NONCE]}}):
        response = middleware.process_response(request, HttpResponse())
        expected = build_policy(nonce=nonce)
    assert f"script-src 'self' 'nonce-{nonce}'" in expected
    assert response.headers["Content-Security-Policy"] == expected
