"""Every link the site builds from the requested address stays on the site."""

import re

import pytest

pytestmark = pytest.mark.django_db

HREF = re.compile(r'href="([^"]*)"')


def _get(client, path):
    # PATH_INFO as the server decodes it: the test client would read "//host/x" as a host.
    return client.get("/", PATH_INFO=path)


@pytest.mark.parametrize(
    "path",
    [
        "//evil.example/x",
        "/\\evil.example",
        "///evil.example",  # /%2F%2Fevil.example once decoded
        "/\\/evil.example/",
        "/en//evil.example/x",
    ],
)
def test_the_404_page_links_only_to_this_site(client, settings, path):
    response = _get(client, path)
    assert response.status_code == 404
    for href in HREF.findall(response.content.decode()):
        assert not href.startswith("//"), href
        assert not href.startswith("/\\"), href
        assert not href.startswith("http") or href.startswith(settings.SITE_URL + "/"), href


def test_the_language_switch_on_a_404_stays_on_the_site(client):
    body = _get(client, "//evil.example/x").content.decode()
    switch = re.search(r'<a href="([^"]*)" hreflang="en"', body)
    assert switch, "the 404 page still offers the other language"
    assert switch.group(1).startswith("/") and not switch.group(1).startswith("//")
