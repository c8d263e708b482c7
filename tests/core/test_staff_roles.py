"""The two staff groups, with every app's real models in place: neither can do the other's work."""

import pytest
from django.test import Client

from contacts.models import Channel
from faq.models import Article
from tests.staff import make_agent, make_content_editor
from tests.tickets.factories import make_appeal
from tickets.models import Topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(shipped_content):
    client = Client()
    client.force_login(make_content_editor())
    return client


@pytest.fixture
def agent_client(shipped_content):
    client = Client()
    client.force_login(make_agent())
    return client


def test_an_editor_edits_contacts_and_articles(editor_client):
    channel = Channel.objects.first()
    article = Article.objects.published().first()
    for url in (
        "/admin/contacts/channel/",
        f"/admin/contacts/channel/{channel.pk}/change/",
        "/admin/faq/article/",
        f"/admin/faq/article/{article.pk}/change/",
        "/admin/faq/article/add/",
    ):
        assert editor_client.get(url).status_code == 200, url
    index = editor_client.get("/admin/").content.decode()
    assert "/admin/contacts/" in index and "/admin/faq/" in index
    assert "/admin/tickets/" not in index


def test_an_editor_cannot_open_or_answer_appeals(editor_client):
    appeal = make_appeal(Topic.objects.get(slug="payments"))
    assert editor_client.get("/admin/tickets/appeal/").status_code == 403
    assert editor_client.get(f"/admin/tickets/appeal/{appeal.pk}/change/").status_code == 403
    response = editor_client.post(
        f"/admin/tickets/appeal/{appeal.pk}/change/", {"status": "closed"}
    )
    assert response.status_code == 403
    appeal.refresh_from_db()
    assert appeal.status == "new"


def test_an_agent_handles_appeals_but_cannot_edit_contacts_or_articles(agent_client):
    appeal = make_appeal(Topic.objects.get(slug="payments"))
    assert agent_client.get(f"/admin/tickets/appeal/{appeal.pk}/change/").status_code == 200
    channel = Channel.objects.first()
    article = Article.objects.published().first()
    for url in (
        "/admin/contacts/channel/",
        f"/admin/contacts/channel/{channel.pk}/change/",
    ):
        assert agent_client.get(url).status_code == 403, url
    # Agents read Help articles (to link them from a topic) but cannot change them.
    page = agent_client.get(f"/admin/faq/article/{article.pk}/change/")
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    title = article.title
    response = agent_client.post(
        f"/admin/faq/article/{article.pk}/change/", {"title_ru": "Взлом", "slug": article.slug}
    )
    assert response.status_code == 403
    response = agent_client.post(
        "/admin/faq/article/",
        {"action": "unpublish", "_selected_action": [article.pk]},
    )
    # The action is not offered to a reader: the list comes back with nothing done.
    assert 'value="unpublish"' not in response.content.decode()
    article.refresh_from_db()
    assert article.title == title and article.status == "published"


def test_markdown_preview_is_refused_to_an_agent(agent_client):
    response = agent_client.post("/markdownx/markdownify/", {"content": "# hi"})
    assert response.status_code == 403
