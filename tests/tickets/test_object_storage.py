"""Attachments in an S3-compatible object store (STORAGE_BACKEND=s3), the multi-host layout:
filed through the form, stored privately in the bucket, downloaded through the private link."""

from pathlib import Path

import pytest

from tests.objectstore import running_object_store
from tests.tickets.factories import appeal_form_data, pdf_bytes, png_bytes, upload
from tickets.models import Appeal

pytestmark = pytest.mark.django_db


@pytest.fixture
def object_store(settings, tmp_path):
    with running_object_store() as store:
        settings.STORAGES = {**settings.STORAGES, "default": store.storage_options()}
        settings.MEDIA_ROOT = str(tmp_path / "media")
        yield store


def test_an_attachment_is_stored_privately_in_the_bucket_and_served_through_the_link(
    client, topic, object_store, settings
):
    data = appeal_form_data(topic)
    data["files"] = [upload("чек.pdf", pdf_bytes(), "application/pdf")]
    response = client.post("/appeal/", data)
    assert response.status_code == 302
    appeal = Appeal.objects.get()
    attachment = appeal.attachments.get()

    assert object_store.keys() == [attachment.file.name]
    assert object_store.read(attachment.file.name) == pdf_bytes()
    assert not object_store.is_public(attachment.file.name)
    assert not any(Path(settings.MEDIA_ROOT).rglob("*"))

    link = f"/appeal/{appeal.reference}/{appeal.link_token}/files/{attachment.pk}/"
    download = client.get(link)
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["Cache-Control"] == "private, no-store"
    assert b"".join(download.streaming_content) == pdf_bytes()


def test_a_wrong_token_gets_nothing_from_the_bucket(client, topic, object_store):
    data = appeal_form_data(topic)
    data["files"] = [upload("screen.png", png_bytes(), "image/png")]
    client.post("/appeal/", data)
    appeal = Appeal.objects.get()
    attachment = appeal.attachments.get()
    wrong = f"/appeal/{appeal.reference}/{'x' * 32}/files/{attachment.pk}/"
    assert client.get(wrong).status_code == 404


def test_a_file_missing_from_the_bucket_is_a_404_not_an_error(client, topic, object_store):
    data = appeal_form_data(topic)
    data["files"] = [upload("screen.png", png_bytes(), "image/png")]
    client.post("/appeal/", data)
    appeal = Appeal.objects.get()
    attachment = appeal.attachments.get()
    object_store.client().delete_object(Bucket=object_store.bucket, Key=attachment.file.name)
    link = f"/appeal/{appeal.reference}/{appeal.link_token}/files/{attachment.pk}/"
    assert client.get(link).status_code == 404
