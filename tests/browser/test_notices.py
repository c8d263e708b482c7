"""A visitor meets an outage notice on the home page, then on the appeal form as soon as they pick
the topic it concerns (notices/appeal-notices.js: no request, before they type)."""

import pytest

from tests.notices.factories import make_notice
from tickets import content
from tickets.models import Topic

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Платежи операторам связи задерживаются"
HINT = "Об этом писать не нужно: мы знаем о проблеме и уже исправляем её."


@pytest.fixture
def outage(transactional_db):
    content.load()
    return make_notice(topics=[Topic.objects.get(slug="payments")])


def test_a_notice_on_the_home_page_then_on_the_appeal_form_for_its_topic(live_server, page, outage):
    page.goto(live_server.url + "/")
    notices = page.get_by_role("status").filter(has_text=TITLE)
    assert notices.is_visible()
    assert "Сбой:" in notices.inner_text()  # the severity in words, not only a colour

    page.goto(live_server.url + "/appeal/")
    hint = page.locator("#topic-notices")
    assert hint.get_attribute("role") == "status"
    assert HINT not in hint.inner_text()  # nothing chosen yet

    page.get_by_label("Ошибки в платежах").check()
    page.wait_for_function(
        "hint => document.getElementById('topic-notices').textContent.includes(hint)", arg=HINT
    )
    assert TITLE in hint.inner_text()
    assert page.get_by_label("Тема", exact=True).input_value() == ""  # before typing anything

    page.get_by_label("Вопросы по смс-оповещениям").check()
    page.wait_for_function("!document.getElementById('topic-notices').textContent.trim()")
    assert HINT not in hint.inner_text()
