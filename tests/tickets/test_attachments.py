"""Files are judged by their content: images Pillow decodes and well-formed PDFs only."""

import pytest

from tests.tickets.factories import (
    appeal_form_data,
    jpeg_bytes,
    make_appeal,
    pdf_bytes,
    png_bytes,
    upload,
)
from tickets.models import Appeal, Attachment

pytestmark = pytest.mark.django_db

SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="9" height="9"/></svg>'
)
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200


def _post(client, topic, *files):
    data = appeal_form_data(topic)
    data["files"] = list(files)
    return client.post("/appeal/", data)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("screen.png", HTML),
        ("picture.svg", SVG),
        ("picture.png", SVG),
        ("receipt.pdf", EXE),
        ("setup.exe", EXE),
        ("fake.pdf", b"%PDF-1.7\n<html>not really a pdf</html>\n"),
        ("cut.png", png_bytes()[:40]),
    ],
)
def test_a_file_that_is_not_an_image_or_pdf_is_refused_whatever_its_name(
    client, topic, name, content
):
    response = _post(client, topic, upload(name, content, "image/png"))
    body = response.content.decode()
    assert response.status_code == 200
    assert f"«{name}» — не изображение (PNG, JPEG, GIF, WebP) и не PDF" in body
    assert "выберите файлы ещё раз" in body
    assert not Appeal.objects.exists()
    assert not Attachment.objects.exists()


def test_an_oversized_file_is_refused_with_the_limit_named(client, topic, settings):
    settings.TICKETS_MAX_FILE_SIZE = 1024
    big = png_bytes(size=(300, 300), color=(1, 2, 3)) + b"\x00" * 2048
    response = _post(client, topic, upload("big.png", big, "image/png"))
    body = response.content.decode()
    assert "«big.png»" in body and "не больше 1,0" in body
    assert not Appeal.objects.exists()


def test_more_than_five_files_at_once_are_refused(client, topic):
    files = [upload(f"s{i}.png", png_bytes(), "image/png") for i in range(6)]
    body = _post(client, topic, *files).content.decode()
    assert "Можно приложить не более 5 файлов за раз; вы выбрали 6." in body
    assert not Appeal.objects.exists()


def test_images_and_pdf_are_accepted_and_stored_under_random_names(client, topic, settings):
    response = _post(
        client,
        topic,
        upload("Скриншот экрана.png", png_bytes(), "image/png"),
        upload("photo.jpeg", jpeg_bytes(), "image/jpeg"),
        upload("чек.pdf", pdf_bytes(), "application/pdf"),
    )
    assert response.status_code == 302
    stored = {a.original_name: a for a in Attachment.objects.all()}
    assert set(stored) == {"Скриншот экрана.png", "photo.jpeg", "чек.pdf"}
    assert stored["чек.pdf"].content_type == "application/pdf"
    assert stored["photo.jpeg"].content_type == "image/jpeg"
    for attachment in stored.values():
        assert attachment.original_name not in attachment.file.name
        assert attachment.file.name.startswith("tickets/")


def test_a_phone_camera_jpeg_with_extra_pictures_is_a_jpeg():
    import io

    from PIL import Image

    from tickets.uploads import check_upload

    buffer = io.BytesIO()
    first, second = Image.new("RGB", (30, 20), "red"), Image.new("RGB", (30, 20), "blue")
    first.save(buffer, "MPO", save_all=True, append_images=[second])
    assert check_upload(upload("IMG_0001.JPG", buffer.getvalue())).content_type == "image/jpeg"


def test_a_download_is_an_attachment_of_the_sniffed_type_with_nosniff(client, topic):
    from tickets.uploads import check_upload

    checked = check_upload(upload("photo.exe", png_bytes(), "application/x-msdownload"))
    appeal = make_appeal(topic, files=[checked])
    attachment = appeal.attachments.get()
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'attachment; filename="photo.png"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert b"".join(response.streaming_content) == png_bytes()


def test_staff_download_files_from_admin_only_with_permission(
    client, agent_client, content_editor_client, topic
):
    from tickets.uploads import check_upload

    appeal = make_appeal(topic, files=[check_upload(upload("c.pdf", pdf_bytes()))])
    url = f"/admin/tickets/appeal/{appeal.pk}/files/{appeal.attachments.get().pk}/"
    response = agent_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert content_editor_client.get(url).status_code == 403
    assert client.get(url).status_code == 302  # to the login page


def test_the_visitor_can_add_files_later(client, topic):
    appeal = make_appeal(topic)
    data = {"body": "", "files": [upload("more.png", png_bytes(), "image/png")]}
    response = client.post(appeal.get_absolute_url(), data)
    assert response.status_code == 302
    reply = appeal.replies.get()
    assert reply.attachments.get().original_name == "more.png"
    assert "more.png" in client.get(appeal.get_absolute_url()).content.decode()


def test_a_reply_with_a_bad_file_keeps_the_text(client, topic):
    appeal = make_appeal(topic)
    data = {"body": "Вот скриншот", "files": [upload("x.png", HTML, "image/png")]}
    body = client.post(appeal.get_absolute_url(), data).content.decode()
    assert "Вот скриншот" in body
    assert "выберите файлы ещё раз" in body
    assert not appeal.replies.exists()


def test_files_written_by_a_failed_submission_are_removed(topic, settings, monkeypatch):
    from pathlib import Path

    from tickets import services
    from tickets.uploads import check_upload

    def broken_mail(**kwargs):
        raise RuntimeError("template missing")

    monkeypatch.setattr(services, "queue_email", broken_mail)
    with pytest.raises(RuntimeError):
        make_appeal(topic, files=[check_upload(upload("a.png", png_bytes(), "image/png"))])
    assert not Appeal.objects.exists()
    media = Path(settings.MEDIA_ROOT) / "tickets"
    assert not media.exists() or not any(media.iterdir())
