"""A full disk: no half-written file is left, no appeal is half saved, and the visitor is told
the file could not be stored, with what they typed kept (files must be chosen again)."""

import errno
import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.files.uploadedfile import InMemoryUploadedFile
from PIL import Image

from tests.tickets.factories import appeal_form_data, make_appeal, png_bytes, upload
from tickets.models import Appeal, Attachment, Reply

pytestmark = pytest.mark.django_db

FRIENDLY = "Не удалось сохранить файл, попробуйте позже"


def _files_in(folder) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in Path(folder).rglob("*") if p.is_file())


@pytest.fixture
def disk_fills_on_second_file(monkeypatch):
    """The first file is stored; the second one runs out of space halfway through."""
    real_chunks = InMemoryUploadedFile.chunks
    calls = []

    def chunks(self, chunk_size=None):
        calls.append(self.name)
        data = b"".join(real_chunks(self, chunk_size))
        if len(calls) < 2:
            yield data
            return
        yield data[: len(data) // 2]
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(InMemoryUploadedFile, "chunks", chunks)


def _assert_friendly_form(response, *kept):
    page = response.content.decode()
    assert response.status_code == 503
    assert FRIENDLY in page
    assert "выберите файлы ещё раз" in page
    for text in kept:
        assert text in page


def test_an_appeal_whose_file_cannot_be_stored_leaves_nothing_behind(
    client, topic, settings, disk_fills_on_second_file
):
    data = appeal_form_data(topic)
    data["files"] = [upload("a.png", png_bytes(), "image/png"), upload("b.png", png_bytes())]
    response = client.post("/appeal/", data)
    _assert_friendly_form(
        response, 'value="Платёж не дошёл до оператора"', "деньги списались", 'value="Анна Петрова"'
    )
    assert not Appeal.objects.exists()
    assert _files_in(settings.MEDIA_ROOT) == []


def test_a_reply_whose_file_cannot_be_stored_leaves_nothing_behind(
    client, topic, settings, disk_fills_on_second_file
):
    appeal = make_appeal(topic)
    files = [upload("a.png", png_bytes(), "image/png"), upload("b.png", png_bytes())]
    response = client.post(appeal.get_absolute_url(), {"body": "Вот скриншоты", "files": files})
    _assert_friendly_form(response, "Вот скриншоты")
    assert not Reply.objects.exists()
    assert not Attachment.objects.exists()
    assert _files_in(settings.MEDIA_ROOT) == []


def _noise_png(side: int) -> bytes:
    buffer = io.BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def small_disk(tmp_path, settings):
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small tmpfs needs root (the injected-error tests above still run)")
    mount = tmp_path / "disk"
    mount.mkdir()
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)], capture_output=True
    )
    if result.returncode != 0:
        pytest.skip(f"tmpfs cannot be mounted here: {result.stderr.decode().strip()}")
    try:
        settings.MEDIA_ROOT = str(mount)
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "core.files.SafeFileSystemStorage",
                "OPTIONS": {"location": str(mount)},
            },
        }
        # Leave about 150 KB free.
        (mount / "filler").write_bytes(b"\0" * (2 * 1024 * 1024 - 150 * 1024))
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=True)


def test_on_a_really_full_disk_the_visitor_is_told_and_nothing_is_left(client, topic, small_disk):
    picture = _noise_png(300)  # about 270 KB: more than the space left
    assert len(picture) > 200 * 1024
    data = appeal_form_data(topic)
    data["files"] = [upload("photo.png", picture, "image/png")]
    response = client.post("/appeal/", data)
    _assert_friendly_form(response, 'value="Платёж не дошёл до оператора"')
    assert not Appeal.objects.exists()
    assert _files_in(small_disk) == ["filler"]
