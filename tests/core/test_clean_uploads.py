"""Uploads are spooled in a folder the site owns, and what a killed worker leaves there (or
half-written in MEDIA_ROOT) is removed after an hour."""

import os
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path

from django.core.management import call_command


def _aged(path: Path, seconds: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x" * 10)
    then = time.time() - seconds
    os.utime(path, (then, then))
    return path


def test_old_temporary_uploads_and_half_written_files_are_removed(tmp_path, settings):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "upload-tmp")
    settings.MEDIA_ROOT = str(tmp_path / "media")
    old_spool = _aged(tmp_path / "upload-tmp" / "tmpab12.upload.png", 2 * 3600)
    fresh_spool = _aged(tmp_path / "upload-tmp" / "tmpcd34.upload.pdf", 60)
    old_partial = _aged(tmp_path / "media" / "appeals" / "2026" / ".partial-x1y2", 2 * 3600)
    old_attachment = _aged(tmp_path / "media" / "appeals" / "2026" / "kept.png", 30 * 86400)
    out = StringIO()
    call_command("clean_uploads", stdout=out)
    assert "Removed 2" in out.getvalue()
    assert not old_spool.exists()
    assert not old_partial.exists()
    assert fresh_spool.exists()
    assert old_attachment.exists()


def test_uploads_are_spooled_under_var_dir_which_exists_at_start(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "FILE_UPLOAD_TEMP_DIR"}
    env.update(VAR_DIR=str(tmp_path / "var"), DJANGO_SETTINGS_MODULE="helpcenter.settings")
    code = "import django; django.setup(); from django.conf import settings; "
    code += "print(settings.FILE_UPLOAD_TEMP_DIR)"
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert out == str(tmp_path / "var" / "upload-tmp")
    assert Path(out).is_dir()
