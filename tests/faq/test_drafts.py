"""Drafts: "page not found" for the public, a preview with a clear banner for staff."""

import pytest

from tests.faq.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    return make_article(published=False, title_ru="Черновик о платежах", body_ru="Платёж.")


def test_a_draft_is_not_found_by_visitors(visitor_client, draft):
    assert visitor_client.get(draft.get_absolute_url()).status_code == 404
    assert visitor_client.get("/en" + draft.get_absolute_url()).status_code == 404


def test_a_draft_is_not_found_by_staff_without_permission_on_articles(draft):
    from tests.staff import client_for, make_staff

    outsider = make_staff("outsider", permissions=("tickets.view_appeal",))
    assert client_for(outsider).get(draft.get_absolute_url()).status_code == 404


def test_staff_who_may_view_articles_preview_a_draft_with_a_banner(reader_client, draft):
    response = reader_client.get(draft.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert "Черновик о платежах" in body
    assert '<p class="faq-draft" role="note"><strong>Черновик.</strong>' in body
    assert '<meta name="robots" content="noindex, nofollow">' in body
    assert "no-store" in response.headers["Cache-Control"]
    # Visitors cannot answer "Was this helpful?" on a draft.
    assert 'name="helpful"' not in body


def test_a_published_article_has_no_draft_banner(reader_client):
    article = make_article()
    body = reader_client.get(article.get_absolute_url()).content.decode()
    assert "faq-draft" not in body
    assert 'name="robots"' not in body


def test_drafts_are_left_out_of_lists_search_and_suggestions(visitor_client, draft):
    published = make_article(category=draft.category, title_ru="Опубликовано о платежах")
    assert "Черновик о платежах" not in visitor_client.get("/help/").content.decode()
    category_page = visitor_client.get(draft.category.get_absolute_url()).content.decode()
    assert "Черновик о платежах" not in category_page
    assert published.title_ru in category_page
    search = visitor_client.get("/help/search/", {"q": "платежах"}).content.decode()
    assert "Черновик о платежах" not in search
    assert published.title_ru in search
    titles = [r["title"] for r in visitor_client.get("/help/suggest/?q=платежах").json()["results"]]
    assert titles == [published.title_ru]


def test_a_draft_cannot_be_voted_on(visitor_client, draft):
    url = draft.get_absolute_url() + "helpful/"
    headers = {"Origin": "http://testserver"}
    assert visitor_client.post(url, {"helpful": "yes"}, headers=headers).status_code == 404
    assert draft.votes.count() == 0


def test_a_related_draft_is_not_linked_from_a_published_article(visitor_client, draft):
    article = make_article(category=draft.category)
    article.related.add(draft)
    body = visitor_client.get(article.get_absolute_url()).content.decode()
    assert draft.get_absolute_url() not in body
