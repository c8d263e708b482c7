"""An agent works the queue in admin in a real Chromium: takes the next appeal, inserts a
canned reply, edits it, sends it; a stale page is refused; a colleague's presence shows."""

import re

import pytest

from tests.staff import make_agent
from tests.tickets.factories import make_appeal
from tickets import content, services
from tickets.models import CannedReply, OutboxEmail

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"


@pytest.fixture
def desk(transactional_db, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "core.files.SafeFileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
    content.load()
    CannedReply.objects.create(
        title_ru="Платёж найден",
        title_en="Payment found",
        body_ru="Здравствуйте, {name}! Платёж по обращению {reference} нашёлся.",
        body_en="Hello {name}! The payment of appeal {reference} was found.",
    )


def _agent(username):
    agent = make_agent(username)
    agent.set_password(PASSWORD)
    agent.save()
    return agent


def _log_in(page, live_server, username):
    page.goto(live_server.url + "/admin/login/?next=/admin/")
    page.get_by_label("Имя пользователя").fill(username)
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url(re.compile(r"/admin/$"))


def test_an_agent_takes_the_next_appeal_and_answers_with_an_edited_canned_reply(
    live_server, page, desk
):
    _agent("agent")
    appeal = make_appeal(name="Анна", subject="Платёж не дошёл")
    _log_in(page, live_server, "agent")

    page.get_by_role("button", name="Взять следующее обращение").click()
    page.wait_for_url(re.compile(rf"/admin/tickets/appeal/{appeal.pk}/change/$"))
    assert page.get_by_text(f"Обращение {appeal.reference} теперь ваше.").is_visible()

    box = page.locator("#id_replies-2-0-body")
    box.fill("Добрый день.")
    page.get_by_label("Шаблон ответа").select_option(label="Платёж найден")
    page.get_by_role("button", name="Вставить").click()
    # Inserted by the script, in place: no page load, nothing sent yet.
    expected = f"Здравствуйте, Анна! Платёж по обращению {appeal.reference} нашёлся."
    assert box.input_value() == f"Добрый день.\n\n{expected}"
    assert not OutboxEmail.objects.filter(kind="staff_reply").exists()

    box.press("End")
    box.press_sequentially(" Деньги вернутся сегодня.")
    page.get_by_role("button", name="Сохранить и продолжить редактирование").click()
    page.wait_for_load_state()

    sent = f"Добрый день.\n\n{expected} Деньги вернутся сегодня."
    # Browsers send a textarea's line breaks as CRLF.
    assert appeal.replies.get(author_kind="staff").body.replace("\r\n", "\n") == sent
    conversation = page.locator("#replies-group")
    assert "Деньги вернутся сегодня." in conversation.inner_text()
    history = page.locator("#events-group").inner_text()
    assert "Поддержка ответила" in history
    assert "Назначен исполнитель" in history
    assert OutboxEmail.objects.get(kind="staff_reply").to == appeal.email


def test_a_reply_on_a_stale_page_is_refused_and_the_typed_text_kept(live_server, page, desk):
    _agent("agent")
    appeal = make_appeal()
    _log_in(page, live_server, "agent")
    page.goto(live_server.url + f"/admin/tickets/appeal/{appeal.pk}/change/")
    page.locator("#id_replies-2-0-body").fill("Проверяем платёж.")
    services.reply_from_visitor(appeal=appeal, body="Нашла чек, сумма 300 ₽.")
    page.get_by_role("button", name="Сохранить и продолжить редактирование").click()
    page.wait_for_load_state()

    assert page.get_by_text("Посетитель написал ещё раз — сначала прочитайте").is_visible()
    assert page.get_by_text("Нашла чек, сумма 300 ₽.").is_visible()
    assert page.locator("#id_replies-2-0-body").input_value() == "Проверяем платёж."
    assert not appeal.replies.filter(author_kind="staff").exists()

    # Read now: the same text goes through.
    page.get_by_role("button", name="Сохранить и продолжить редактирование").click()
    page.wait_for_load_state()
    assert appeal.replies.get(author_kind="staff").body == "Проверяем платёж."


def test_an_agent_sees_a_colleague_open_the_same_appeal_without_reloading(
    live_server, browser, page, desk, settings
):
    settings.TICKETS_PRESENCE_HEARTBEAT_SECONDS = 1  # the page's heartbeat, for a quick test
    _agent("agent")
    colleague = _agent("olga")
    colleague.first_name, colleague.last_name = "Ольга", "Смирнова"
    colleague.save()
    appeal = make_appeal()
    url = live_server.url + f"/admin/tickets/appeal/{appeal.pk}/change/"

    _log_in(page, live_server, "agent")
    page.goto(url)
    presence = page.locator(".tickets-presence")
    assert presence.is_hidden()

    other = browser.new_context(locale="ru-RU", timezone_id="Europe/Moscow").new_page()
    try:
        _log_in(other, live_server, "olga")
        other.goto(url)
        assert re.fullmatch(
            r"также открыто: agent \(с \d\d:\d\d\)", other.locator(".tickets-presence").inner_text()
        )
        # The first page learns of her from its heartbeat.
        presence.wait_for(state="visible", timeout=10_000)
        assert re.fullmatch(r"также открыто: Ольга Смирнова \(с \d\d:\d\d\)", presence.inner_text())
    finally:
        other.context.close()
