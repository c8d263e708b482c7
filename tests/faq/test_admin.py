"""The admin for articles: lists, search, filters, publish actions, preview, vote totals."""

import pytest

from faq.models import Article
from tests.faq.factories import make_article, make_category, make_vote

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/faq/article/"


@pytest.fixture
def draft():
    return make_article(published=False, title_ru="Недописанная статья")


def test_the_list_shows_status_dates_and_helpful_totals(content_editor_client):
    article = make_article(title_ru="Статья с голосами")
    for helpful in (True, True, False):
        make_vote(article, helpful=helpful)
    response = content_editor_client.get(CHANGELIST)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Статья с голосами" in body
    assert "Полезно: да" in body and "Полезно: нет" in body
    row = body.split(">Статья с голосами</a>")[1].split("</tr>")[0]
    assert '<td class="field-helpful_yes">2</td>' in row
    assert '<td class="field-helpful_no">1</td>' in row


def test_the_list_can_be_searched_filtered_and_sorted(content_editor_client, draft):
    make_article(title_ru="Опубликованная", title_en="Published one")
    body = content_editor_client.get(CHANGELIST, {"q": "Published one"}).content.decode()
    assert "Опубликованная" in body and "Недописанная статья" not in body
    body = content_editor_client.get(CHANGELIST, {"status": "draft"}).content.decode()
    assert "Недописанная статья" in body and "Опубликованная" not in body
    assert 'id="changelist-filter"' in body


def test_the_list_sorts_by_helpful_votes(content_editor_client):
    few, many = make_article(title_ru="Мало голосов"), make_article(title_ru="Много голосов")
    make_vote(few)
    for _ in range(3):
        make_vote(many)
    body = content_editor_client.get(
        CHANGELIST, {"o": "-6"}
    ).content.decode()  # "helpful: yes", desc
    assert body.index("Много голосов") < body.index("Мало голосов")
    body = content_editor_client.get(CHANGELIST, {"o": "6"}).content.decode()
    assert body.index("Мало голосов") < body.index("Много голосов")


def test_editors_publish_and_unpublish_with_actions(content_editor_client, draft):
    response = content_editor_client.post(
        CHANGELIST, {"action": "publish", "_selected_action": [draft.pk]}, follow=True
    )
    assert "Опубликована 1 статья." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Article.Status.PUBLISHED and draft.published_at is not None
    first_published = draft.published_at

    response = content_editor_client.post(
        CHANGELIST, {"action": "unpublish", "_selected_action": [draft.pk]}, follow=True
    )
    assert "1 статья снята с публикации." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT
    content_editor_client.post(CHANGELIST, {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.published_at == first_published  # the first publication date is kept


def test_staff_who_may_only_view_get_no_publish_actions(reader_client, draft):
    body = reader_client.get(CHANGELIST).content.decode()
    assert 'value="publish"' not in body
    reader_client.post(CHANGELIST, {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT


def test_the_change_form_has_the_markdown_editor_and_view_on_site(content_editor_client, draft):
    body = content_editor_client.get(f"{CHANGELIST}{draft.pk}/change/").content.decode()
    assert "markdownx-editor" in body
    assert 'data-markdownx-urls-path="/markdownx/markdownify/"' in body
    assert "markdownx/js/markdownx" in body
    assert 'name="body_ru"' in body and 'name="body_en"' in body
    assert 'class="viewsitelink"' in body
    assert 'id="id_related_from"' in body or 'class="selectfilter' in body


def test_view_on_site_opens_the_draft_preview(content_editor_client, draft):
    body = content_editor_client.get(f"{CHANGELIST}{draft.pk}/change/").content.decode()
    link = body.split('class="viewsitelink"')[0].rsplit('href="', 1)[1].split('"')[0]
    response = content_editor_client.get(link, follow=True)
    assert response.status_code == 200
    assert "Черновик." in response.content.decode()


def test_an_editor_writes_and_publishes_an_article_in_the_admin(content_editor_client):
    category = make_category()
    response = content_editor_client.post(
        f"{CHANGELIST}add/",
        {
            "category": category.pk,
            "title_ru": "Новая статья",
            "title_en": "New article",
            "summary_ru": "Кратко.",
            "summary_en": "Short.",
            "body_ru": "## Раздел\n\nТекст <script>alert(1)</script>",
            "body_en": "Text.",
            "status": "published",
            "slug": "new-article",
            "order": 10,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    article = Article.objects.get(slug="new-article")
    assert article.published_at is not None
    assert article.body_html_ru == '<h2 id="раздел">Раздел</h2>\n<p>Текст </p>'


def test_a_reserved_category_address_is_refused_with_a_message(content_editor, admin_client):
    response = admin_client.post(
        "/admin/faq/category/add/",
        {"name_ru": "Поиск", "name_en": "Search", "slug": "search", "order": 1},
    )
    assert response.status_code == 200
    assert "адрес другой страницы раздела «Помощь»" in response.content.decode()
