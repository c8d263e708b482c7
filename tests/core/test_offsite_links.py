"""Every link the site builds from the requested address stays on the site."""

import re

import pytest

pytestmark = pytest.mark.django_db

HREF = re.compile(r'href="([^"]*)"')


@pytest.mark.parametrize(
    "path",
    [
        "//evil.example/x",
        "/\\evil.example",
        "/%2F%2Fevil.example",
        "/%5Cevil.example/",
        "/en//evil.example/x",
        "///evil.example",
    ],
)
def test_the_404_page_links_only_to_this_site(client, settings, path):
    response = client.get(path)
    assert response.status_code == 404
    for href in HREF.findall(response.content.decode()):
        assert not href.startswith("//"), href
        assert not href.startswith("/\\"), href
        assert "evil.example" not in href.split("/")[2:3], href
        if "://" in href:
            assert href.startswith(settings.SITE_URL + "/"), href


def test_the_language_switch_on_a_404_stays_on_the_site(client):
    body = client.get("//evil.example/x").content.decode()
    switch = re.search(r'<a href="([^"]*)" hreflang="en"', body)
    assert switch, "the 404 page still offers the other language"
    assert switch.group(1).startswith("/") and not switch.group(1).startswith("//")
