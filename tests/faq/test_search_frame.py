"""The search page's frame (head, header, trail, footer) is rendered once per process and language
and only its title, language switch and content per query (core.fragments.framed): the page a
visitor gets must be the very page a whole render gives, byte for byte."""

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import resolve
from django.utils.safestring import mark_safe

from core import fragments
from faq import views

pytestmark = pytest.mark.django_db

QUERIES = [
    "платёж",  # found in titles and text
    "плотёж",  # a typo: "did you mean"
    "войти платёж смс",  # found nowhere: the topics instead
    "",  # nothing typed
    "!!! ???",  # no words
    "платёж " * 40,  # longer than searched
    '<script>alert("x")</script> & «кавычки»',  # escaped in the box, title and switch
]


def _page(client, path, query) -> str:
    cache.clear()  # the page cache: each request renders
    response = client.get(path, {"q": query})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("path", ["/help/search/", "/en/help/search/"])
def test_the_framed_page_is_the_whole_render_byte_for_byte(
    visitor_client, articles, path, monkeypatch
):
    whole = {}
    with monkeypatch.context() as patched:
        patched.setattr(views, "framed", lambda *args, **kwargs: None)  # the whole render
        for query in QUERIES:
            whole[query] = _page(visitor_client, path, query)
    fragments.clear()
    # The frame is drawn with the first query's request and reused for every other one.
    for query in [*QUERIES[1:], QUERIES[0]]:
        assert _page(visitor_client, path, query) == whole[query], query
    assert any(key[0] == "faq/search.html" for key in fragments._frames)


def test_the_frame_holds_nothing_of_the_query_it_was_drawn_with(visitor_client, articles):
    fragments.clear()
    first = _page(visitor_client, "/help/search/", "уникальныйзапрос")
    assert "уникальныйзапрос" in first
    (frame,) = [pieces for key, pieces in fragments._frames.items() if key[0] == "faq/search.html"]
    assert "уникальныйзапрос" not in "".join(frame)
    second = _page(visitor_client, "/help/search/", "платёж")
    assert "уникальныйзапрос" not in second
    # The language switch leads to this query's results in English.
    assert 'href="/en/help/search/?q=%D0%BF%D0%BB%D0%B0%D1%82%D1%91%D0%B6"' in second


def test_a_visitor_with_a_message_gets_the_whole_page_with_it(visitor_client, articles):
    fragments.clear()
    _page(visitor_client, "/help/search/", "платёж")  # the frame is drawn, without messages
    request = RequestFactory().get("/")
    storage = CookieStorage(request)
    visitor_client.cookies["messages"] = storage._encode(
        [Message(constants.SUCCESS, "Спасибо: редакторы прочитают это.")]
    )
    with_message = _page(visitor_client, "/help/search/", "войти")
    assert "Спасибо: редакторы прочитают это." in with_message
    assert "Не получается войти" in with_message
    del visitor_client.cookies["messages"]
    # Nothing of it went into the frame.
    assert "Спасибо" not in _page(visitor_client, "/help/search/", "платёж")


def _request(path):
    request = RequestFactory().get(path)
    request.resolver_match = resolve(path)
    return request


def test_framed_gives_none_when_the_frame_lacks_a_block():
    fragments.clear()
    request = _request("/help/search/")
    assert fragments.framed(request, "base.html", {}, {"no_such_block": lambda: "x"}) is None
    assert not fragments._frames  # nothing kept


def test_a_fill_that_is_not_marked_safe_is_escaped():
    fragments.clear()
    request = _request("/help/search/")
    page = fragments.framed(
        request, "base.html", {}, {"title": lambda: "<b>&</b>", "content": lambda: "<p>ok</p>"}
    )
    assert "<title>&lt;b&gt;&amp;&lt;/b&gt; — " in page
    assert "&lt;p&gt;ok&lt;/p&gt;" in page  # a plain string, even of HTML, is text
    # Drawn once: the next call fills the kept frame.
    again = fragments.framed(
        request, "base.html", {}, {"title": lambda: "T2", "content": lambda: mark_safe("<p>2</p>")}
    )
    assert "<title>T2 — " in again
    assert "<p>2</p>" in again
    assert len(fragments._frames) == 1
