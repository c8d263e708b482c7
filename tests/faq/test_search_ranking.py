"""Search ranking at a real help center's size: the best matches, not the first ones found.

PostgreSQL ranked only the first 500 matches in table order: with a word found in most articles'
text, an article with that word in its title (but further on in the table) was never shown.
"""

import pytest
from django.test import Client
from django.utils import timezone

from faq.models import Article
from faq.search import MAX_RANKED, parse_query, search_articles
from tests.faq.factories import make_article, make_category, make_vote

pytestmark = pytest.mark.django_db

BODY = "Как сделать перевод между кошельками и сколько он идёт."


def _articles_mentioning_it_in_the_text(count):
    """`count` published articles with the word «перевод» in the text only, written the way
    Article.save() writes them (rendered text and search index) but in one INSERT."""
    category = make_category()
    now = timezone.now()
    articles = []
    for n in range(count):
        article = Article(
            category=category,
            slug=f"text-{n}",
            title_ru=f"Статья номер {n}",
            summary_ru="Кратко о разном.",
            body_ru=BODY,
            status=Article.Status.PUBLISHED,
            published_at=now,
            order=n,
        )
        article.render()
        articles.append(article)
    Article.objects.bulk_create(articles)
    for article in Article.objects.filter(slug__startswith="text-"):
        article.index_for_search()


def _titles(response):
    body = response.content.decode()
    return [
        part.split(">", 1)[1].split("</a>")[0]
        for part in body.split('<h2 class="faq-result__title"><a href=')[1:]
    ]


def test_the_article_with_the_word_in_its_title_comes_first_among_hundreds():
    _articles_mentioning_it_in_the_text(MAX_RANKED + 120)
    # Written last: the end of the table, past the first MAX_RANKED matches.
    make_article(title_ru="Перевод между кошельками", body_ru="Подробности ниже.")
    make_article(title_ru="Кошельки", summary_ru="Перевод и его сроки.", body_ru="Текст.")
    response = Client().get("/help/search/", {"q": "переводы"})
    titles = _titles(response)
    assert titles[:2] == ["Перевод между кошельками", "Кошельки"]
    assert len(titles) == 20  # and the page is filled with matches in the text


def test_matches_in_the_text_still_fill_the_page_when_no_title_has_the_word():
    _articles_mentioning_it_in_the_text(30)
    found = search_articles(parse_query("перевод кошельками"), language="ru")
    assert len(found) == 20
    assert all(result.article.slug.startswith("text-") for result in found)


def test_words_split_between_title_and_text_are_found():
    make_article(slug="split", title_ru="Перевод", body_ru="Между кошельками за минуту.")
    make_article(slug="title-only", title_ru="Перевод на карту", body_ru="Текст.")
    found = [r.article.slug for r in search_articles(parse_query("перевод кошельками"))]
    assert found == ["split"]


def test_a_search_that_finds_nothing_shows_topics_and_answers_and_follows_edits(
    django_assert_max_num_queries,
):
    helpful = make_article(title_ru="Как пополнить кошелёк", body_ru="Текст.")
    make_vote(helpful)
    Client().get("/help/search/", {"q": "щщщщ"})
    # The same lists for every unfound query: the next one does not build them again (the
    # queries are the search and the "did you mean" look-up in the vocabulary).
    with django_assert_max_num_queries(3):
        page = Client().get("/help/search/", {"q": "ыыыыы"}).content.decode()
    assert "Как пополнить кошелёк" in page and helpful.category.name in page
    # A staff edit shows at once: the kept lists belong to the content version it replaced.
    topic = make_category(name_ru="Новая тема")
    make_article(category=topic, title_ru="Другое", body_ru="Текст.")
    page = Client().get("/help/search/", {"q": "ъъъъъ"}).content.decode()
    assert "Новая тема" in page
