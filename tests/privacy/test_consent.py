"""The consent and policy texts: published at their own addresses in both languages, versioned
on every edit; the appeal form links them, requires the tick and records the version."""

import pytest
from django.test import Client

from privacy import content
from privacy.models import DocumentKind, PrivacyDocument
from tests.staff import make_staff
from tests.tickets.factories import appeal_form_data
from tickets.models import Appeal

pytestmark = pytest.mark.django_db


@pytest.fixture
def documents(db):
    content.load()


@pytest.fixture
def admin_client(db):
    client = Client()
    client.force_login(make_staff("boss", superuser=True))
    return client


def _edit_consent(admin_client, **texts):
    current = PrivacyDocument.objects.current(DocumentKind.CONSENT)
    data = {
        "title_ru": current.title_ru,
        "title_en": current.title_en,
        "text_ru": current.text_ru,
        "text_en": current.text_en,
        **texts,
    }
    url = f"/admin/privacy/privacydocument/{current.pk}/change/"
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return PrivacyDocument.objects.current(DocumentKind.CONSENT)


def test_the_shipped_texts_are_published_in_russian_and_english(client, documents):
    russian = client.get("/privacy/consent/").content.decode()
    assert "Согласие на обработку персональных данных" in russian
    assert "152-ФЗ" in russian
    english = client.get("/en/privacy/").content.decode()
    assert "Personal data policy" in english
    assert "Версия 1" in client.get("/privacy/").content.decode()


def test_loading_the_content_twice_publishes_nothing_new(documents):
    assert "0 documents published" in content.load()
    assert PrivacyDocument.objects.count() == 2


def test_editing_the_consent_publishes_a_new_version_and_keeps_the_old(
    admin_client, client, documents
):
    first = PrivacyDocument.objects.current(DocumentKind.CONSENT)
    second = _edit_consent(admin_client, text_ru="Новый текст согласия.")
    assert second.version == first.version + 1
    first.refresh_from_db()
    assert first.text_ru != "Новый текст согласия."
    assert "Новый текст согласия." in client.get("/privacy/consent/").content.decode()
    old_page = client.get(f"/privacy/consent/v{first.version}/").content.decode()
    assert first.text_ru.splitlines()[0][:40] in old_page


def test_saving_without_a_change_publishes_nothing(admin_client, documents):
    _edit_consent(admin_client)
    assert PrivacyDocument.objects.filter(kind=DocumentKind.CONSENT).count() == 1


def test_an_appeal_records_the_version_accepted_and_keeps_it_after_an_edit(
    admin_client, client, topic, documents
):
    page = client.get("/appeal/").content.decode()
    assert 'href="/privacy/consent/"' in page and 'href="/privacy/"' in page
    assert client.post("/appeal/", appeal_form_data(topic, consent_version="1")).status_code == 302
    appeal = Appeal.objects.get()
    assert appeal.consent_version == 1 and appeal.consent_at is not None
    _edit_consent(admin_client, text_ru="Другой текст.")
    appeal.refresh_from_db()
    assert appeal.consent_version == 1
    data = appeal_form_data(topic, email="b@example.org", consent_version="")
    client.post("/appeal/", data)
    assert Appeal.objects.get(email="b@example.org").consent_version == 2


def test_an_invented_version_is_recorded_as_the_current_one(client, topic, documents):
    client.post("/appeal/", appeal_form_data(topic, consent_version="99"))
    assert Appeal.objects.get().consent_version == 1


def test_the_form_refuses_an_appeal_without_consent(client, topic, documents):
    response = client.post("/appeal/", appeal_form_data(topic, consent=None))
    assert response.status_code == 200
    assert Appeal.objects.count() == 0
    assert "consent" in response.content.decode() or "согласи" in response.content.decode()


def test_a_published_version_cannot_be_deleted(admin_client, documents):
    first = PrivacyDocument.objects.current(DocumentKind.CONSENT)
    url = f"/admin/privacy/privacydocument/{first.pk}/delete/"
    assert admin_client.post(url, {"post": "yes"}).status_code == 403
    assert PrivacyDocument.objects.filter(pk=first.pk).exists()
