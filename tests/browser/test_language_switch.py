import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_language_switch_opens_the_english_site(live_server, page):
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Язык").get_by_role("link", name="EN").click()
    page.wait_for_url(live_server.url + "/en/")
    assert page.locator("html").get_attribute("lang") == "en"
