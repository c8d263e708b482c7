"""After “No”, “Was this helpful?” asks why: a reason and an optional comment, with and without
JavaScript, refused from other sites, never storing a card number; editors read the answers."""

import pytest
from django.test import Client
from django.utils import translation

from faq.models import VOTE_COMMENT_MAX_LENGTH, HelpfulVote
from tests.faq.factories import make_article, make_vote

pytestmark = pytest.mark.django_db

OUR_ORIGIN = {"Origin": "http://testserver"}
AS_SCRIPT = {**OUR_ORIGIN, "Accept": "application/json"}


@pytest.fixture
def article():
    return make_article(title_ru="Как вернуть платёж", title_en="How to get a payment back")


def _path(article):
    with translation.override("ru"):  # the Russian address; "/en" is put in front of it
        return article.get_absolute_url()


def _url(article, tail=""):
    return "/en" + _path(article) + "helpful/" + tail


def _say_no(client, article, headers=OUR_ORIGIN, **extra):
    return client.post(_url(article), {"helpful": "no"}, headers=headers, **extra)


def _why(client, article, data, headers=OUR_ORIGIN, **extra):
    return client.post(_url(article, "why/"), data, headers=headers, **extra)


def test_the_shared_page_keeps_the_why_form_hidden_until_a_no(article):
    body = Client().get("/en" + _path(article)).content.decode()
    assert 'id="faq-reason" hidden' in body
    assert "faq/feedback.js" in body


def test_without_javascript_a_no_leads_to_the_why_form_and_its_answer_is_kept(article):
    client = Client()
    page = _say_no(client, article, follow=True).content.decode()
    assert "What was wrong? Tell the editors" in page
    assert f'action="{_url(article, "why/")}"' in page
    assert 'id="faq-reason" hidden' not in page
    for label in ("It did not answer my question", "It is hard to follow", "It is out of date"):
        assert label in page

    response = _why(
        client,
        article,
        {"reason": "out_of_date", "comment": "The fee changed. Card 4111 1111 1111 1111, sorry."},
        follow=True,
    )
    assert "Thank you: the editors will read this." in response.content.decode()
    vote = HelpfulVote.objects.get(article=article)
    assert vote.helpful is False
    assert vote.reason == "out_of_date"
    assert vote.comment == "The fee changed. Card 4111 11•• •••• 1111, sorry."


def test_with_javascript_both_answers_come_back_as_json(article):
    client = Client()
    answer = _say_no(client, article, headers=AS_SCRIPT)
    assert answer.status_code == 200
    assert answer.json() == {
        "message": "Thank you for your answer! Your answer: no. Sorry the article did not help: "
        "an online appeal will reach a person.",
        "ask_reason": True,
    }

    yes = Client().post(_url(article), {"helpful": "yes"}, headers=AS_SCRIPT)
    assert yes.json()["ask_reason"] is False

    why = _why(client, article, {"reason": "hard_to_follow", "comment": ""}, headers=AS_SCRIPT)
    assert why.status_code == 200
    assert why.json()["message"] == "Thank you: the editors will read this."
    assert HelpfulVote.objects.get(helpful=False).reason == "hard_to_follow"


def test_a_why_posted_from_another_site_is_refused(article):
    client = Client()
    _say_no(client, article)
    response = _why(
        client, article, {"reason": "other", "comment": "spam"},
        headers={"Origin": "https://evil.example"},
    )  # fmt: skip
    assert response.status_code == 403
    assert HelpfulVote.objects.get().reason == ""


def test_an_oversized_comment_is_refused_and_shown_again_with_what_was_written(article):
    client = Client()
    _say_no(client, article)
    long_comment = "Too long. " * (VOTE_COMMENT_MAX_LENGTH // 10 + 5)
    response = _why(client, article, {"reason": "other", "comment": long_comment})
    body = response.content.decode()
    assert response.status_code == 200
    assert f"at most {VOTE_COMMENT_MAX_LENGTH} characters" in body
    # Nothing the visitor typed is lost: the text comes back in the box.
    assert long_comment.strip() in body
    assert 'value="other" id="id_reason_3" checked' in body
    assert HelpfulVote.objects.get().comment == ""

    as_json = _why(client, article, {"reason": "other", "comment": long_comment}, headers=AS_SCRIPT)
    assert as_json.status_code == 400
    assert "at most" in as_json.json()["message"]


def test_a_why_without_a_reason_asks_for_one(article):
    client = Client()
    _say_no(client, article)
    body = _why(client, article, {"comment": "Hm"}).content.decode()
    assert "Choose what was wrong with the article." in body
    assert ">Hm</textarea>" in body


def test_a_why_without_a_no_first_is_not_kept(article):
    client = Client()
    client.post(_url(article), {"helpful": "yes"}, headers=OUR_ORIGIN)
    response = _why(client, article, {"reason": "other", "comment": "x"}, follow=True)
    assert "Please answer “Was this helpful?” first." in response.content.decode()
    assert HelpfulVote.objects.get().reason == ""
    stranger = _why(Client(), article, {"reason": "other"}, headers=AS_SCRIPT)
    assert stranger.status_code == 400


def test_control_characters_in_a_comment_are_removed(article):
    client = Client()
    _say_no(client, article)
    _why(client, article, {"reason": "other", "comment": "bad\x00 \u202etext\x1b[2J"})
    assert HelpfulVote.objects.get().comment == "bad text[2J"


def test_editors_see_reasons_counted_and_the_latest_comments_escaped(
    article, content_editor_client
):
    make_vote(article, helpful=False).__class__.objects.filter(article=article).update(
        reason="out_of_date", comment="<script>alert(1)</script> old fees"
    )
    vote = make_vote(article, helpful=False)
    vote.reason = "hard_to_follow"
    vote.save()
    make_vote(article, helpful=True)
    other = make_article(title_ru="Другая статья")
    make_vote(other, helpful=False)

    page = content_editor_client.get(f"/admin/faq/article/{article.pk}/change/")
    body = page.content.decode()
    assert "<li>Устарела: 1</li>" in body
    assert "<li>Трудно понять: 1</li>" in body
    assert "<li>Не ответила на мой вопрос: 0</li>" in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt; old fees" in body
    assert "<script>alert(1)" not in body

    listed = content_editor_client.get("/admin/faq/article/?why_not=out_of_date")
    listing = listed.content.decode()
    assert "Как вернуть платёж" in listing
    assert "Другая статья" not in listing
