from io import BytesIO

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from core.forms import VisitorTextMixin


class VoteForm(VisitorTextMixin, forms.Form):
    helpful = forms.TypedChoiceField(
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        error_messages={"required": _("Choose “Yes” or “No”.")},
    )


# Pillow format -> (file extension, content type) of the images article pages may show.
IMAGE_FORMATS = {
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "GIF": ("gif", "image/gif"),
    "WEBP": ("webp", "image/webp"),
}
# Larger images are scaled down; the article column is far narrower anyway.
MAX_IMAGE_SIDE = 2000
# Refused before decoding: a small file can claim a huge canvas ("decompression bomb").
MAX_IMAGE_PIXELS = 40_000_000


class ArticleImageForm(forms.Form):
    """An image dragged into the article editor: must really be a JPEG, PNG, GIF or WebP.

    The browser's content type and the file name are only a first filter; Pillow decides what the
    file is. The image is re-encoded, which drops metadata (EXIF, GPS) and anything appended to
    the file, and the stored name's extension comes from the detected format.
    """

    image = forms.FileField()

    def clean_image(self):
        upload = self.cleaned_data["image"]
        limit = settings.MARKDOWNX_UPLOAD_MAX_SIZE
        if upload.size > limit:
            raise forms.ValidationError(
                _("The image is larger than %(limit)s."),
                code="too_large",
                params={"limit": filesizeformat(limit)},
            )
        if upload.content_type not in settings.MARKDOWNX_UPLOAD_CONTENT_TYPES:
            raise forms.ValidationError(
                _("Upload a JPEG, PNG, GIF or WebP image."), code="unsupported_type"
            )
        try:
            self.cleaned_data["processed"] = self._process(upload)
        except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError,
                ValueError) as exc:  # fmt: skip
            raise forms.ValidationError(
                _("This file is not an image we can show: upload a JPEG, PNG, GIF or WebP."),
                code="not_an_image",
            ) from exc
        return upload

    @staticmethod
    def _process(upload) -> tuple[bytes, str]:
        upload.seek(0)
        with Image.open(upload) as probe:
            image_format = probe.format
            if image_format not in IMAGE_FORMATS:
                raise ValueError(f"format {image_format} is not allowed")
            width, height = probe.size
            if width * height > MAX_IMAGE_PIXELS:
                raise ValueError("too many pixels")
            probe.verify()
        upload.seek(0)
        out = BytesIO()
        with Image.open(upload) as image:
            if image_format == "GIF" and getattr(image, "is_animated", False):
                image.save(out, "GIF", save_all=True)
            else:
                image.load()
                image = ImageOps.exif_transpose(image)
                image.thumbnail((MAX_IMAGE_SIDE, MAX_IMAGE_SIDE))
                if image_format == "JPEG" and image.mode not in {"RGB", "L"}:
                    image = image.convert("RGB")
                options = {"quality": 88, "optimize": True} if image_format == "JPEG" else {}
                image.save(out, image_format, **options)
        extension, _content_type = IMAGE_FORMATS[image_format]
        return out.getvalue(), extension
