import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("shipped_content"),
]


def test_a_visitor_finds_the_hotline_from_the_home_page(live_server, page):
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Основное").get_by_role("link", name="Контакты").click()
    page.wait_for_url(live_server.url + "/contacts/")
    assert page.title().startswith("Контакты поддержки")

    hotline = page.get_by_role("link", name="8 800 707-77-59", exact=True)
    assert hotline.get_attribute("href") == "tel:+78007077759"
    assert hotline.is_visible()
    card = page.locator("li.channel", has=hotline)
    assert "Открыто сейчас" in card.inner_text()  # the hotline works round the clock
    # The JSON-LD block is data, not a script: the strict CSP reports nothing.
    assert problems == []
