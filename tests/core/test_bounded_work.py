"""Every public page does the same work however much content there is: the same number of SQL
queries at every size, and the same page size once the content is past each list's cap.

Measured with the page cache off, so the page is really rendered each time.
"""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from core.cache import bump_content_version
from faq.sitemaps import ArticleSitemap
from tests.contacts.factories import make_audience, make_email, make_phone
from tests.faq.factories import make_article, make_category, make_vote

pytestmark = pytest.mark.django_db

CATEGORIES = 3
# Three sizes per category: below every cap (/help/ lists 10 per topic, a topic page 20, search
# 30), and twice past all of them.
SIZES = (3, 25, 40)
# The sitemap index gains one line per page of articles: it may grow by that much.
SITEMAP_PAGE = 50
SIZE_SLACK = 300

PAGES = [
    "/",
    "/en/",
    "/contacts/",
    "/en/contacts/",
    "/help/",
    "/en/help/",
    "/help/topic-0/",
    "/help/topic-0/?page=2",
    "/help/topic-0/article-0-0/",
    "/en/help/topic-0/article-0-0/",
    "/help/search/?q=статья",
    "/en/help/search/?q=article",
    "/help/search/?q=слон",
    "/help/suggest/?q=статья",
    "/appeal/",
    "/sitemap.xml",
    "/sitemap-articles.xml",
    "/sitemap-categories.xml",
]


@pytest.fixture
def measure(settings, monkeypatch):
    settings.PUBLIC_CACHE_SECONDS = 0
    monkeypatch.setattr(ArticleSitemap, "limit", SITEMAP_PAGE)

    def measure_pages():
        # Each round starts from a fresh content version, as after a staff edit: what is read
        # once per version (the active notices, notices.live) is then counted on the first page
        # at every size, whether or not the round's growth changed anything.
        bump_content_version()
        figures = {}
        for url in PAGES:
            with CaptureQueriesContext(connection) as queries:
                response = Client().get(url)
            if url.endswith("?page=2") and response.status_code == 404:
                figures[url] = ("no second page yet", 0)
                continue
            assert response.status_code == 200, url
            figures[url] = (len(queries), len(response.content))
        return figures

    return measure_pages


class Content:
    """Topics of articles (with "see also" links, votes, an English version) and channels."""

    def __init__(self):
        self.categories = [
            make_category(slug=f"topic-{n}", name_ru=f"Тема {n}", name_en=f"Topic {n}", order=n)
            for n in range(CATEGORIES)
        ]
        self.count = 0
        self.first = None
        audience = make_audience(slug="people", name_ru="Люди", name_en="People")
        make_phone(audience=audience, is_main_hotline=True)

    def grow_to(self, per_category):
        for number in range(self.count, per_category):
            for index, category in enumerate(self.categories):
                article = make_article(
                    category=category,
                    slug=f"article-{index}-{number}",
                    title_ru=f"Статья {index}-{number:03}",
                    title_en=f"Article {index}-{number:03}",
                    summary_en="An article.",
                    body_ru="Текст статьи. " * 300,
                    body_en="Text of the article. " * 300,
                )
                if self.first is None:
                    self.first = article
                elif self.first.related.count() < 3:
                    self.first.related.add(article)
                if number < 2:
                    make_vote(article)
        # Contacts grow too: more channels must not mean more queries.
        for _ in range(per_category // 10):
            audience = make_audience()
            make_phone(audience=audience)
            make_email(audience=audience)
        self.count = per_category


def test_every_public_page_does_bounded_work_at_any_size(measure):
    content = Content()
    content.grow_to(SIZES[0])
    measure()  # warm-up: what a process loads once (content types, translations)
    figures = []
    for size in SIZES:
        content.grow_to(size)
        figures.append(measure())
    _small, medium, large = figures
    for url in PAGES:
        queries = {size: f[url][0] for size, f in zip(SIZES, figures, strict=True)}
        if url.endswith("?page=2"):
            assert medium[url][0] == large[url][0], (url, queries)
            continue
        assert len(set(queries.values())) == 1, (url, queries)
    # Contacts list every channel (a few dozen at most, written by staff); a topic's second page
    # holds what is left after the first.
    capped = [
        url
        for url in PAGES
        if "contacts" not in url and url not in ("/", "/en/") and not url.endswith("?page=2")
    ]
    for url in capped:
        assert abs(large[url][1] - medium[url][1]) <= SIZE_SLACK, (
            url,
            medium[url][1],
            large[url][1],
        )


def test_list_pages_stay_small_with_long_articles(measure):
    content = Content()
    content.grow_to(SIZES[-1])
    figures = measure()
    # 120 articles of 300 sentences each: lists print titles and summaries only.
    for url in ("/help/", "/help/topic-0/", "/help/search/?q=статья", "/sitemap-articles.xml"):
        assert figures[url][1] < 60_000, (url, figures[url][1])
