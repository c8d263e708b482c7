"""Files on disk that survive a full disk and a killed worker without leaving debris.

SafeFileSystemStorage writes each file under a temporary name (`.partial-…`) in its folder and
links it to its real name only once it is complete: a failed write (ENOSPC, EIO) never leaves a
half-written file under a real name, and the temporary one is deleted at once. If the process is
killed mid-write, `remove_stale_uploads` (`manage.py clean_uploads`, and `send_outbox --loop`
every hour) finds it later, together with the temporary uploads a killed worker left in
FILE_UPLOAD_TEMP_DIR.
"""

import contextlib
import os
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage

PARTIAL_PREFIX = ".partial-"


class SafeFileSystemStorage(FileSystemStorage):
    def _save(self, name, content):
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        self._make_directory(directory)
        fd, temporary = tempfile.mkstemp(prefix=PARTIAL_PREFIX, dir=directory)
        try:
            with os.fdopen(fd, "wb") as handle:
                for chunk in content.chunks():
                    handle.write(chunk)
            if self.file_permissions_mode is not None:
                os.chmod(temporary, self.file_permissions_mode)
            while True:
                try:
                    # A hard link never replaces an existing file (unlike rename).
                    os.link(temporary, full_path)
                    break
                except FileExistsError:
                    name = self.get_available_name(name)
                    full_path = self.path(name)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
        return str(name).replace("\\", "/")

    def _make_directory(self, directory: str) -> None:
        # As FileSystemStorage does: honour FILE_UPLOAD_DIRECTORY_PERMISSIONS despite the umask.
        if self.directory_permissions_mode is None:
            os.makedirs(directory, exist_ok=True)
            return
        old_umask = os.umask(0o777 & ~self.directory_permissions_mode)
        try:
            os.makedirs(directory, self.directory_permissions_mode, exist_ok=True)
        finally:
            os.umask(old_umask)


def _remove_older(paths, cutoff: float) -> int:
    removed = 0
    for path in paths:
        with contextlib.suppress(FileNotFoundError):  # another cleaner got there first
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
    return removed


def remove_stale_uploads(*, max_age: int | None = None) -> int:
    """Deletes temporary uploads and half-written files older than `max_age` seconds
    (UPLOAD_TEMP_MAX_AGE): no request takes that long. Returns how many went."""
    cutoff = time.time() - (settings.UPLOAD_TEMP_MAX_AGE if max_age is None else max_age)
    removed = 0
    if settings.FILE_UPLOAD_TEMP_DIR and Path(settings.FILE_UPLOAD_TEMP_DIR).is_dir():
        removed += _remove_older(Path(settings.FILE_UPLOAD_TEMP_DIR).iterdir(), cutoff)
    media = Path(settings.MEDIA_ROOT)
    if media.is_dir():
        removed += _remove_older(media.rglob(f"{PARTIAL_PREFIX}*"), cutoff)
    return removed
