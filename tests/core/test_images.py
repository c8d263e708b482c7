"""One image check (core.images) for article images and appeal attachments."""

from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from faq.forms import ArticleImageForm
from tickets.uploads import check_upload


def _phone_camera_jpeg() -> bytes:
    """A JPEG with a second picture inside, as many phone cameras write it (Pillow: MPO)."""
    out = BytesIO()
    first, second = Image.new("RGB", (40, 30), "red"), Image.new("RGB", (20, 15), "blue")
    first.save(out, "MPO", save_all=True, append_images=[second])
    return out.getvalue()


def test_a_phone_camera_photo_is_accepted_as_an_attachment_and_as_an_article_image(settings):
    settings.MARKDOWNX_UPLOAD_MAX_SIZE = 5 * 1024 * 1024
    data = _phone_camera_jpeg()
    attachment = check_upload(SimpleUploadedFile("photo.jpg", data, "image/jpeg"))
    assert attachment.content_type == "image/jpeg"
    form = ArticleImageForm(files={"image": SimpleUploadedFile("photo.jpg", data, "image/jpeg")})
    assert form.is_valid(), form.errors
    _content, extension = form.cleaned_data["processed"]
    assert extension == "jpg"
