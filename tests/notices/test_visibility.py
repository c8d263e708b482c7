"""Where and when visitors see a notice: its window, its topics and audiences, both languages."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from notices.models import Severity
from tests.contacts.factories import make_audience, make_phone
from tests.faq.factories import make_article, make_category
from tests.notices.factories import make_notice, make_update

pytestmark = pytest.mark.django_db

TITLE = "Платежи операторам связи задерживаются"


def _page(url: str) -> str:
    response = Client().get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def article(payments):
    category = make_category(slug="payments", name_ru="Платежи", name_en="Payments")
    article = make_article(category=category, slug="payment-failed", title_ru="Платёж не прошёл")
    payments.articles.add(article)
    other = make_article(category=category, slug="sms-codes", title_ru="Не приходит СМС")
    return article, other


def test_an_active_notice_shows_on_home_contacts_help_and_status(topics):
    make_phone(is_main_hotline=True)
    make_notice()
    for url in ("/", "/contacts/", "/help/", "/status/"):
        page = _page(url)
        assert TITLE in page, url
        assert "Сбой:" in page, url  # the severity is written out, not only a colour


def test_the_english_pages_show_the_english_text_and_fall_back_to_russian(topics):
    make_notice()
    make_notice(title_ru="Только по-русски", title_en="", text_en="")
    page = _page("/en/help/")
    assert "Payments to mobile operators are delayed" in page
    assert "Outage:" in page
    assert "Только по-русски" in page


@pytest.mark.parametrize(
    "fields",
    [
        {"is_published": False},
        {"starts_at": timezone.now() + timedelta(hours=1)},
        {
            "starts_at": timezone.now() - timedelta(hours=2),
            "ends_at": timezone.now() - timedelta(minutes=1),
        },
    ],
    ids=["unpublished", "not started", "ended"],
)
def test_a_notice_outside_its_window_or_unpublished_is_not_shown(topics, fields):
    make_notice(**fields)
    assert TITLE not in _page("/help/")
    assert TITLE not in _page("/")


def test_an_article_shows_the_notices_of_its_topics_and_those_about_every_topic(article, sms):
    payment_failed, _sms_codes = article
    make_notice(topics=[sms], title_ru="Сбой рассылки СМС")
    make_notice(topics=[payment_failed.topics.get()], title_ru="Сбой платежей")
    make_notice(title_ru="Обо всём")
    page = _page("/help/payments/payment-failed/")
    assert "Сбой платежей" in page
    assert "Обо всём" in page
    assert "Сбой рассылки СМС" not in page
    other = _page("/help/payments/sms-codes/")
    assert "Сбой платежей" not in other
    assert "Обо всём" in other


def test_contacts_show_a_notice_for_one_audience_in_its_section_only(topics):
    cards = make_audience(slug="cards", name_ru="Держателям карт")
    wallet = make_audience(slug="wallet", name_ru="Пользователям кошелька")
    make_phone(audience=cards)
    make_phone(audience=wallet, phone="8 800 707-77-59")
    make_notice(audiences=[cards], title_ru="Карты не привязываются")
    page = _page("/contacts/")
    cards_section = page[page.index('id="cards"') : page.index('id="wallet"')]
    assert "Карты не привязываются" in cards_section
    assert page.count("Карты не привязываются") == 1


def test_an_update_shows_with_its_time(topics):
    notice = make_notice()
    make_update(notice, text_ru="Исправлено в 14:20.")
    assert "Исправлено в 14:20." in _page("/")
    assert "Исправлено в 14:20." in _page("/status/")


def test_status_lists_recent_notices_and_forgets_older_ones(topics, settings):
    settings.NOTICES_RECENT_DAYS = 14
    now = timezone.now()
    make_notice(
        title_ru="Вчерашний сбой",
        starts_at=now - timedelta(days=1, hours=2),
        ends_at=now - timedelta(days=1),
    )
    make_notice(
        title_ru="Давний сбой",
        starts_at=now - timedelta(days=20, hours=2),
        ends_at=now - timedelta(days=20),
    )
    page = _page("/status/")
    assert "Вчерашний сбой" in page
    assert "Давний сбой" not in page
    assert "Известных проблем нет" in page


def test_status_with_nothing_to_report_says_so(topics):
    assert "No known problems: everything works as usual." in _page("/en/status/")


def test_the_atom_feed_lists_current_and_recent_notices_with_updates(topics):
    notice = make_notice(severity=Severity.DEGRADED)
    make_update(notice, text_en="Fixed at 14:20.")
    make_notice(
        title_en="Last week's outage",
        starts_at=timezone.now() - timedelta(days=7),
        ends_at=timezone.now() - timedelta(days=6),
    )
    response = Client().get("/en/status/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert "<feed" in body and 'xmlns="http://www.w3.org/2005/Atom"' in body
    assert "Degraded service: Payments to mobile operators are delayed" in body
    assert "Fixed at 14:20." in body
    assert "Last week&#x27;s outage" in body or "Last week's outage" in body
    # Addresses on SITE_URL, in the feed's language.
    assert 'href="http://127.0.0.1:8000/en/status/feed/"' in body
    assert 'xml:lang="en"' in body


def test_the_status_page_is_in_the_sitemap(topics):
    body = Client().get("/sitemap-pages.xml").content.decode()
    assert "/status/</loc>" in body


def test_every_page_links_the_status_page_from_its_footer(topics):
    footer = _page("/contacts/").split('<footer class="site-footer">')[1]
    assert '<a href="/status/">Состояние сервиса</a>' in footer
    footer = _page("/en/help/").split('<footer class="site-footer">')[1]
    assert '<a href="/en/status/">Service status</a>' in footer
