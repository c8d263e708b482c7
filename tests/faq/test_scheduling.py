"""Scheduled publishing: an article is on the site from publish_at until unpublish_at, to the
second, everywhere it is listed — and no cached page shows it late or keeps it too long."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client

from faq.models import Article
from tests.contacts.factories import msk
from tests.faq.factories import make_article, make_category
from tests.staff import client_for

pytestmark = pytest.mark.django_db

GOES_LIVE = msk(2027, 1, 11, 10, 0)
GOES_AWAY = msk(2027, 1, 20, 18, 0)
SECOND = timedelta(seconds=1)

URL = "/help/tariffs/new-tariff/"


@pytest.fixture
def scheduled():
    category = make_category(slug="tariffs", name_ru="Тарифы")
    return make_article(
        category=category,
        slug="new-tariff",
        title_ru="Новый тариф на переводы",
        body_ru="С 11 января комиссия за переводы меняется.",
        publish_at=GOES_LIVE,
        unpublish_at=GOES_AWAY,
        published_at=None,
    )


def _at(moment):
    return time_machine.travel(moment, tick=False)


def _everywhere(client):
    """What a visitor sees of the article on each page that lists it."""
    return {
        "article": client.get(URL).status_code,
        "category": "Новый тариф" in client.get("/help/tariffs/").content.decode()
        if client.get("/help/tariffs/").status_code == 200
        else False,
        "index": "Тарифы" in client.get("/help/").content.decode(),
        "search": "Новый тариф" in client.get("/help/search/?q=комиссия").content.decode(),
        "sitemap": "new-tariff" in client.get("/sitemap-articles.xml").content.decode(),
    }


@pytest.mark.parametrize(
    ("moment", "shown"),
    [
        (GOES_LIVE - SECOND, False),
        (GOES_LIVE, True),
        (GOES_AWAY - SECOND, True),
        (GOES_AWAY, False),
    ],
)
def test_the_article_is_on_the_site_exactly_within_its_window(scheduled, moment, shown):
    with _at(moment):
        seen = _everywhere(Client())
    expected_status = 200 if shown else 404
    assert seen == {
        "article": expected_status,
        "category": shown,
        "index": shown,
        "search": shown,
        "sitemap": shown,
    }


def test_its_first_publication_date_is_when_it_goes_live(scheduled):
    assert scheduled.published_at == GOES_LIVE
    with _at(GOES_LIVE + timedelta(days=1)):
        body = Client().get("/sitemap-articles.xml").content.decode()
    assert "<lastmod>2027-01-11</lastmod>" in body


def test_a_cached_list_does_not_show_the_article_late(scheduled):
    with _at(GOES_LIVE - timedelta(seconds=30)):
        before = Client().get("/help/")
        assert "Тарифы" not in before.content.decode()
        # Kept only until the article goes live, not the usual minute.
        assert "max-age=30" in before["Cache-Control"]
    with _at(GOES_LIVE):
        assert "Тарифы" in Client().get("/help/").content.decode()
        assert Client().get(URL).status_code == 200


def test_a_cached_article_page_is_not_served_after_its_end(scheduled):
    with _at(GOES_AWAY - timedelta(seconds=10)):
        assert Client().get(URL).status_code == 200
        assert Client().get(URL)["Cache-Control"].replace(" ", "") in (
            "public,max-age=10",
            "max-age=10,public",
        )
    with _at(GOES_AWAY):
        assert Client().get(URL).status_code == 404


def test_staff_preview_a_scheduled_article_before_it_goes_live(scheduled, content_editor):
    with _at(GOES_LIVE - timedelta(days=1)):
        # Logged in then: a session from today would have expired by January.
        response = client_for(content_editor).get(URL)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Сейчас не на сайте" in body
    assert '<meta name="robots" content="noindex, nofollow">' in body
    assert "no-store" in response["Cache-Control"]


def test_unpublish_before_publish_is_refused_in_admin(scheduled, content_editor_client):
    data = {
        "category": scheduled.category_id,
        "title_ru": scheduled.title_ru,
        "summary_ru": scheduled.summary_ru,
        "body_ru": scheduled.body_ru,
        "status": "published",
        "slug": scheduled.slug,
        "order": 100,
        "publish_at_0": "20.01.2027",
        "publish_at_1": "10:00",
        "unpublish_at_0": "11.01.2027",
        "unpublish_at_1": "10:00",
    }
    response = content_editor_client.post(f"/admin/faq/article/{scheduled.pk}/change/", data)
    assert response.status_code == 200
    assert "«Снять с публикации» должно быть позже, чем «Опубликовать»." in (
        response.content.decode()
    )
    scheduled.refresh_from_db()
    assert scheduled.publish_at == GOES_LIVE


def test_the_admin_lists_what_waits_for_its_time(scheduled, content_editor):
    make_article(title_ru="Обычная статья")
    with _at(GOES_LIVE - SECOND):
        editor = client_for(content_editor)
        waiting = editor.get("/admin/faq/article/?live=scheduled").content.decode()
        live = editor.get("/admin/faq/article/?live=live").content.decode()
    assert "Новый тариф на переводы" in waiting and "Обычная статья" not in waiting
    assert "Обычная статья" in live and "Новый тариф на переводы" not in live


def test_a_published_article_without_a_schedule_shows_at_once():
    article = make_article(slug="plain", title_ru="Без расписания")
    assert Article.objects.published().filter(pk=article.pk).exists()
    assert Article.objects.scheduled_changes_after(msk(2026, 1, 1)) is None


def test_articles_not_yet_live_do_not_push_live_ones_off_the_search_page():
    """On both databases: 25 scheduled articles that match best (the word in their titles) and
    3 live ones that match too; the page shows the 3 live ones, not an empty list."""
    category = make_category(slug="tariffs", name_ru="Тарифы")
    for number in range(25):
        make_article(
            category=category,
            slug=f"future-{number}",
            title_ru=f"Комиссия за переводы {number}",
            summary_ru="Комиссия изменится.",
            publish_at=GOES_LIVE,
            published_at=None,
        )
    for number in range(3):
        make_article(
            category=category,
            slug=f"live-{number}",
            title_ru=f"Переводы друзьям {number}",
            body_ru="Комиссия не берётся.",
        )
    with _at(GOES_LIVE - SECOND):
        page = Client().get("/help/search/?q=комиссия").content.decode()
    assert page.count('class="faq-result"') == 3
    assert "Переводы друзьям 0" in page and "Комиссия за переводы" not in page
