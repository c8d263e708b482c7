"""The search log: what the page script reports, what is stored (no personal data), folding of
as-you-type queries, opened results, appeals after a search, and abuse of the beacon."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from insights.models import ReadBeforeAppeal, SearchRecord
from tests.faq.factories import make_article
from tests.insights.conftest import beacon, search
from tests.tickets.factories import appeal_form_data
from tickets.models import Appeal

pytestmark = pytest.mark.django_db


def test_a_search_is_stored_as_folded_words_without_anything_about_the_visitor(client):
    client.cookies["tracking"] = "abc"
    response = search(
        client,
        "Платёж не прошёл 4276 3800 1234 5678, пишите anna@example.org или +7 916 123-45-67",
        n=3,
        REMOTE_ADDR="203.0.113.9",
        HTTP_USER_AGENT="Mozilla/5.0 Secret-Browser",
    )
    assert response.status_code == 200
    assert response.json()["record"]
    assert not response.cookies
    assert "no-store" in response["Cache-Control"]

    row = SearchRecord.objects.get()
    assert row.query == "платеж не прошел пишите или"
    assert (row.language, row.source, row.results) == ("ru", "header", 3)
    assert (row.created.minute, row.created.second) == (0, 0)
    # Nothing else is kept: no column for an address, agent, session or visitor.
    columns = {f.column for f in SearchRecord._meta.concrete_fields}
    assert columns == {
        "id", "query", "language", "source", "results", "opened_article_id", "led_to_appeal",
        "created",
    }  # fmt: skip
    stored = " ".join(str(getattr(row, f.attname)) for f in SearchRecord._meta.concrete_fields)
    for secret in ("203.0.113", "Secret-Browser", "abc", "4276", "anna", "916", "sessionid"):
        assert secret not in stored


def test_the_search_page_tells_the_script_how_many_articles_the_exact_query_found(client):
    make_article(title_ru="Платёж не прошёл")
    for _attempt in range(2):  # the second answer comes from the page cache: the same bytes
        page = client.get("/help/search/", {"q": "платёж"}).content.decode()
        assert 'data-search-results="1"' in page
        assert "/static/insights/insights.js" in page
    assert SearchRecord.objects.count() == 0  # the page itself never writes: the script does


def test_a_query_without_words_is_not_recorded(client):
    assert search(client, "!!! ?").status_code == 204
    assert not SearchRecord.objects.exists()


def test_typing_as_you_go_in_the_appeal_form_is_one_record(client):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        first = search(client, "плат", src="appeal", n=0).json()["record"]
        clock.shift(2)
        second = search(client, "платёж не", src="appeal", n=2, prev=first).json()["record"]
        clock.shift(2)
        third = search(client, "платёж", src="appeal", n=4, prev=second).json()["record"]
        row = SearchRecord.objects.get()
        assert (row.query, row.results) == ("платеж", 4)

        # Another subject is another record; so is the same one typed after a long pause.
        clock.shift(2)
        search(client, "вход в кошелёк", src="appeal", prev=third)
        assert SearchRecord.objects.count() == 2
        clock.shift(31)
        search(client, "платёж не дошёл", src="appeal", prev=third)
        assert SearchRecord.objects.count() == 3


def test_searches_from_the_search_page_are_never_folded_together(client):
    first = search(client, "платёж", src="help").json()["record"]
    search(client, "платёж не прошёл", src="help", prev=first)
    assert SearchRecord.objects.count() == 2


def test_an_opened_result_is_recorded_once_and_only_with_a_genuine_token(client):
    article = make_article(title_ru="Платёж не прошёл")
    other = make_article(title_ru="Другая")
    token = search(client, "платёж").json()["record"]

    forged = {"e": "open", "record": token + "x", "path": article.get_absolute_url()}
    assert beacon(client, forged).status_code == 204
    assert SearchRecord.objects.get().opened_article is None
    beacon(client, {"e": "open", "record": token, "path": "/contacts/"})
    assert SearchRecord.objects.get().opened_article is None

    beacon(client, {"e": "open", "record": token, "path": article.get_absolute_url()})
    beacon(client, {"e": "open", "record": token, "path": other.get_absolute_url()})
    assert SearchRecord.objects.get().opened_article == article


def test_an_appeal_after_a_search_marks_it_and_counts_the_articles_read_before(client, topic):
    article = make_article(title_ru="Платёж не прошёл")
    token = search(client, "платёж").json()["record"]
    unrelated = search(client, "вход").json()["record"]
    data = appeal_form_data(
        topic,
        insights_searches=f"{token} forged-token",
        insights_read=f"{article.get_absolute_url()} /en{article.get_absolute_url()} /nowhere/",
    )
    assert client.post("/appeal/", data).status_code == 302

    assert Appeal.objects.count() == 1
    assert SearchRecord.objects.get(query="платеж").led_to_appeal
    assert not SearchRecord.objects.get(query="вход").led_to_appeal
    assert unrelated
    count = ReadBeforeAppeal.objects.get()
    assert (count.article, count.appeals, count.day) == (article, 1, timezone.localdate())
    # Counts only: nothing ties the appeal to the article or to the searches.
    assert {f.name for f in ReadBeforeAppeal._meta.concrete_fields} == {
        "id", "day", "article", "appeals",
    }  # fmt: skip


def test_an_appeal_is_filed_even_when_the_search_log_fails(client, topic, monkeypatch):
    from insights import services

    def broken(**kwargs):
        raise RuntimeError("the log is broken")

    monkeypatch.setattr(services, "appeal_followed", broken)
    response = client.post("/appeal/", appeal_form_data(topic, insights_searches="x"))
    assert response.status_code == 302
    assert Appeal.objects.count() == 1


def test_a_failing_log_answers_the_beacon_quietly(client, monkeypatch):
    from insights import services

    def broken(**kwargs):
        raise RuntimeError("the log is broken")

    monkeypatch.setattr(services, "search_record", broken)
    assert search(client, "платёж").status_code == 204


# --- abuse ------------------------------------------------------------------------------------


def test_a_cross_site_post_is_refused(client):
    assert search_from(client, site="cross-site").status_code == 403
    response = beacon(
        client, {"e": "search", "q": "x y", "n": 0, "src": "help", "lang": "ru"}, site=None,
        HTTP_ORIGIN="https://evil.example",
    )  # fmt: skip
    assert response.status_code == 403
    assert not SearchRecord.objects.exists()


def search_from(client, *, site):
    payload = {"e": "search", "q": "платёж", "n": 0, "src": "help", "lang": "ru"}
    return beacon(client, payload, site=site)


@pytest.mark.parametrize(
    "body",
    [
        b"{not json",
        b"\xff\xfe\x00",
        b"[1, 2]",
        b'"text"',
        b"",
        b'{"e": "delete"}',
        b'{"e": "search", "q": 5, "n": 1, "src": "help", "lang": "ru"}',
        b'{"e": "search", "q": "x", "n": "1", "src": "help", "lang": "ru"}',
        b'{"e": "search", "q": "x", "n": true, "src": "help", "lang": "ru"}',
        b'{"e": "search", "q": "x", "n": 1, "src": "evil", "lang": "ru"}',
        b'{"e": "search", "q": "x", "n": 1, "src": "help", "lang": "xx"}',
        b'{"e": "open", "record": ["a"], "path": "/"}',
    ],
)
def test_garbage_is_a_400_never_a_500(client, body):
    assert beacon(client, body).status_code == 400
    assert not SearchRecord.objects.exists()


def test_an_oversized_body_is_refused(client):
    payload = {"e": "search", "q": "платёж " * 500, "n": 1, "src": "help", "lang": "ru"}
    assert beacon(client, payload).status_code == 413
    assert not SearchRecord.objects.exists()


def test_only_post(client):
    assert client.get("/insights/beacon").status_code == 405


def test_the_beacon_is_rate_limited_per_address(client, settings):
    settings.INSIGHTS_BEACON_LIMIT = 2
    assert search(client, "один").status_code == 200
    assert search(client, "два").status_code == 200
    assert search(client, "три").status_code == 429
    assert SearchRecord.objects.count() == 2


def test_old_tokens_no_longer_mark_a_search(client, topic):
    with time_machine.travel(timezone.now() - timedelta(hours=3), tick=False):
        token = search(client, "платёж").json()["record"]
    client.post("/appeal/", appeal_form_data(topic, insights_searches=token))
    assert not SearchRecord.objects.get().led_to_appeal
