"""The two base layers: base.html draws breadcrumbs whenever a page sets them; simple.html is the
layer of the one-request pages (errors, an appeal sent)."""

import pytest
from django.template import engines
from django.test import RequestFactory


def _render(source: str, **context) -> str:
    request = RequestFactory().get("/")
    return engines["django"].from_string(source).render(context, request)


@pytest.mark.django_db
def test_any_page_that_sets_crumbs_shows_them_without_asking():
    html = _render('{% extends "base.html" %}', crumbs=[("Help", "/help/"), ("Cards", "")])
    assert 'class="breadcrumbs"' in html
    assert '<span aria-current="page">Cards</span>' in html


@pytest.mark.django_db
def test_a_page_without_crumbs_has_no_breadcrumbs():
    assert 'class="breadcrumbs"' not in _render('{% extends "base.html" %}')


@pytest.mark.django_db
def test_a_simple_page_has_its_heading_the_ways_on_and_no_canonical_address():
    html = _render(
        '{% extends "simple.html" %}{% block heading %}Gone{% endblock %}',
        canonical_url="https://example.org/x/",
    )
    assert "<h1>Gone</h1>" in html
    assert 'rel="canonical"' not in html
    assert 'href="/contacts/"' in html
