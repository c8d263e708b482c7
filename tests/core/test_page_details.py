"""Small things every page gets right: robots.txt, the language switch, `datetime` values."""

import re
from datetime import UTC, datetime
from html import unescape
from urllib.parse import quote_plus

import pytest
from django.template import Context, Template

from tests.faq.factories import make_article

pytestmark = pytest.mark.django_db


def _switch_links(body: str) -> dict[str, str]:
    switch = body[body.index('<nav class="lang-switch"') :]
    switch = switch[: switch.index("</nav>")]
    return {
        code: unescape(href)
        for href, code in re.findall(r'<a href="([^"]*)" hreflang="(\w+)"', switch)
    }


def test_robots_txt_lets_crawlers_reach_the_appeal_form_but_not_private_appeals(client):
    lines = client.get("/robots.txt").content.decode().splitlines()
    disallowed = [line.split(":", 1)[1].strip() for line in lines if line.startswith("Disallow")]
    for public in ("/appeal/", "/en/appeal/"):
        assert not [rule for rule in disallowed if public.startswith(rule)], public
    for private in (
        "/appeal/SP-7K3-9QX/token/",
        "/en/appeal/SP-7K3-9QX/token/sent/",
        "/appeal/find/",
        "/en/appeal/find/",
        "/admin/",
    ):
        assert [rule for rule in disallowed if private.startswith(rule)], private


def test_the_language_switch_keeps_the_search_query(client):
    body = client.get("/help/search/", {"q": "не приходит смс"}).content.decode()
    assert _switch_links(body) == {"en": "/en/help/search/?q=" + quote_plus("не приходит смс")}
    body = client.get("/en/help/search/?q=sms").content.decode()
    assert _switch_links(body) == {"ru": "/help/search/?q=sms"}
    body = client.get("/help/search/?q=смс").content.decode()  # typed, not percent-encoded
    assert _switch_links(body) == {"en": "/en/help/search/?q=" + quote_plus("смс")}


def test_the_language_switch_on_a_page_without_a_query_is_the_plain_other_page(client):
    assert _switch_links(client.get("/contacts/").content.decode()) == {"en": "/en/contacts/"}


@pytest.mark.parametrize(
    ("url", "other"),
    [("/no-such-page/", {"en": "/en/"}), ("/en/no-such-page/?x=1", {"ru": "/"})],
)
def test_on_a_missing_page_the_language_switch_leads_to_the_other_home_page(client, url, other):
    response = client.get(url)
    assert response.status_code == 404
    assert _switch_links(response.content.decode()) == other


def test_a_missing_article_also_switches_to_the_other_home_page(client):
    response = client.get("/help/no-category/no-article/")
    assert response.status_code == 404
    assert _switch_links(response.content.decode()) == {"en": "/en/"}


def test_datetime_values_have_no_microseconds():
    moment = datetime(2026, 11, 28, 9, 5, 7, 123456, tzinfo=UTC)
    rendered = Template("{% load spravka %}{{ moment|html_datetime }}").render(
        Context({"moment": moment})
    )
    assert rendered == "2026-11-28T12:05:07+03:00"  # Moscow time, as pages show it


def test_an_article_page_gives_a_valid_datetime(client):
    article = make_article()
    body = client.get(article.get_absolute_url()).content.decode()
    value = re.search(r'<time datetime="([^"]+)"', body).group(1)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", value), value


def test_the_search_page_has_one_search_box(client):
    body = client.get("/help/search/?q=sms").content.decode()
    assert body.count('type="search"') == 1
    assert 'id="faq-search-q"' in body
    assert client.get("/contacts/").content.decode().count('type="search"') == 1  # the header's


def test_the_phone_header_has_a_short_label_for_the_appeal_link(client):
    body = client.get("/").content.decode()
    assert '<span class="nav-label--long">Онлайн-обращение</span>' in body
    assert '<span class="nav-label--short">Обращение</span>' in body
