"""The home page: the main hotline with its live status, and the ways to reach support."""

import pytest

from contacts.models import Channel
from tests.contacts.factories import make_phone, msk
from tests.contacts.pages import text

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("shipped_content")
def test_the_home_page_shows_the_main_hotline_open_now(client):
    body = text(client.get("/"))
    assert '<a href="tel:+78007077759">8 800 707-77-59</a>' in body
    assert "Бесплатно: из любого региона России, в том числе с мобильных." in body
    assert "Открыто сейчас</p>" in body


@pytest.mark.parametrize(
    ("url", "links"),
    [
        ("/", ['href="/contacts/"', 'href="/help/"', 'href="/appeal/"']),
        ("/en/", ['href="/en/contacts/"', 'href="/en/help/"', 'href="/en/appeal/"']),
    ],
)
@pytest.mark.usefixtures("shipped_content")
def test_the_home_page_links_to_contacts_help_and_the_appeal_form(client, url, links):
    body = text(client.get(url))
    main = body[body.index("<main") : body.index("</main>")]
    for link in links:
        assert link in main


def test_the_home_page_shows_when_a_business_hours_hotline_opens(client, freeze_now):
    make_phone(phone="8 800 200-00-59", is_main_hotline=True)
    freeze_now(msk(2026, 11, 28, 12, 0))  # Saturday
    body = text(client.get("/en/"))
    assert '<a href="tel:+78002000059">8 800 200-00-59</a>' in body
    assert "Closed, opens Monday at 09:00</p>" in body


def test_without_a_main_hotline_the_home_page_still_links_to_contacts(client):
    make_phone(phone="8 800 200-00-59")
    assert not Channel.objects.filter(is_main_hotline=True).exists()
    response = client.get("/en/")
    assert response.status_code == 200
    assert "All phone numbers and e-mail addresses" in text(response)
    assert 'href="tel:' not in response.content.decode()
