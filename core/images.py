"""Files the site accepts from people (article images from staff, appeal attachments from
visitors): one table of types, one pixel limit, one image check.

A file is judged by what Pillow finds in it, never by its name or the browser's word; the name
a stored file gets comes from the type found.
"""

import warnings
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError


@dataclass(frozen=True)
class FileType:
    content_type: str
    # Accepted in a visitor's file name; the first is used when a name needs one.
    extensions: tuple[str, ...]
    # How Pillow names what it read; the first is how the site writes it. None: not an image.
    pillow_formats: tuple[str, ...] = ()


FILE_TYPES = (
    FileType("image/png", (".png",), ("PNG",)),
    # Many phone cameras write JPEGs with extra pictures inside, which Pillow calls MPO.
    FileType("image/jpeg", (".jpg", ".jpeg"), ("JPEG", "MPO")),
    FileType("image/gif", (".gif",), ("GIF",)),
    FileType("image/webp", (".webp",), ("WEBP",)),
    FileType("application/pdf", (".pdf",)),
)
# Content type -> accepted extensions.
EXTENSIONS = {t.content_type: t.extensions for t in FILE_TYPES}
IMAGE_TYPES = {t.content_type: t for t in FILE_TYPES if t.pillow_formats}
_BY_PILLOW_FORMAT = {f: t for t in FILE_TYPES for f in t.pillow_formats}
# Phone photos are 12-50 megapixels; far beyond that is a decompression bomb (a small file that
# claims a huge canvas). Refused before decoding.
MAX_IMAGE_PIXELS = 64_000_000


class NotAnImage(ValueError):
    """Not an image of an accepted type and size that decodes in full."""


def extension_for(content_type: str) -> str:
    """ ".png" for "image/png"; "" for a type the site does not know."""
    return EXTENSIONS.get(content_type, ("",))[0]


def content_type_for(extension: str) -> str | None:
    """ "image/png" for ".png" or "png"."""
    wanted = "." + extension.lower().lstrip(".")
    return next((t for t, exts in EXTENSIONS.items() if wanted in exts), None)


def check_image(file) -> FileType:
    """The type of an image that is of an accepted format, within MAX_IMAGE_PIXELS, and that the
    real decoder reads to the end (JPEG at 1/8 scale: a fraction of the memory); NotAnImage
    otherwise. The file is left at its start."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            file.seek(0)
            with Image.open(file) as image:
                file_type = _BY_PILLOW_FORMAT.get(image.format or "")
                if file_type is None:
                    raise NotAnImage(f"format {image.format} is not accepted")
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise NotAnImage("too many pixels")
                image.verify()
            file.seek(0)
            with Image.open(file) as image:
                if image.format in ("JPEG", "MPO"):
                    image.draft("RGB", (max(1, width // 8), max(1, height // 8)))
                image.load()
            return file_type
    except NotAnImage:
        raise
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        EOFError,
    ) as exc:
        raise NotAnImage(str(exc)) from exc
    finally:
        file.seek(0)
