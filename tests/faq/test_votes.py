"""“Was this helpful?”: one answer per visitor and article, without JavaScript."""

import pytest
from django.db import IntegrityError, transaction
from django.test import Client

from faq.models import HelpfulVote
from faq.services import VoteOutcome, vote_record
from tests.faq.factories import make_article, make_vote

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return make_article(title_ru="Полезная статья")


# What a browser sends with a form posted from one of our pages.
OUR_ORIGIN = {"Origin": "http://testserver"}


def _vote(client, article, answer, headers=OUR_ORIGIN, **extra):
    url = article.get_absolute_url() + "helpful/"
    return client.post(url, {"helpful": answer}, headers=headers, **extra)


def test_the_article_page_asks_with_a_plain_form(visitor_client, article):
    body = visitor_client.get(article.get_absolute_url()).content.decode()
    assert f'<form method="post" action="{article.get_absolute_url()}helpful/"' in body
    # No CSRF token: the page is the same for everyone, so caches and proxies can share it.
    assert "csrfmiddlewaretoken" not in body
    assert '<button type="submit" name="helpful" value="yes"' in body
    assert '<button type="submit" name="helpful" value="no"' in body


def test_a_vote_is_counted_and_the_visitor_comes_back_with_a_thank_you(visitor_client, article):
    response = _vote(visitor_client, article, "yes", follow=True)
    assert response.redirect_chain == [(article.get_absolute_url() + "#feedback", 302)]
    body = response.content.decode()
    assert "Спасибо за ответ!" in body
    assert "Ваш ответ: да." in body
    assert article.votes.get().helpful is True


def test_voting_again_the_same_way_adds_nothing(visitor_client, article):
    _vote(visitor_client, article, "yes")
    response = _vote(visitor_client, article, "yes", follow=True)
    assert "Вы уже ответили, спасибо." in response.content.decode()
    assert article.votes.count() == 1


def test_a_second_different_answer_replaces_the_first(visitor_client, article):
    _vote(visitor_client, article, "yes")
    response = _vote(visitor_client, article, "no", follow=True)
    body = response.content.decode()
    assert "Спасибо, мы изменили ваш ответ." in body
    assert "Ваш ответ: нет." in body
    assert list(article.votes.values_list("helpful", flat=True)) == [False]


def test_each_visitor_has_one_vote(article):
    for answer in ("yes", "yes", "no"):
        _vote(Client(), article, answer)
    assert article.votes.filter(helpful=True).count() == 2
    assert article.votes.filter(helpful=False).count() == 1


def test_a_vote_posted_from_another_site_is_refused(article):
    response = _vote(Client(), article, "yes", headers={"Origin": "https://evil.example"})
    assert response.status_code == 403
    assert "<h1>Срок действия формы истёк</h1>" in response.content.decode()
    assert article.votes.count() == 0


def test_a_vote_the_browser_marks_cross_site_is_refused_whatever_its_origin_says(article):
    headers = {"Sec-Fetch-Site": "cross-site", "Origin": "http://testserver"}
    assert _vote(Client(), article, "yes", headers=headers).status_code == 403
    assert article.votes.count() == 0


def test_a_vote_without_any_sign_of_its_origin_is_refused(article):
    assert _vote(Client(), article, "yes", headers={}).status_code == 403
    assert article.votes.count() == 0


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "same-origin"},
        {"Origin": "http://testserver"},
        {"Referer": "http://testserver/help/"},
    ],
    ids=["sec-fetch-site", "origin", "referer"],
)
def test_a_vote_from_our_own_page_is_accepted_with_csrf_checks_on(article, headers):
    client = Client(enforce_csrf_checks=True)
    assert _vote(client, article, "no", headers=headers).status_code == 302
    assert article.votes.get().helpful is False


def test_an_origin_in_csrf_trusted_origins_is_accepted(article, settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://help.example.org"]
    headers = {"Origin": "https://help.example.org"}
    assert _vote(Client(), article, "yes", headers=headers).status_code == 302


def test_a_strange_answer_is_refused_with_a_message(visitor_client, article):
    response = _vote(visitor_client, article, "maybe", follow=True)
    assert "Выберите «Да» или «Нет»." in response.content.decode()
    assert article.votes.count() == 0


def test_a_vote_can_only_be_posted(visitor_client, article):
    assert visitor_client.get(article.get_absolute_url() + "helpful/").status_code == 405


def test_the_database_allows_one_vote_per_visitor_and_article(article):
    make_vote(article, visitor="v1")
    with pytest.raises(IntegrityError), transaction.atomic():
        HelpfulVote.objects.create(article=article, visitor="v1", helpful=False)


def test_the_service_reports_what_it_did(article):
    assert vote_record(article=article, visitor="v", helpful=True) is VoteOutcome.RECORDED
    assert vote_record(article=article, visitor="v", helpful=True) is VoteOutcome.UNCHANGED
    assert vote_record(article=article, visitor="v", helpful=False) is VoteOutcome.CHANGED
    assert article.votes.count() == 1


def test_english_visitors_get_english_messages(visitor_client, article):
    path = "/en" + article.get_absolute_url()
    response = visitor_client.post(
        path + "helpful/", {"helpful": "yes"}, headers=OUR_ORIGIN, follow=True
    )
    assert response.redirect_chain[-1][0] == path + "#feedback"
    assert "Thank you for your answer!" in response.content.decode()
