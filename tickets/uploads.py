"""Attachments are judged by what they contain, never by their name or the browser's word.

Accepted: PNG, JPEG, GIF and WebP images that Pillow can decode, and PDF files whose structure
holds together (a `%PDF-` header, a `startxref` pointing inside the file at a cross-reference,
an `%%EOF` marker). Everything else (SVG, HTML, executables, archives...) is refused, whatever
its extension says.
"""

import re
from dataclasses import dataclass
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from core.images import EXTENSIONS, NotAnImage, check_image

ACCEPT = ",".join([*EXTENSIONS, *sorted({e for exts in EXTENSIONS.values() for e in exts})])

_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_PDF_HEADER = re.compile(rb"^%PDF-[12]\.\d")
_XREF_AT = re.compile(rb"\s*(xref\b|\d+\s+\d+\s+obj\b)")


@dataclass(frozen=True)
class CheckedFile:
    """An upload whose content passed the checks, with its real type."""

    upload: UploadedFile
    content_type: str

    @property
    def original_name(self) -> str:
        name = PurePath((self.upload.name or "").replace("\\", "/")).name
        name = "".join(ch for ch in name if ch.isprintable()).strip()
        return name[-150:] or "file"


def _refuse(upload: UploadedFile) -> ValidationError:
    return ValidationError(
        _(
            "“%(name)s” is not an image (PNG, JPEG, GIF, WebP) or a PDF file. Files are checked "
            "by their content, not by their name."
        ),
        code="file_type",
        params={"name": PurePath(upload.name or "").name},
    )


def _read_all(upload: UploadedFile) -> bytes:
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


def _is_pdf(data: bytes) -> bool:
    if not _PDF_HEADER.match(data):
        return False
    match = _STARTXREF.search(data[-2048:])
    if match is None:
        return False
    offset = int(match.group(1))
    # The cross-reference table (or stream) must start where the trailer says it does.
    return 0 < offset < len(data) and _XREF_AT.match(data, offset) is not None


def _image_type(upload: UploadedFile) -> str | None:
    try:
        return check_image(upload).content_type
    except NotAnImage:
        return None


def check_upload(upload: UploadedFile) -> CheckedFile:
    if upload.size > settings.TICKETS_MAX_FILE_SIZE:
        raise ValidationError(
            _("“%(name)s” is %(size)s; a file may be at most %(limit)s."),
            code="file_size",
            params={
                "name": PurePath(upload.name or "").name,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(settings.TICKETS_MAX_FILE_SIZE),
            },
        )
    if upload.size == 0:
        raise ValidationError(
            _("“%(name)s” is empty."),
            code="file_empty",
            params={"name": PurePath(upload.name).name},
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        if _is_pdf(_read_all(upload)):
            return CheckedFile(upload=upload, content_type="application/pdf")
        raise _refuse(upload)
    content_type = _image_type(upload)
    if content_type is None:
        raise _refuse(upload)
    return CheckedFile(upload=upload, content_type=content_type)


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Several files in one input; each checked by content, at most TICKETS_MAX_FILES of them."""

    widget = MultipleFileInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("accept", ACCEPT)

    def clean(self, data, initial=None):
        uploads = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        limit = settings.TICKETS_MAX_FILES
        if len(uploads) > limit:
            raise ValidationError(
                ngettext_lazy(
                    "You can attach at most %(limit)d file at a time; you chose %(count)d.",
                    "You can attach at most %(limit)d files at a time; you chose %(count)d.",
                    "limit",
                ),
                code="too_many_files",
                params={"limit": limit, "count": len(uploads)},
            )
        checked, errors = [], []
        for upload in uploads:
            super().clean(upload, initial)
            try:
                checked.append(check_upload(upload))
            except ValidationError as exc:
                errors.append(exc)
        if errors:
            raise ValidationError(errors)
        return checked
