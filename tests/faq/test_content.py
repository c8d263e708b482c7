"""The shipped help articles: loaded idempotently, staff edits kept, accurate to the seed."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from faq import content
from faq.models import Article, Category
from faq.search import parse_query, search_articles

pytestmark = pytest.mark.django_db

SEED_NUMBERS = [
    "8 800 707-77-59",
    "8 800 200-53-90",
    "+7 495 783-69-00",
    "8 800 200-62-25",
    "+7 495 231-36-45",
    "+7 495 231-36-46",
    "+7 495 009-00-99",
    "8 800 200-00-59",
    "+7 495 783-59-59",
]
SEED_EMAILS = ["tp@qiwi.com", "konsultant@qiwi.com", "bankinfo@qiwi.ru"]


def _load() -> str:
    out = StringIO()
    call_command("load_content", stdout=out)
    return out.getvalue()


def test_it_creates_published_articles_in_russian_and_english(shipped_content):
    assert Category.objects.count() == len(content.CATEGORIES) == 3
    assert Article.objects.published().count() == len(content.ARTICLES) >= 10
    for article in Article.objects.all():
        for code in ("ru", "en"):
            assert getattr(article, f"title_{code}"), (article.slug, code)
            assert getattr(article, f"summary_{code}"), (article.slug, code)
            assert getattr(article, f"body_html_{code}"), (article.slug, code)
        assert article.languages() == ["ru", "en"]


def test_loading_twice_creates_no_duplicates():
    assert "3 categories and 14 articles created" in _load()
    second = _load()
    assert "0 categories and 0 articles created" in second
    assert "17 left as they were" in second
    assert Article.objects.count() == 14


def test_staff_edits_are_kept_and_only_blanks_are_filled(shipped_content):
    article = Article.objects.get(slug="payment-errors")
    article.title_ru = "Платёж не прошёл: что делать"
    article.body_en = ""
    article.status = Article.Status.DRAFT
    article.order = 1
    article.related.clear()
    article.save()
    summary = _load()
    assert "1 completed with missing or updated text" in summary
    article.refresh_from_db()
    assert article.title_ru == "Платёж не прошёл: что делать"
    assert article.status == Article.Status.DRAFT
    assert article.order == 1
    assert article.related.count() == 0
    assert article.body_en.startswith("A payment is stuck")
    assert "A payment is stuck" in article.body_html_en


def test_the_articles_cover_the_topics_of_the_seed(shipped_content):
    slugs = set(Article.objects.values_list("slug", flat=True))
    assert {
        "how-to-contact-support",
        "support-phone-numbers",
        "best-time-to-call",
        "priority-service",
        "terminal-failure",
        "login-problems",
        "site-or-app-errors",
        "payment-errors",
        "sms-notifications",
        "what-support-cannot-help-with",
        "how-to-file-an-appeal",
    } <= slugs


@pytest.mark.parametrize("code", ["ru", "en"])
def test_every_seed_number_and_address_is_shipped(shipped_content, code):
    text = " ".join(Article.objects.values_list(f"body_text_{code}", flat=True))
    for number in SEED_NUMBERS:
        assert number in text, number
    for email in SEED_EMAILS:
        assert email in text, email


def test_seed_facts_are_stated(shipped_content):
    def text(slug):
        return Article.objects.get(slug=slug).body_text_ru

    assert "круглосуточно" in text("how-to-contact-support")
    assert "с 19:00 до 22:00" in text("best-time-to-call") and "в субботу" in text(
        "best-time-to-call"
    )
    assert "с 9:00 до 18:00" in text("support-phone-numbers")
    assert "10 секунд" in text("priority-service")
    assert "в течение суток" in text("how-to-file-an-appeal")
    assert "сторонн" in text("what-support-cannot-help-with")
    assert "другому человеку" in text("what-support-cannot-help-with")


def test_phone_numbers_are_links_that_phones_can_call(shipped_content):
    html = Article.objects.get(slug="support-phone-numbers").body_html_ru
    assert '<a href="tel:+78007077759">8 800 707-77-59</a>' in html
    assert '<a href="tel:+74957836900">+7 495 783-69-00</a>' in html


@pytest.mark.parametrize("code", ["ru", "en"])
def test_every_link_between_pages_works_and_stays_in_the_language(
    shipped_content, visitor_client, code
):
    for article in Article.objects.all():
        html = getattr(article, f"body_html_{code}")
        for href in re.findall(r'href="(/[^"#]*)', html):
            assert href.startswith("/en/") == (code == "en"), (article.slug, href)
            assert visitor_client.get(href).status_code == 200, (article.slug, href)


def test_the_appeal_article_links_to_the_appeal_form(shipped_content):
    assert 'href="/appeal/"' in Article.objects.get(slug="how-to-file-an-appeal").body_html_ru
    assert 'href="/en/appeal/"' in Article.objects.get(slug="how-to-file-an-appeal").body_html_en


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("ПЛАТЁЖ", "payment-errors"),
        ("приоритет", "priority-service"),
        ("авторизацией", "login-problems"),
        ("терминал чек", "terminal-failure"),
        ("СМС", "sms-notifications"),
    ],
)
def test_the_shipped_articles_are_found_by_their_words(shipped_content, query, slug):
    found = [r.article.slug for r in search_articles(parse_query(query), language="ru")]
    assert slug in found[:3], found


@pytest.mark.parametrize(
    ("query", "slug"),
    [("payment", "payment-errors"), ("Priority", "priority-service"), ("SMS", "sms-notifications")],
)
def test_the_english_versions_are_found_in_english(shipped_content, query, slug):
    found = [r.article.slug for r in search_articles(parse_query(query), language="en")]
    assert slug in found[:3], found


def test_an_unedited_article_from_an_earlier_release_gets_the_new_shipped_text(shipped_content):
    article = Article.objects.get(slug="support-phone-numbers")
    old_ru = "Старый текст статьи о телефонах."
    article.body_ru = old_ru
    article.body_en = "Staff rewrote this one."
    article.save()
    key = ("support-phone-numbers", "ru")
    superseded = {**content.SUPERSEDED_BODIES, key: {content.text_hash(old_ru)}}

    from unittest import mock

    with mock.patch.object(content, "SUPERSEDED_BODIES", superseded):
        _load()
        _load()

    article.refresh_from_db()
    assert "из-за рубежа звоните на номер +7" in article.body_ru
    assert "из-за рубежа" in article.body_html_ru
    assert article.body_en == "Staff rewrote this one."


def test_the_superseded_hashes_are_of_other_texts_than_the_shipped_ones():
    for (slug, code), hashes in content.SUPERSEDED_BODIES.items():
        shipped = next(a for a in content.ARTICLES if a.slug == slug)
        assert content.text_hash(shipped.body(code)) not in hashes


@pytest.mark.parametrize(
    ("code", "sections"),
    [
        ("ru", ["Пользователям кошелька", "Агентам", "Держателям карт", "Если горячая линия"]),
        ("en", ["Wallet users", "Agents", "QIWI Bank cardholders", "If the hotline"]),
    ],
)
def test_the_phone_numbers_article_says_which_number_to_call_from_abroad_for_everyone(
    code, sections
):
    body = next(a for a in content.ARTICLES if a.slug == "support-phone-numbers").body(code)
    abroad = "из-за рубежа" if code == "ru" else "from abroad"
    parts = re.split(r"^## ", body, flags=re.M)[1:]
    assert len(parts) == len(sections)
    assert all(part.startswith(name) for part, name in zip(parts, sections, strict=True))
    for part in parts:
        abroad_lines = [line for line in part.splitlines() if abroad in line.lower()]
        assert abroad_lines, part.splitlines()[0]
        assert any("+7 495" in line for line in abroad_lines), part.splitlines()[0]
    wallet = parts[0]
    assert "+7 495 783-69-00" in wallet


def test_every_shipped_article_file_says_in_its_front_matter_what_the_site_needs():
    categories = {category.slug for category in content.CATEGORIES}
    slugs = {article.slug for article in content.ARTICLES}
    for article in content.ARTICLES:
        assert article.category in categories, article.slug
        assert set(article.related) <= slugs - {article.slug}, article.slug
        for code in content.LANGUAGES:
            assert article.title[code] and article.summary[code], (article.slug, code)
            assert not article.body(code).startswith("+++"), (article.slug, code)
