"""Articles not reviewed for FAQ_REVIEW_MONTHS are listed for editors: a filter in the article
list and a count on the admin's first page; a change of text or "Reviewed" resets the clock."""

from datetime import timedelta

import pytest
import time_machine

from faq.history import revision_context
from faq.models import Article, months_before
from tests.contacts.factories import msk
from tests.faq.factories import make_article
from tests.staff import client_for

pytestmark = pytest.mark.django_db

WRITTEN = msk(2025, 3, 31, 12, 0)


@pytest.fixture
def old_and_fresh():
    with time_machine.travel(WRITTEN, tick=False):
        old = make_article(title_ru="Старая статья")
    fresh = make_article(title_ru="Свежая статья")
    return old, fresh


def test_a_month_back_keeps_the_day_or_takes_the_months_last():
    assert months_before(msk(2026, 3, 31, 9), 1) == msk(2026, 2, 28, 9)
    assert months_before(msk(2026, 1, 15), 12) == msk(2025, 1, 15)


def test_articles_not_reviewed_for_the_set_months_are_due(old_and_fresh, settings):
    old, _fresh = old_and_fresh
    now = msk(2026, 3, 31, 12, 0, 1)
    assert list(Article.objects.due_for_review(now)) == [old]
    settings.FAQ_REVIEW_MONTHS = 13
    assert list(Article.objects.due_for_review(now)) == []
    # Exactly 12 months after it was written it is not due yet; a second later it is.
    settings.FAQ_REVIEW_MONTHS = 12
    assert list(Article.objects.due_for_review(now - timedelta(seconds=1))) == []


def test_editors_find_them_with_a_filter_and_a_count_on_the_admin_index(
    old_and_fresh, content_editor, agent
):
    editor = client_for(content_editor)
    index = editor.get("/admin/").content.decode()
    assert "Статьи справки, которые пора проверить" in index
    assert 'href="/admin/faq/article/?review=due"' in index
    due = editor.get("/admin/faq/article/?review=due").content.decode()
    assert "Старая статья" in due and "Свежая статья" not in due
    # Agents do not edit articles: no reminder for them.
    assert "пора проверить" not in client_for(agent).get("/admin/").content.decode()


def test_ticking_reviewed_in_admin_takes_it_off_the_list(old_and_fresh, content_editor):
    old, _fresh = old_and_fresh
    data = {
        "category": old.category_id,
        "title_ru": old.title_ru,
        "summary_ru": old.summary_ru,
        "body_ru": old.body_ru,
        "status": "published",
        "slug": old.slug,
        "order": old.order,
        "reviewed": "on",
    }
    response = client_for(content_editor).post(f"/admin/faq/article/{old.pk}/change/", data)
    assert response.status_code == 302
    assert not Article.objects.due_for_review().exists()
    old.refresh_from_db()
    assert old.reviewed_at > msk(2026, 1, 1)


def test_a_change_of_text_is_a_review_but_a_status_change_is_not(old_and_fresh):
    old, _fresh = old_and_fresh
    old.status = Article.Status.DRAFT
    old.save()
    old.status = Article.Status.PUBLISHED
    old.save()
    assert Article.objects.due_for_review().filter(pk=old.pk).exists()
    with revision_context(message="typo"):
        old.body_ru = old.body_ru + " Исправлено."
        old.save()
    assert not Article.objects.due_for_review().filter(pk=old.pk).exists()
