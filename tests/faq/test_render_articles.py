"""`manage.py render_articles`: re-render stored HTML after a renderer or allow-list change."""

from io import StringIO

import pytest
from django.core.management import call_command

from faq.models import Article
from tests.faq.factories import make_article

pytestmark = pytest.mark.django_db


def test_it_renders_every_article_again_without_touching_its_dates():
    article = make_article(body_ru="## Раздел\n\nТекст.")
    Article.objects.filter(pk=article.pk).update(
        body_html_ru="<p>stale</p>", body_text_ru="stale", search_text_ru="stale"
    )
    before = Article.objects.get(pk=article.pk).updated_at
    out = StringIO()
    call_command("render_articles", stdout=out)
    assert "Articles rendered: 1." in out.getvalue()
    article.refresh_from_db()
    assert article.body_html_ru == '<h2 id="раздел">Раздел</h2>\n<p>Текст.</p>'
    assert article.body_text_ru == "Раздел. Текст."
    assert "раздел. текст." in article.search_text_ru
    assert article.updated_at == before
