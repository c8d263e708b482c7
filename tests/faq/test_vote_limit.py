"""“Was this helpful?” counts a limited number of answers per address, whatever the session."""

import pytest
from django.test import Client

from tests.faq.factories import make_article

pytestmark = pytest.mark.django_db
# The vote form is checked for our own origin (core.origin), as a browser sends it.
OURS = {"Origin": "http://testserver"}


def test_answers_beyond_the_limit_from_one_address_in_fresh_sessions_are_not_counted(settings):
    settings.FAQ_VOTE_LIMIT = 3
    article = make_article(title_ru="Полезная статья")
    url = article.get_absolute_url() + "helpful/"
    for _ in range(3):
        Client(REMOTE_ADDR="203.0.113.9").post(url, {"helpful": "yes"}, headers=OURS)
    assert article.votes.count() == 3
    response = Client(REMOTE_ADDR="203.0.113.9").post(
        url, {"helpful": "yes"}, headers=OURS, follow=True
    )
    assert article.votes.count() == 3
    assert "Мы получили много ответов с вашего адреса" in response.content.decode()


def test_another_address_still_counts(settings):
    settings.FAQ_VOTE_LIMIT = 1
    article = make_article()
    url = article.get_absolute_url() + "helpful/"
    Client(REMOTE_ADDR="203.0.113.9").post(url, {"helpful": "yes"}, headers=OURS)
    Client(REMOTE_ADDR="203.0.113.10").post(url, {"helpful": "no"}, headers=OURS)
    assert article.votes.count() == 2
