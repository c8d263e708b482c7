"""Public pages are cached and shared, and never wrong: staff edits show at once, "open now"
turns at the minute, nobody sees another visitor's message, staff see live pages."""

import gzip
from datetime import time

import pytest
import time_machine
from django.test import Client

from contacts.models import OpeningInterval
from faq.models import Article
from tests.contacts.factories import make_phone, msk
from tests.faq.factories import make_article, make_category

pytestmark = pytest.mark.django_db

FRIDAY = 27  # 27 November 2026


@pytest.fixture
def site(db):
    make_phone(is_main_hotline=True)
    category = make_category(slug="payments", name_ru="Платежи", name_en="Payments")
    article = make_article(
        category=category,
        slug="payment-failed",
        title_ru="Платёж не прошёл",
        title_en="A payment failed",
        body_ru="Что делать, если платёж не прошёл.",
        body_en="What to do when a payment failed.",
    )
    return {"category": category, "article": article}


PUBLIC_PAGES = [
    "/",
    "/en/",
    "/contacts/",
    "/en/contacts/",
    "/help/",
    "/en/help/",
    "/help/payments/",
    "/help/payments/payment-failed/",
    "/en/help/payments/payment-failed/",
    "/help/search/?q=платёж",
    "/en/help/search/?q=payment",
    "/help/suggest/?q=платёж",
    "/sitemap.xml",
    "/sitemap-articles.xml",
]


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_an_anonymous_visitor_gets_a_shareable_page_without_cookies(site, url):
    with time_machine.travel(msk(2026, 11, FRIDAY, 12, 0, 0), tick=False):
        response = Client().get(url)
    assert response.status_code == 200
    assert not response.cookies
    assert "Set-Cookie" not in response.headers
    assert "cookie" not in response.get("Vary", "").lower()
    assert response["Cache-Control"].replace(" ", "") in ("public,max-age=60", "max-age=60,public")
    assert response["ETag"]


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_a_repeated_request_is_answered_from_the_cache_without_the_database(
    site, url, django_assert_num_queries
):
    with time_machine.travel(msk(2026, 11, FRIDAY, 12, 0, 5), tick=False):
        first = Client().get(url)
        with django_assert_num_queries(0):
            second = Client().get(url)
    assert second.content == first.content


def test_the_same_page_in_each_language_and_query_is_cached_apart(site):
    assert "Платёж не прошёл" in Client().get("/help/payments/payment-failed/").content.decode()
    english = Client().get("/en/help/payments/payment-failed/").content.decode()
    assert "A payment failed" in english and "Платёж не прошёл" not in english
    assert "ничего не найдено" in Client().get("/help/search/?q=слон").content.decode()
    assert "Платёж не прошёл" in Client().get("/help/search/?q=платёж").content.decode()


def test_an_edit_of_an_article_title_shows_on_the_next_request(site):
    url = "/help/payments/payment-failed/"
    assert "Платёж не прошёл" in Client().get(url).content.decode()
    assert "Платёж не прошёл" in Client().get("/help/").content.decode()
    article = Article.objects.get(slug="payment-failed")
    article.title_ru = "Платёж завис"
    article.save()
    assert "Платёж завис" in Client().get(url).content.decode()
    assert "Платёж завис" in Client().get("/help/").content.decode()


def test_an_edit_of_a_channels_hours_shows_on_the_next_request(site):
    with time_machine.travel(msk(2026, 11, FRIDAY, 18, 30), tick=False):
        assert "Закрыто" in Client().get("/contacts/").content.decode()
        friday = OpeningInterval.objects.get(weekday=4)
        friday.closes = time(20)
        friday.save()
        body = Client().get("/contacts/").content.decode()
    assert "Открыто сейчас, до 20:00" in body


def test_open_now_turns_to_closed_at_18_00_although_the_page_is_cached(site):
    with time_machine.travel(msk(2026, 11, FRIDAY, 17, 59, 30), tick=False):
        assert "Открыто сейчас" in Client().get("/").content.decode()
        assert "Открыто сейчас" in Client().get("/contacts/").content.decode()
    with time_machine.travel(msk(2026, 11, FRIDAY, 17, 59, 59), tick=False):
        # Still the same minute: the cached page, which says how long it may be kept.
        response = Client().get("/")
        assert "Открыто сейчас" in response.content.decode()
        assert "max-age=1" in response["Cache-Control"]
    with time_machine.travel(msk(2026, 11, FRIDAY, 18, 0, 0), tick=False):
        assert "Закрыто" in Client().get("/").content.decode()
        assert "Закрыто" in Client().get("/contacts/").content.decode()


def test_a_page_without_a_clock_is_kept_for_the_configured_time(site, settings):
    settings.PUBLIC_CACHE_SECONDS = 120
    with time_machine.travel(msk(2026, 11, FRIDAY, 17, 59, 30), tick=False):
        Client().get("/help/")
    Article.objects.filter(slug="payment-failed").update(title_ru="Без сигнала")  # no signal
    with time_machine.travel(msk(2026, 11, FRIDAY, 18, 1, 0), tick=False):
        assert "Платёж не прошёл" in Client().get("/help/").content.decode()
    with time_machine.travel(msk(2026, 11, FRIDAY, 18, 1, 31), tick=False):
        assert "Без сигнала" in Client().get("/help/").content.decode()


def test_a_conditional_get_with_the_etag_is_answered_304(site):
    response = Client().get("/help/")
    again = Client().get("/help/", headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304
    assert again.content == b""


def test_a_compressed_page_still_answers_304(site):
    client = Client(headers={"Accept-Encoding": "gzip"})
    response = client.get("/help/")
    assert response["Content-Encoding"] == "gzip"
    assert "Платёж не прошёл" in gzip.decompress(response.content).decode()
    assert client.get("/help/", headers={"If-None-Match": response["ETag"]}).status_code == 304


def test_a_page_with_a_csrf_token_is_neither_shared_nor_compressed(site):
    response = Client(headers={"Accept-Encoding": "gzip"}).get("/appeal/")
    assert response.status_code == 200
    assert "Content-Encoding" not in response
    assert "public" not in response.get("Cache-Control", "")


def test_another_visitor_never_sees_a_message_meant_for_someone_else(site):
    url = "/help/payments/payment-failed/"
    stranger = Client()
    assert "Спасибо" not in stranger.get(url).content.decode()  # now in the cache
    voter = Client()
    thanked = voter.post(
        url + "helpful/", {"helpful": "yes"}, headers={"Origin": "http://testserver"}, follow=True
    )
    assert "Спасибо за ответ!" in thanked.content.decode()
    assert "private" in thanked["Cache-Control"]
    for _ in range(2):
        body = stranger.get(url).content.decode()
        assert "Спасибо за ответ!" not in body
        assert "Ваш ответ" not in body
    # The voter's own later visits still show their answer, never a stranger's cached page.
    assert "Ваш ответ: да." in voter.get(url).content.decode()


def test_staff_get_live_pages_that_no_one_keeps(site, admin_client):
    Client().get("/help/")  # cached for visitors
    Article.objects.filter(slug="payment-failed").update(title_ru="Правка без сигнала")
    response = admin_client.get("/help/")
    assert "Правка без сигнала" in response.content.decode()
    assert "private" in response["Cache-Control"]
    assert "Платёж не прошёл" in Client().get("/help/").content.decode()


def test_a_draft_preview_is_never_cached(site, admin_client):
    draft = make_article(category=site["category"], published=False, title_ru="Черновик")
    assert admin_client.get(draft.get_absolute_url()).status_code == 200
    assert Client().get(draft.get_absolute_url()).status_code == 404


def test_a_missing_page_is_not_cached(site):
    assert Client().get("/help/payments/new-article/").status_code == 404
    make_article(category=site["category"], slug="new-article", title_ru="Новая")
    assert Client().get("/help/payments/new-article/").status_code == 200


def test_with_caching_off_every_request_is_rendered(site, settings, django_assert_num_queries):
    settings.PUBLIC_CACHE_SECONDS = 0
    Client().get("/help/")
    Article.objects.filter(slug="payment-failed").update(title_ru="Сразу")
    assert "Сразу" in Client().get("/help/").content.decode()


def _record_cache_reads(monkeypatch) -> list[list[str]]:
    """From now on, the keys of each read of the default cache (a get_many is one read)."""
    from django.core.cache import caches

    backend = caches["default"]
    reads = []
    real_get, real_get_many = backend.get, backend.get_many
    inside_get_many = []

    def get(key, *args, **kwargs):
        if not inside_get_many:  # the memory cache's get_many calls get for each key
            reads.append([key])
        return real_get(key, *args, **kwargs)

    def get_many(keys, *args, **kwargs):
        reads.append(list(keys))
        inside_get_many.append(True)
        try:
            return real_get_many(keys, *args, **kwargs)
        finally:
            inside_get_many.pop()

    monkeypatch.setattr(backend, "get", get)
    monkeypatch.setattr(backend, "get_many", get_many)
    return reads


def test_a_search_not_in_the_cache_reads_the_content_version_once(site, monkeypatch):
    """The page, and the clock hooks asked on a miss (notices, scheduled articles), all use the
    version read with the page: one cache round trip, not one per hook."""
    from core.cache import VERSION_KEY

    Client().get("/")  # the version exists (as it does on a running site)
    reads = _record_cache_reads(monkeypatch)
    response = Client().get("/help/search/?q=платёж")
    assert "Платёж не прошёл" in response.content.decode()
    assert [keys for keys in reads if VERSION_KEY in keys] == [[VERSION_KEY, ANY_PAGE_KEY]]


class _AnyPageKey:
    def __eq__(self, other):
        return isinstance(other, str) and other.startswith("public-pages:page:")


ANY_PAGE_KEY = _AnyPageKey()


def test_a_save_during_a_request_gives_the_rest_of_it_the_new_version(site):
    from django.http import HttpResponse
    from django.test import RequestFactory

    from core.cache import PublicPageCacheMiddleware, bump_content_version, content_version

    seen = {}

    def view(request):
        seen["before"] = content_version()
        bump_content_version()
        seen["after"] = content_version()
        return HttpResponse("ok")

    Client().get("/")
    PublicPageCacheMiddleware(view)(RequestFactory().get("/anything/"))
    assert seen["after"] != seen["before"]
    assert content_version() == seen["after"]


def test_a_second_search_not_in_the_cache_makes_one_round_trip_in_all(site, monkeypatch):
    """The synonyms, the notices and the next scheduled article are kept in each process per
    content version (core.cache.kept_in_process): after the first miss, a miss reads only the
    page and the version."""
    from core.cache import VERSION_KEY

    Client().get("/help/search/?q=платёж")
    reads = _record_cache_reads(monkeypatch)
    response = Client().get("/help/search/?q=платежи")
    assert "Платёж не прошёл" in response.content.decode()
    assert reads == [[VERSION_KEY, ANY_PAGE_KEY]]


def test_a_synonym_saved_on_another_host_is_used_on_the_next_request(site):
    """Another host's save reaches this process through the shared content version alone."""
    import secrets

    from django.core.cache import cache

    from core.cache import VERSION_KEY
    from faq.search_models import SearchSynonym

    assert "Платёж не прошёл" not in Client().get("/help/search/?q=перевод").content.decode()
    # What another host does: the row (no signal here) and a new version in the shared cache.
    SearchSynonym.objects.bulk_create([SearchSynonym(words="перевод, платёж")])
    cache.delete("faq:synonyms")
    cache.set(VERSION_KEY, secrets.token_hex(8), timeout=None)
    assert "Платёж не прошёл" in Client().get("/help/search/?q=перевод").content.decode()


def test_search_results_are_compressed_fast_and_other_pages_closely(site):
    # The gzip header's XFL byte says how the data was compressed: 4 fastest, 0 the default.
    client = Client(headers={"Accept-Encoding": "gzip"})
    search = client.get("/help/search/", {"q": "платёж"})
    assert search["Content-Encoding"] == "gzip"
    assert search.content[8] == 4
    assert "Платёж не прошёл" in gzip.decompress(search.content).decode()
    assert "Accept-Encoding" in search["Vary"]
    assert search["ETag"].startswith('W/"')
    again = client.get("/help/search/", {"q": "платёж"})  # from the cache, the same bytes
    assert again.content == search.content
    etag = {"If-None-Match": search["ETag"]}
    assert client.get("/help/search/", {"q": "платёж"}, headers=etag).status_code == 304
    assert client.get("/help/")["Content-Encoding"] == "gzip"
    assert client.get("/help/").content[8] == 0
    plain = Client().get("/help/search/", {"q": "платёж"})
    assert "Content-Encoding" not in plain
    assert "Платёж не прошёл" in plain.content.decode()
