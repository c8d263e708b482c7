import pytest

pytestmark = pytest.mark.django_db


def test_unknown_page_is_a_friendly_404_in_russian(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Страница не найдена" in body
    assert 'href="/help/"' in body


def test_unknown_page_under_en_is_a_404_in_english(client):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_language_switch_links_to_the_same_page_in_the_other_language(client):
    body = client.get("/contacts/").content.decode()
    assert 'href="/en/contacts/"' in body
    body = client.get("/en/contacts/").content.decode()
    assert 'href="/contacts/"' in body


def test_pages_declare_hreflang_alternates(client):
    body = client.get("/").content.decode()
    assert 'hreflang="ru" href="http://127.0.0.1:8000/"' in body
    assert 'hreflang="en" href="http://127.0.0.1:8000/en/"' in body


def test_robots_txt_points_to_the_sitemap_and_hides_admin(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Disallow: /admin/" in text
    assert "Sitemap: " in text and text.strip().endswith("/sitemap.xml")


def test_pages_carry_a_content_security_policy(client):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy


def test_healthz_answers_when_the_database_does(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_a_form_post_without_csrf_gets_a_clear_message(db):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/en/appeal/", {"subject": "x"})
    assert response.status_code == 403
    assert "The form has expired" in response.content.decode()


def test_favicon_ico_leads_to_the_site_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"].endswith("favicon.svg")


@pytest.mark.parametrize("url", ["/", "/en/"])
def test_pages_are_served_in_the_language_of_their_prefix(client, db, url):
    response = client.get(url)
    assert response.status_code == 200
    expected = "ru" if url == "/" else "en"
    assert f'<html lang="{expected}">' in response.content.decode()
