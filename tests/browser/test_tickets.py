"""A visitor files an appeal in a real Chromium: the form, its enhancements, the result."""

import json
import re

import pytest

from tests.tickets.factories import png_bytes
from tickets import content
from tickets.models import Appeal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def topics(transactional_db, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "core.files.SafeFileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
    content.load()


def _fill(page):
    page.get_by_label("Ошибки в платежах").check()
    page.get_by_label("Ваше имя").fill("Анна Петрова")
    page.get_by_label("Электронная почта").fill("anna@example.org")
    page.get_by_label("Тема", exact=True).fill("Платёж не дошёл до оператора")
    page.get_by_label("Опишите проблему").fill("Деньги списались, на счёт не пришли.")
    page.get_by_label("Я согласен на обработку моих персональных данных").check()


def test_a_visitor_files_an_appeal_with_a_screenshot(live_server, page, topics):
    page.goto(live_server.url + "/appeal/")
    _fill(page)
    page.get_by_label("Файлы").set_input_files(
        [{"name": "screen.png", "mimeType": "image/png", "buffer": png_bytes()}]
    )
    assert "screen.png" in page.locator("#chosen-files").inner_text()
    page.get_by_role("button", name="Отправить обращение").click()

    page.wait_for_url(re.compile(r"/appeal/SP-[^/]+/[^/]+/sent/$"))
    reference = page.locator("#reference").inner_text()
    assert re.fullmatch(r"SP-[2-9A-Z]{3}-[2-9A-Z]{3}", reference)
    assert page.get_by_role("heading", name="Обращение отправлено").is_visible()

    page.get_by_role("link", name="Открыть страницу обращения").click()
    page.wait_for_url(re.compile(rf"/appeal/{reference}/[^/]+/$"))
    assert page.get_by_role("heading", name=f"Обращение {reference}").is_visible()
    assert page.get_by_text("Новое", exact=True).is_visible()
    assert page.get_by_role("link", name="screen.png").is_visible()
    appeal = Appeal.objects.get()
    assert appeal.reference == reference
    assert appeal.attachments.get().content_type == "image/png"


def test_help_articles_matching_the_subject_are_suggested(live_server, page, topics):
    asked = []

    def fake_suggest(route):
        asked.append(route.request.url)
        body = {
            "results": [
                {
                    "title": "Платёж не зачислен: что делать",
                    "url": "/help/payment-not-credited/",
                    "summary": "Проверьте статус платежа в истории.",
                },
                {"title": "Чужой сайт", "url": "https://evil.example/", "summary": "нет"},
            ]
        }
        route.fulfill(status=200, content_type="application/json", body=json.dumps(body))

    page.route("**/help/suggest/?q=*", fake_suggest)
    page.goto(live_server.url + "/appeal/")
    page.get_by_label("Тема", exact=True).press_sequentially("платёж не", delay=20)

    suggestions = page.locator("#help-suggestions")
    link = suggestions.get_by_role("link", name="Платёж не зачислен: что делать")
    link.wait_for()
    assert link.get_attribute("href").endswith("/help/payment-not-credited/")
    assert link.get_attribute("target") == "_blank"
    assert "Проверьте статус платежа" in suggestions.inner_text()
    assert "Чужой сайт" not in suggestions.inner_text()  # other sites' links are dropped
    assert suggestions.get_attribute("aria-live") == "polite"
    assert "q=%D0%BF%D0%BB%D0%B0%D1%82%D1%91%D0%B6%20%D0%BD%D0%B5" in asked[-1]
    # Typing is debounced: one request for the whole phrase, not one per key.
    assert len(asked) <= 2


def test_a_double_click_on_send_makes_one_appeal(live_server, page, topics):
    page.goto(live_server.url + "/appeal/")
    _fill(page)
    page.get_by_role("button", name="Отправить обращение").dblclick()
    page.wait_for_url(re.compile(r"/sent/$"))
    assert Appeal.objects.count() == 1
