"""Journeys on a phone-size screen (390×844), each leaving a screenshot in test-artifacts/."""

import re

import pytest

from tests.browser.conftest import ARTIFACTS
from tests.tickets.factories import png_bytes

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("shipped_content", "media_in_tmp"),
]

WIDTH, HEIGHT = 390, 844


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport={"width": WIDTH, "height": HEIGHT},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="ru-RU",
        timezone_id="Europe/Moscow",
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"phone-{name}.png"))


def _no_sideways_scrolling(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH, page.url


def _bottom(locator) -> float:
    box = locator.bounding_box()
    assert box is not None
    return box["y"] + box["height"]


def test_a_card_holder_finds_the_bank_number_and_whether_it_is_open_now(live_server, phone):
    phone.goto(live_server.url + "/contacts/")
    _no_sideways_scrolling(phone)
    first_card = phone.locator(".channel").first
    number = first_card.locator(".channel__value a")
    assert re.fullmatch(r"[+\d][\d \-]+", number.inner_text())
    status = first_card.locator(".status")
    assert re.match(r"(Открыто|Закрыто)", status.inner_text())
    # On the first screen, without scrolling: a number and whether it is open now.
    assert _bottom(number) <= HEIGHT
    assert _bottom(status) <= HEIGHT
    _shot(phone, "contacts")

    phone.get_by_role("link", name="Держателям карт QIWI Банка").click()
    phone.wait_for_url(re.compile(r"#card-holders$"))
    group = phone.locator("#card-holders")
    bank = group.locator(".channel").first
    assert bank.locator(".channel__value a").inner_text() == "8 800 200-62-25"
    bank_status = bank.locator(".status")
    assert re.match(r"(Открыто|Закрыто)", bank_status.inner_text())
    assert bank_status.bounding_box()["y"] >= 0 and _bottom(bank_status) <= HEIGHT
    _shot(phone, "contacts-card-holders")

    # The heat map fits the screen: a table per hour, the week across.
    heat = phone.locator("table.wait-by-hour")
    heat.scroll_into_view_if_needed()
    assert heat.is_visible()
    assert heat.bounding_box()["width"] <= WIDTH
    assert not phone.locator("table.heat-map").is_visible()
    _shot(phone, "contacts-when-to-call")


def test_a_visitor_searches_for_missing_sms_and_opens_the_right_article(live_server, phone):
    phone.goto(live_server.url + "/")
    _no_sideways_scrolling(phone)
    phone.get_by_role("searchbox").fill("не приходит смс")
    phone.get_by_role("button", name="Найти").click()
    phone.wait_for_url(re.compile(r"/help/search/\?q="))
    assert phone.get_by_role("searchbox").count() == 1  # one search box on the results page
    _no_sideways_scrolling(phone)
    _shot(phone, "search-results")

    phone.locator(".faq-results").get_by_role("link", name="Вопросы по СМС-оповещениям").click()
    phone.wait_for_url(re.compile(r"/help/[\w-]+/sms-notifications/$"))
    assert phone.get_by_role("heading", level=1).inner_text() == "Вопросы по СМС-оповещениям"
    _no_sideways_scrolling(phone)
    _shot(phone, "sms-article")


def test_a_visitor_files_an_appeal_with_a_file_and_opens_its_private_page(live_server, phone):
    phone.goto(live_server.url + "/appeal/")
    phone.get_by_label("Ошибки в платежах").check()
    phone.get_by_label("Ваше имя").fill("Анна Петрова")
    phone.get_by_label("Электронная почта").fill("anna@example.org")
    phone.get_by_label("Тема", exact=True).fill("Платёж не дошёл до оператора")
    phone.get_by_label("Опишите проблему").fill("Деньги списались, на счёт не пришли.")
    files = phone.get_by_label("Файлы")
    files.set_input_files(
        [{"name": "screen.png", "mimeType": "image/png", "buffer": png_bytes((400, 300)) * 20}]
    )
    box = files.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44  # a real touch target
    # The size in the page's language, as the server writes it: "5,2 КБ".
    assert re.search(r"screen\.png \(\d+,\d\xa0КБ\)", phone.locator("#chosen-files").inner_text())
    phone.get_by_label("Я согласен на обработку моих персональных данных").check()
    _no_sideways_scrolling(phone)
    _shot(phone, "appeal-form")
    phone.get_by_role("button", name="Отправить обращение").click()

    phone.wait_for_url(re.compile(r"/appeal/SP-[^/]+/[^/]+/sent/$"))
    reference = phone.locator("#reference").inner_text()
    assert re.fullmatch(r"SP-[2-9A-Z]{3}-[2-9A-Z]{3}", reference)
    _shot(phone, "appeal-sent")
    phone.get_by_role("link", name="Открыть страницу обращения").click()
    phone.wait_for_url(re.compile(r"/appeal/SP-[^/]+/[^/]+/$"))
    heading_reference = phone.locator("h1 .nowrap")
    assert heading_reference.inner_text() == reference
    # The reference never breaks over two lines.
    line = phone.evaluate(
        "el => parseFloat(getComputedStyle(el).lineHeight)", heading_reference.element_handle()
    )
    assert heading_reference.bounding_box()["height"] < 1.5 * line
    assert phone.get_by_role("link", name="screen.png").is_visible()
    _no_sideways_scrolling(phone)
    _shot(phone, "appeal-private-page")


def test_a_visitor_switches_to_english_and_back_keeping_the_search(live_server, phone):
    phone.goto(live_server.url + "/help/search/?q=смс")
    switch = phone.get_by_role("navigation", name="Язык")
    link = switch.get_by_role("link", name="EN")
    box = link.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44
    link.click()
    phone.wait_for_url(re.compile(r"/en/help/search/\?q="))
    assert phone.get_by_role("searchbox").input_value() == "смс"
    assert phone.locator("html").get_attribute("lang") == "en"
    _shot(phone, "search-english")

    phone.get_by_role("navigation", name="Language").get_by_role("link", name="RU").click()
    phone.wait_for_url(re.compile(r"/help/search/\?q="))
    assert not phone.url.startswith(live_server.url + "/en/")
    assert phone.get_by_role("searchbox").input_value() == "смс"
    assert phone.locator("html").get_attribute("lang") == "ru"
    _no_sideways_scrolling(phone)
    _shot(phone, "search-russian-again")


def test_every_header_breadcrumb_and_footer_target_is_at_least_44_px(live_server, phone):
    # WCAG 2.5.5 (AAA, which we aim for): targets at least 44 by 44 CSS pixels.
    small = []
    for path in ("/contacts/", "/en/help/", "/appeal/"):
        phone.goto(live_server.url + path)
        targets = phone.locator(
            ".site-header a, .site-header button, .site-header input, .breadcrumbs a, "
            ".site-footer a, .contacts-toc a, main button, input[type=file]"
        )
        for i in range(targets.count()):
            target = targets.nth(i)
            box = target.bounding_box()
            if box and (box["width"] < 44 or box["height"] < 44):
                small.append(f"{path} {target.evaluate('e => e.outerHTML')[:80]}: {box}")
    assert small == [], "\n".join(small)
