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
