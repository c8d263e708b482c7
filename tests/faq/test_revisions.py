"""Every save of an article keeps a revision (who, when, what changed); editors read it as an
escaped diff and restore an older one; a renamed article's old address answers 301."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from faq.history import ArticleRedirect, ArticleRevision
from faq.models import Article
from tests.faq.factories import make_article, make_category
from tests.threads import run_at_once

pytestmark = pytest.mark.django_db


def _path(article):
    with translation.override("ru"):
        return Article.objects.get(pk=article.pk).get_absolute_url()


def _admin_form(article, **changes):
    """The article's admin form as an editor would send it back, with some fields changed."""
    data = {
        "category": article.category_id,
        "title_ru": article.title_ru,
        "title_en": article.title_en or "",
        "summary_ru": article.summary_ru,
        "summary_en": article.summary_en or "",
        "body_ru": article.body_ru,
        "body_en": article.body_en or "",
        "status": article.status,
        "slug": article.slug,
        "order": article.order,
        "publish_at_0": "",
        "publish_at_1": "",
        "unpublish_at_0": "",
        "unpublish_at_1": "",
        "revision_message": "",
    }
    data.update(changes)
    return data


def _edit(client, article, **changes):
    return client.post(f"/admin/faq/article/{article.pk}/change/", _admin_form(article, **changes))


@pytest.fixture
def article():
    return make_article(
        slug="refunds", title_ru="Возврат платежа", body_ru="Первая строка.\nВторая строка."
    )


def test_creating_an_article_keeps_its_first_revision(article):
    revision = article.revisions.get()
    assert revision.number == 1
    assert revision.data["title_ru"] == "Возврат платежа"
    assert revision.author is None


def test_an_admin_save_keeps_who_changed_what_and_their_note(article, content_editor,
                                                             content_editor_client):  # fmt: skip
    response = _edit(
        content_editor_client,
        article,
        title_ru="Как вернуть платёж",
        revision_message="Уточнили заголовок",
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    latest = article.revisions.order_by("-number").first()
    assert latest.number == 2
    assert latest.author == content_editor
    assert latest.author_name == "content_editor"
    assert latest.message == "Уточнили заголовок"
    assert latest.changed == ["title_ru"]

    page = content_editor_client.get(f"/admin/faq/article/{article.pk}/change/")
    history = page.content.decode()
    assert "Уточнили заголовок" in history
    assert "заголовок (ru)" in history


def test_a_save_that_changes_nothing_keeps_no_new_revision(article, content_editor_client):
    assert _edit(content_editor_client, article).status_code == 302
    assert article.revisions.count() == 1


def test_the_loader_records_its_revisions_without_a_person(db):
    call_command("load_content", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    revision = ArticleRevision.objects.filter(article__slug="payment-errors").get()
    assert revision.message == "load_content"
    assert revision.author_name == ""


def test_the_diff_shows_what_changed_with_the_text_escaped(article, content_editor_client):
    _edit(
        content_editor_client,
        article,
        body_ru="Первая строка.\n<script>alert('x')</script>",
    )
    latest = article.revisions.order_by("-number").first()
    page = content_editor_client.get(f"/admin/faq/article/{article.pk}/revisions/{latest.pk}/")
    body = page.content.decode()
    assert page.status_code == 200
    assert '<span class="faq-diff__del">-Вторая строка.</span>' in body
    assert (
        '<span class="faq-diff__add">+&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;</span>'
        in body
    )
    assert "<script>alert(" not in body
    assert "Восстановить версию №2" not in body  # the latest one is the article as it is


def test_an_editor_restores_an_older_revision_as_a_new_one(article, content_editor_client):
    _edit(content_editor_client, article, title_ru="Неудачный заголовок", body_ru="Испорчено.")
    first = article.revisions.get(number=1)
    page = content_editor_client.get(f"/admin/faq/article/{article.pk}/revisions/{first.pk}/")
    assert "Восстановить версию №1" in page.content.decode()

    response = content_editor_client.post(
        f"/admin/faq/article/{article.pk}/revisions/{first.pk}/restore/", follow=True
    )
    assert "Версия №1 восстановлена как версия №3." in response.content.decode()
    article.refresh_from_db()
    assert article.title_ru == "Возврат платежа"
    assert "Вторая строка." in article.body_html_ru
    third = article.revisions.get(number=3)
    assert third.restored_from == 1
    assert third.message == "Восстановлено из версии №1"
    public = Client().get(_path(article)).content.decode()
    assert "Возврат платежа" in public and "Испорчено" not in public


def test_restoring_is_a_post_and_needs_the_right_to_change_articles(article, agent_client):
    first = article.revisions.get()
    url = f"/admin/faq/article/{article.pk}/revisions/{first.pk}/restore/"
    assert agent_client.post(url).status_code == 403
    article.title_ru = "Изменено"
    article.save()
    assert agent_client.post(url).status_code == 403
    article.refresh_from_db()
    assert article.title_ru == "Изменено"


def test_a_restore_that_would_take_another_articles_address_is_refused(
    article, content_editor_client
):
    _edit(content_editor_client, article, slug="refunds-new")
    make_article(slug="refunds")  # someone took the old address meanwhile
    first = article.revisions.get(number=1)
    response = content_editor_client.post(
        f"/admin/faq/article/{article.pk}/revisions/{first.pk}/restore/", follow=True
    )
    assert "Версия №1 не восстановлена" in response.content.decode()
    article.refresh_from_db()
    assert article.slug == "refunds-new"


def test_an_article_saved_before_history_was_kept_keeps_its_old_state_first(article):
    ArticleRevision.objects.all().delete()
    article.title_ru = "Новый заголовок"
    article.save()
    numbers = list(article.revisions.order_by("number").values_list("number", "data__title_ru"))
    assert numbers == [(1, "Возврат платежа"), (2, "Новый заголовок")]


# --- Old addresses ------------------------------------------------------------------------


def test_a_renamed_article_answers_its_old_address_with_a_permanent_redirect(
    article, content_editor_client
):
    old = _path(article)
    _edit(content_editor_client, article, slug="payment-refunds")
    response = Client().get(old)
    assert response.status_code == 301
    assert response["Location"] == _path(article)
    assert _path(article).endswith("/payment-refunds/")
    english = Client().get("/en" + old)
    assert english.status_code == 301
    assert english["Location"] == "/en" + _path(article)


def test_two_renames_lead_from_the_first_address_in_one_hop(article):
    first = _path(article)
    for slug in ("refunds-2", "refunds-3"):
        article.slug = slug
        article.save()
    second = first.replace("/refunds/", "/refunds-2/")
    for old in (first, second):
        response = Client().get(old)
        assert response.status_code == 301
        assert response["Location"].endswith("/refunds-3/")
    assert Client().get(_path(article)).status_code == 200


def test_a_moved_and_renamed_article_is_found_from_its_old_category_address(article):
    old = _path(article)
    article.category = make_category(slug="money-back")
    article.slug = "get-money-back"
    article.save()
    response = Client().get(old)
    assert response.status_code == 301
    assert response["Location"] == "/help/money-back/get-money-back/"
    assert ArticleRedirect.objects.get(old_slug="refunds").old_category_slug != "money-back"


def test_renaming_back_frees_the_address_and_a_new_article_may_take_an_old_one(article):
    article.slug = "refunds-2"
    article.save()
    article.slug = "refunds"
    article.save()
    assert list(ArticleRedirect.objects.values_list("old_slug", flat=True)) == ["refunds-2"]
    newcomer = make_article(slug="refunds-2", title_ru="Совсем другая статья")
    assert not ArticleRedirect.objects.exists()
    assert "Совсем другая статья" in Client().get(_path(newcomer)).content.decode()


def test_an_old_address_of_a_draft_is_not_found(article):
    article.slug = "refunds-2"
    article.status = Article.Status.DRAFT
    article.save()
    assert Client().get("/help/anything/refunds/").status_code == 404


def test_staff_following_an_old_address_to_a_draft_get_a_temporary_redirect(
    article, content_editor_client
):
    old = _path(article)
    article.slug = "refunds-draft"
    article.status = Article.Status.DRAFT
    article.save()
    response = content_editor_client.get(old)
    assert response.status_code == 302
    assert response["Location"].endswith("/refunds-draft/")


def test_restore_is_never_done_by_a_get(article, content_editor_client):
    article.title_ru = "Изменено"
    article.save()
    first = article.revisions.get(number=1)
    url = f"/admin/faq/article/{article.pk}/revisions/{first.pk}/restore/"
    assert content_editor_client.get(url).status_code == 405
    article.refresh_from_db()
    assert article.title_ru == "Изменено"


@pytest.mark.django_db(transaction=True)
def test_editors_renaming_at_the_same_moment_leave_every_address_redirecting():
    """Each save reads the stored row under a lock: the second of two concurrent renames sees
    the first one's address as the old one, so no address the article had is lost."""

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises every writer; concurrency is tested on PostgreSQL")
    article = make_article(slug="busy", title_ru="Исходный заголовок")
    editors = 8

    def rename(n):
        mine = Article.objects.get(pk=article.pk)
        mine.slug = f"busy-{n}"
        mine.save()

    run_at_once(editors, rename)
    article.refresh_from_db()
    numbers = list(article.revisions.order_by("number").values_list("number", flat=True))
    assert numbers == list(range(1, editors + 2))
    every_address = {"busy", *{f"busy-{n}" for n in range(editors)}}
    old = set(ArticleRedirect.objects.filter(article=article).values_list("old_slug", flat=True))
    assert old == every_address - {article.slug}
