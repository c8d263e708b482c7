"""The blank appeal form is kept once rendered; every visitor still gets tokens of their own."""

import re

import pytest
from django.test import Client

from tests.tickets.factories import appeal_form_data
from tickets.models import Appeal

pytestmark = pytest.mark.django_db

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
FORM_TOKEN = re.compile(r'name="form_token" value="([^"]+)"')


def _tokens(body):
    return CSRF.search(body).group(1), FORM_TOKEN.search(body).group(1)


def test_each_visitor_gets_fresh_tokens_from_the_kept_page(topics, django_assert_num_queries):
    first_page = Client().get("/appeal/").content.decode()
    with django_assert_num_queries(0):  # the second visitor's page comes from the cache
        second = Client().get("/appeal/")
    second_page = second.content.decode()
    assert _tokens(first_page)[0] != _tokens(second_page)[0]
    assert _tokens(first_page)[1] != _tokens(second_page)[1]
    assert "csrftoken" in second.cookies  # the token on the page has its cookie
    assert "\x00" not in second_page  # no stand-in left behind
    assert "private" in second["Cache-Control"] or "max-age=0" in second["Cache-Control"]


def test_a_visitor_sends_the_form_with_the_tokens_of_a_kept_page(topics):
    Client().get("/appeal/")  # someone else's visit renders and keeps the page
    visitor = Client(enforce_csrf_checks=True)
    csrf, form_token = _tokens(visitor.get("/appeal/").content.decode())
    data = appeal_form_data(topics.first(), form_token=form_token, csrfmiddlewaretoken=csrf)
    response = visitor.post("/appeal/", data)
    assert response.status_code == 302
    assert Appeal.objects.count() == 1


def test_a_topic_renamed_by_staff_shows_at_once(topics):
    Client().get("/appeal/")
    topic = topics.first()
    topic.name_ru = "Новое название темы"
    topic.save()
    assert "Новое название темы" in Client().get("/appeal/").content.decode()


def _kept_entry(path="/appeal/"):
    from django.core.cache import cache
    from django.test import RequestFactory

    from core.cache import _key

    return cache.get(_key(RequestFactory().get(path)))


def test_two_visitors_get_different_tokens_and_the_kept_copy_holds_neither(topics):
    first = Client().get("/appeal/")
    second = Client().get("/appeal/")
    tokens = {*_tokens(first.content.decode()), *_tokens(second.content.decode())}
    cookies = {first.cookies["csrftoken"].value, second.cookies["csrftoken"].value}
    assert len(tokens) == 4
    assert len(cookies) == 2
    kept = _kept_entry()["content"].decode()
    assert not any(value in kept for value in tokens | cookies)
    assert "csrftoken" not in str(_kept_entry()["headers"])


def test_a_kept_copy_is_the_rendered_page_with_other_tokens(topics):
    rendered = Client().get("/appeal/")
    copy = Client().get("/appeal/")
    new_tokens, old_tokens = _tokens(copy.content.decode()), _tokens(rendered.content.decode())
    swap = dict(zip(new_tokens, old_tokens, strict=True))
    body = copy.content.decode()
    for new, old in swap.items():
        body = body.replace(new, old)
    assert body == rendered.content.decode()
    for header in ("Content-Security-Policy", "X-Frame-Options", "Content-Language", "Vary"):
        assert copy[header] == rendered[header]
    assert int(copy["Content-Length"]) == len(copy.content)


def test_a_visitor_with_a_csrf_cookie_keeps_it_and_can_send_the_form(topics):
    Client().get("/appeal/")
    visitor = Client(enforce_csrf_checks=True)
    visitor.get("/appeal/")  # the visitor's first visit gives them a cookie
    cookie = visitor.cookies["csrftoken"].value
    again = visitor.get("/appeal/")
    # Django sends the cookie again to renew its expiry, with the same secret.
    assert again.cookies["csrftoken"].value == cookie
    csrf, form_token = _tokens(again.content.decode())
    data = appeal_form_data(topics.first(), form_token=form_token, csrfmiddlewaretoken=csrf)
    assert visitor.post("/appeal/", data).status_code == 302
    assert visitor.cookies["csrftoken"].value == cookie


def test_the_form_stays_protected_against_forgery(topics):
    Client().get("/appeal/")
    someone_else_csrf, _form_token = _tokens(Client().get("/appeal/").content.decode())
    visitor = Client(enforce_csrf_checks=True)
    visitor.get("/appeal/")
    without = appeal_form_data(topics.first())
    borrowed = appeal_form_data(topics.first(), csrfmiddlewaretoken=someone_else_csrf)
    # A token from another visitor's page does not match this visitor's cookie.
    assert visitor.post("/appeal/", without).status_code == 403
    assert visitor.post("/appeal/", borrowed).status_code == 403
    assert Appeal.objects.count() == 0


def test_a_known_topic_is_kept_and_a_made_up_one_is_not(topics, django_assert_num_queries):
    topic = topics.first()
    Client().get(f"/appeal/?topic={topic.slug}")
    with django_assert_num_queries(0):
        page = Client().get(f"/appeal/?topic={topic.slug}").content.decode()
    assert re.search(rf'value="{topic.pk}" id="[^"]+" required checked', page)
    Client().get("/appeal/?topic=no-such-topic")
    assert _kept_entry("/appeal/?topic=no-such-topic") is None


def test_a_changed_setting_shows_at_once(topics, settings):
    Client().get("/appeal/")
    settings.TICKETS_DUE_HOURS = 48
    assert "48" in Client().get("/appeal/").content.decode()


def test_a_visitor_with_a_session_gets_a_page_of_their_own(topics, agent_client):
    Client().get("/appeal/")
    page = agent_client.get("/appeal/")
    assert page.status_code == 200
    assert _kept_entry()["content"].decode() not in page.content.decode()
