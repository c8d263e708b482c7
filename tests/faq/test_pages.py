"""What a visitor sees on /help/, a category page and an article page, in both languages."""

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from faq.models import Article
from tests.faq.factories import make_article, make_category, make_vote

pytestmark = pytest.mark.django_db


def _json_ld(body: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)
    assert match, "no JSON-LD block"
    return json.loads(match.group(1))


def test_help_lists_categories_with_their_articles(visitor_client):
    category = make_category(name_ru="Связь с поддержкой", description_ru="Телефоны и почта.")
    article = make_article(category=category, title_ru="Как позвонить")
    make_category(name_ru="Пустая тема")
    body = visitor_client.get("/help/").content.decode()
    assert "<h1>Помощь</h1>" in body
    assert f'<a href="{category.get_absolute_url()}">Связь с поддержкой</a>' in body
    assert f'<a href="{article.get_absolute_url()}">Как позвонить</a>' in body
    assert "Телефоны и почта." in body
    assert "Пустая тема" not in body  # nothing to show there yet


def test_help_shows_the_most_helpful_articles(visitor_client):
    loved = make_article(title_ru="Самая полезная")
    liked = make_article(title_ru="Полезная")
    disliked = make_article(title_ru="Бесполезная")
    for _ in range(3):
        make_vote(loved)
    make_vote(liked)
    make_vote(disliked, helpful=False)
    body = visitor_client.get("/help/").content.decode()
    section = body.split("Самые полезные ответы")[1].split("</section>")[0]
    assert section.index("Самая полезная") < section.index("Полезная</a>")
    assert "Бесполезная" not in section


def test_the_most_helpful_are_the_best_published_ones_whatever_the_limit():
    def voted(title, yes, no=0, **fields):
        article = make_article(title_ru=title, **fields)
        for _ in range(yes):
            make_vote(article)
        for _ in range(no):
            make_vote(article, helpful=False)
        return article

    best = voted("Лучшая", 4)
    tied_fewer_no = voted("Ничья, меньше «нет»", 2, 0, order=20)
    tied_more_no = voted("Ничья, больше «нет»", 2, 1, order=10)
    tied_first = voted("Ничья, раньше по порядку", 2, 0, order=5)
    voted("Одна «да»", 1)
    # Not public: however many votes they have, they take no place in the list.
    voted("Черновик", 9, published=False)
    later = timezone.now() + timedelta(days=1)
    voted("Запланирована", 9, publish_at=later)
    voted("Только «нет»", 0, 5)

    def titles(limit):
        return [a.title_ru for a in Article.objects.most_helpful(limit).for_lists()]

    assert titles(4) == [
        best.title_ru,
        tied_first.title_ru,
        tied_fewer_no.title_ru,
        tied_more_no.title_ru,
    ]
    assert titles(2) == [best.title_ru, tied_first.title_ru]
    assert len(titles(10)) == 5  # everything with a "yes" that the public can see


def test_the_category_page_lists_its_articles_in_order(visitor_client):
    category = make_category(name_ru="Платежи", description_ru="Ошибки в платежах.")
    second = make_article(category=category, title_ru="Вторая", order=20)
    first = make_article(category=category, title_ru="Первая", order=10, summary_ru="Кратко.")
    response = visitor_client.get(f"/help/{category.slug}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "<title>Платежи — Помощь — Справка</title>" in body
    assert '<meta name="description" content="Ошибки в платежах.">' in body
    assert body.index(first.title_ru) < body.index(second.title_ru)
    assert "Кратко." in body


def test_an_unknown_category_or_article_is_a_404(visitor_client):
    category = make_category()
    assert visitor_client.get("/help/no-such-topic/").status_code == 404
    assert visitor_client.get(f"/help/{category.slug}/no-such-article/").status_code == 404


def test_the_article_page_has_title_description_breadcrumbs_and_date(visitor_client):
    category = make_category(name_ru="Платежи")
    article = make_article(
        category=category,
        title_ru="Ошибка в платеже",
        summary_ru="Что проверить, если платёж не прошёл.",
        body_ru="## Что проверить\n\nСтатус платежа.",
    )
    body = visitor_client.get(article.get_absolute_url()).content.decode()
    assert "<title>Ошибка в платеже — Справка</title>" in body
    assert '<meta name="description" content="Что проверить, если платёж не прошёл.">' in body
    assert "<h1>Ошибка в платеже</h1>" in body
    crumbs = body.split('class="breadcrumbs"')[1].split("</nav>")[0]
    assert '<a href="/help/">Помощь</a>' in crumbs
    assert f'<a href="{category.get_absolute_url()}">Платежи</a>' in crumbs
    assert '<span aria-current="page">Ошибка в платеже</span>' in crumbs
    updated = timezone.localtime(article.updated_at).replace(microsecond=0).isoformat()
    assert "Обновлено" in body and f'datetime="{updated}"' in body
    assert '<h2 id="что-проверить">Что проверить</h2>' in body


def test_the_article_page_links_related_articles_and_the_appeal_form(visitor_client):
    article = make_article()
    related = make_article(title_ru="Смежная статья")
    article.related.add(related)
    body = visitor_client.get(article.get_absolute_url()).content.decode()
    assert f'<a href="{related.get_absolute_url()}">Смежная статья</a>' in body
    assert '<a href="/appeal/">' in body


def test_breadcrumbs_json_ld_lists_the_path_and_cannot_be_broken_out_of(visitor_client):
    category = make_category(name_ru="Тема")
    article = make_article(category=category, title_ru="</script><script>alert(1)</script>&")
    body = visitor_client.get(article.get_absolute_url()).content.decode()
    assert "</script><script>alert(1)" not in body
    data = _json_ld(body)
    assert data["@type"] == "BreadcrumbList"
    items = data["itemListElement"]
    assert [item["position"] for item in items] == [1, 2, 3, 4]
    assert items[0]["item"] == "http://127.0.0.1:8000/"
    assert items[1]["item"] == "http://127.0.0.1:8000/help/"
    assert items[2] == {
        "@type": "ListItem",
        "position": 3,
        "name": "Тема",
        "item": "http://127.0.0.1:8000" + category.get_absolute_url(),
    }
    assert items[3]["name"] == "</script><script>alert(1)</script>&"
    assert items[3]["item"] == "http://127.0.0.1:8000" + article.get_absolute_url()


def test_english_pages_show_the_english_text(visitor_client):
    category = make_category(name_ru="Платежи", name_en="Payments")
    article = make_article(
        category=category,
        title_ru="Ошибка в платеже",
        title_en="A payment went wrong",
        summary_en="What to check.",
        body_en="Check the **status**.",
    )
    body = visitor_client.get("/en" + article.get_absolute_url()).content.decode()
    assert '<html lang="en">' in body
    assert "<h1>A payment went wrong</h1>" in body
    assert "<strong>status</strong>" in body
    assert '<a href="/en/help/">Help</a>' in body
    assert "Ошибка в платеже" not in body


def test_hreflang_and_canonical_of_a_translated_article(visitor_client):
    article = make_article(title_en="In English", body_en="Text.")
    path = article.get_absolute_url()
    for url in (path, "/en" + path):
        body = visitor_client.get(url).content.decode()
        assert f'<link rel="alternate" hreflang="ru" href="http://127.0.0.1:8000{path}">' in body
        assert f'<link rel="alternate" hreflang="en" href="http://127.0.0.1:8000/en{path}">' in body
        assert f'hreflang="x-default" href="http://127.0.0.1:8000{path}"' in body
        assert f'<link rel="canonical" href="http://127.0.0.1:8000{url}">' in body


def test_an_untranslated_article_falls_back_to_russian_and_points_search_engines_there(
    visitor_client,
):
    article = make_article(title_ru="Только по-русски", body_ru="Русский текст.")
    path = article.get_absolute_url()
    body = visitor_client.get("/en" + path).content.decode()
    assert "<h1>Только по-русски</h1>" in body
    assert '<article class="faq-article" lang="ru">' in body
    assert f'<link rel="canonical" href="http://127.0.0.1:8000{path}">' in body
    assert 'hreflang="en"' not in body.split("</head>")[0]


def test_an_article_moved_to_another_category_redirects_to_its_address(visitor_client):
    article = make_article()
    other = make_category()
    response = visitor_client.get(f"/help/{other.slug}/{article.slug}/")
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


def test_category_addresses_of_the_section_s_own_pages_are_refused():
    from django.core.exceptions import ValidationError

    category = make_category()
    category.slug = "search"
    with pytest.raises(ValidationError) as error:
        category.full_clean()
    assert "slug" in error.value.message_dict
