"""Article images in an S3-compatible object store (STORAGE_BACKEND=s3): uploaded by an editor,
kept in the bucket, served to visitors by the image view."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.faq.factories import make_image_bytes
from tests.objectstore import running_object_store

pytestmark = pytest.mark.django_db


@pytest.fixture
def object_store(settings, tmp_path):
    with running_object_store() as store:
        settings.STORAGES = {**settings.STORAGES, "default": store.storage_options()}
        yield store


def test_an_uploaded_image_lives_in_the_bucket_and_visitors_see_it(
    content_editor_client, visitor_client, object_store
):
    response = content_editor_client.post(
        "/markdownx/upload/",
        {"image": SimpleUploadedFile("p.png", make_image_bytes("PNG"), content_type="image/png")},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    path = re.search(r"\((/help/images/[0-9a-f]{32}\.png)\)", response.json()["image_code"])[1]
    name = path.rsplit("/", 1)[1]
    assert object_store.keys() == [f"faq/images/{name}"]
    assert not object_store.is_public(f"faq/images/{name}")

    image = visitor_client.get(path)
    assert image.status_code == 200
    assert image["Content-Type"] == "image/png"
    assert b"".join(image.streaming_content).startswith(b"\x89PNG")


def test_an_image_missing_from_the_bucket_is_a_404(visitor_client, object_store):
    assert (
        visitor_client.get("/help/images/0123456789abcdef0123456789abcdef.png").status_code == 404
    )
