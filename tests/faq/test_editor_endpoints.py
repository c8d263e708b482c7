"""The admin editor's preview and image upload: staff-only, real images only, served safely."""

import re
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.faq.factories import make_article, make_image_bytes

pytestmark = pytest.mark.django_db

UPLOAD = "/markdownx/upload/"
PREVIEW = "/markdownx/markdownify/"


def _upload(client, data: bytes, name="picture.png", content_type="image/png"):
    return client.post(
        UPLOAD,
        {"image": SimpleUploadedFile(name, data, content_type=content_type)},
        headers={"x-requested-with": "XMLHttpRequest"},
    )


def _uploaded_path(response) -> str:
    match = re.fullmatch(
        r"!\[\]\((/help/images/[0-9a-f]{32}\.\w+)\)", response.json()["image_code"]
    )
    assert match, response.json()
    return match.group(1)


@pytest.mark.parametrize("url", [UPLOAD, PREVIEW])
def test_anonymous_posts_are_refused(visitor_client, url):
    response = visitor_client.post(url, {"content": "# hi"})
    assert response.status_code == 403


@pytest.mark.parametrize("url", [UPLOAD, PREVIEW])
def test_staff_without_permission_on_articles_are_refused(agent_client, reader_client, url):
    assert agent_client.post(url, {"content": "# hi"}).status_code == 403
    assert reader_client.post(url, {"content": "# hi"}).status_code == 403


def test_the_endpoints_need_the_csrf_token(content_editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(content_editor)
    assert client.post(PREVIEW, {"content": "x"}).status_code == 403


def test_the_preview_shows_editors_the_sanitised_html(content_editor_client):
    response = content_editor_client.post(
        PREVIEW, {"content": "**Жирный** <script>alert(1)</script>"}
    )
    assert response.status_code == 200
    assert response.content.decode() == "<p><strong>Жирный</strong> </p>"


def test_a_preview_without_content_is_empty_not_an_error(content_editor_client):
    response = content_editor_client.post(PREVIEW, {})
    assert response.status_code == 200
    assert response.content == b""


def test_an_editor_uploads_a_real_image_and_visitors_see_it(content_editor_client, visitor_client):
    response = _upload(content_editor_client, make_image_bytes("PNG"))
    assert response.status_code == 200
    path = _uploaded_path(response)
    assert path.endswith(".png")
    image = visitor_client.get(path)
    assert image.status_code == 200
    assert image["Content-Type"] == "image/png"
    assert image["X-Content-Type-Options"] == "nosniff"
    assert "immutable" in image["Cache-Control"]
    assert b"".join(image.streaming_content).startswith(b"\x89PNG")
    # Markdown pointing at it renders as an <img> on the article page.
    article = make_article(body_ru=f"Снимок экрана:\n\n![Экран]({path})")
    page = visitor_client.get(article.get_absolute_url()).content.decode()
    assert f'<img alt="Экран" src="{path}">' in page


def test_the_stored_extension_comes_from_the_content_not_the_name(content_editor_client):
    response = _upload(content_editor_client, make_image_bytes("JPEG"), name="photo.html")
    assert _uploaded_path(response).endswith(".jpg")


def test_images_are_re_encoded_without_what_was_appended_to_them(
    content_editor_client, visitor_client
):
    data = make_image_bytes("PNG") + b"<script>alert(1)</script>"
    path = _uploaded_path(_upload(content_editor_client, data))
    served = b"".join(visitor_client.get(path).streaming_content)
    assert b"<script>" not in served


def test_large_images_are_scaled_down(content_editor_client, visitor_client):
    from PIL import Image

    path = _uploaded_path(
        _upload(content_editor_client, make_image_bytes("PNG", size=(4000, 1000)))
    )
    served = b"".join(visitor_client.get(path).streaming_content)
    assert Image.open(BytesIO(served)).size == (2000, 500)


@pytest.mark.parametrize(
    ("data", "name", "content_type"),
    [
        (b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", "x.svg", "image/svg+xml"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "x.png", "image/png"),
        (b"not an image at all", "x.png", "image/png"),
        (b"GIF89a" + b"\x00" * 20, "x.gif", "image/gif"),
        (make_image_bytes("BMP"), "x.bmp", "image/bmp"),
        (make_image_bytes("BMP"), "x.png", "image/png"),
        (b"<html><script>alert(1)</script></html>", "x.html", "text/html"),
    ],
)
def test_files_that_are_not_allowed_images_are_refused(
    content_editor_client, data, name, content_type
):
    response = _upload(content_editor_client, data, name=name, content_type=content_type)
    assert response.status_code == 400
    assert "image" in response.json()


def test_images_over_the_size_limit_are_refused(content_editor_client, settings):
    settings.MARKDOWNX_UPLOAD_MAX_SIZE = 100
    response = _upload(content_editor_client, make_image_bytes("PNG", size=(200, 200)))
    assert response.status_code == 400
    assert response.json()["image"] == ["Изображение больше 100\xa0байт."]


def test_an_image_just_over_the_real_limit_is_refused(content_editor_client, settings):
    padded = make_image_bytes() + b"\0" * settings.MARKDOWNX_UPLOAD_MAX_SIZE
    assert _upload(content_editor_client, padded).status_code == 400


@pytest.mark.parametrize(
    "name",
    [
        "0123456789abcdef0123456789abcdef.png",  # well-formed but never uploaded
        "0123456789abcdef0123456789abcdef.svg",
        "..%2F..%2Fsettings.py",
        "notes.txt",
    ],
)
def test_unknown_or_malformed_image_names_are_404(visitor_client, name):
    assert visitor_client.get(f"/help/images/{name}").status_code == 404


def test_the_image_address_matches_the_sanitiser_s_allowed_prefix():
    from django.urls import reverse

    from faq.markdown import IMAGE_PATH_PREFIX

    assert reverse("faq:image", args=["x.png"]) == IMAGE_PATH_PREFIX + "x.png"
