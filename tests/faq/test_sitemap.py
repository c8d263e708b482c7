"""/sitemap.xml: every public page in both languages, with hreflang alternates; no drafts."""

import xml.etree.ElementTree as ET

import pytest

from faq.sitemaps import ArticleSitemap
from tests.faq.factories import make_article, make_category

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
SITE = "http://127.0.0.1:8000"


def _xml(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)  # noqa: S314 (our own sitemap, not untrusted)


def _sitemap(client) -> dict[str, dict[str, str]]:
    """{location: {hreflang: href}} from every sitemap /sitemap.xml (an index) lists."""
    urls = {}
    for location in _xml(client, "/sitemap.xml").findall("s:sitemap/s:loc", NS):
        assert location.text.startswith(SITE + "/sitemap-")
        for url in _xml(client, location.text.removeprefix(SITE)).findall("s:url", NS):
            urls[url.findtext("s:loc", namespaces=NS)] = {
                link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)
            }
    return urls


def test_it_lists_every_published_article_in_both_languages_and_no_draft(visitor_client):
    category = make_category()
    published = [make_article(category=category, title_en="A", body_en="B") for _ in range(3)]
    draft = make_article(category=category, published=False, title_en="D", body_en="D")
    urls = _sitemap(visitor_client)
    for article in published:
        path = article.get_absolute_url()
        assert SITE + path in urls
        assert SITE + "/en" + path in urls
        assert urls[SITE + path] == {
            "ru": SITE + path,
            "en": SITE + "/en" + path,
            "x-default": SITE + path,
        }
    assert not [url for url in urls if draft.slug in url]


def test_it_lists_the_static_pages_and_categories_with_articles(visitor_client):
    category = make_category()
    make_article(category=category)
    empty = make_category()
    urls = _sitemap(visitor_client)
    for path in ("/", "/contacts/", "/help/", category.get_absolute_url()):
        assert SITE + path in urls
        assert SITE + "/en" + path in urls
    # robots.txt keeps crawlers out of /appeal/, so the sitemap must not invite them there.
    assert not [url for url in urls if "/appeal/" in url]
    assert urls[SITE + "/contacts/"]["en"] == SITE + "/en/contacts/"
    assert not [url for url in urls if empty.slug in url]


def test_an_untranslated_article_is_listed_in_russian_only(visitor_client):
    article = make_article(title_ru="Только по-русски")
    urls = _sitemap(visitor_client)
    path = article.get_absolute_url()
    assert SITE + path in urls
    assert SITE + "/en" + path not in urls
    assert "en" not in urls[SITE + path]


def test_addresses_use_site_url_whatever_host_was_asked(client, settings):
    settings.SITE_URL = "https://help.example.org"
    settings.ALLOWED_HOSTS = ["internal.example"]
    index = client.get("/sitemap.xml", HTTP_HOST="internal.example")
    assert b"<loc>https://help.example.org/sitemap-pages.xml</loc>" in index.content
    response = client.get("/sitemap-pages.xml", HTTP_HOST="internal.example")
    assert b"<loc>https://help.example.org/</loc>" in response.content
    assert b"internal.example" not in index.content + response.content


def test_robots_txt_points_to_this_sitemap(visitor_client):
    assert (
        "Sitemap: http://127.0.0.1:8000/sitemap.xml"
        in visitor_client.get("/robots.txt").content.decode()
    )


def test_a_large_section_is_split_into_pages_the_index_lists(visitor_client, monkeypatch):
    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    category = make_category()
    articles = [make_article(category=category) for _ in range(5)]
    index = [
        loc.text for loc in _xml(visitor_client, "/sitemap.xml").findall("s:sitemap/s:loc", NS)
    ]
    assert index == [
        SITE + "/sitemap-pages.xml",
        SITE + "/sitemap-categories.xml",
        SITE + "/sitemap-articles.xml",
        SITE + "/sitemap-articles.xml?p=2",
        SITE + "/sitemap-articles.xml?p=3",
    ]
    third = _xml(visitor_client, "/sitemap-articles.xml?p=3").findall("s:url/s:loc", NS)
    assert [loc.text for loc in third] == [SITE + articles[4].get_absolute_url()]
    assert visitor_client.get("/sitemap-articles.xml?p=4").status_code == 404
