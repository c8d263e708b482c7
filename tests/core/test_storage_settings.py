"""STORAGE_BACKEND chooses where uploads live: the local disk by default, or an S3 bucket."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHOW = (
    "from django.conf import settings as s; d = s.STORAGES['default']; "
    "print(d['BACKEND']); print(sorted(d['OPTIONS'].items()))"
)


def _shell(**env_overrides):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STORAGE_", "AWS_"))}
    env.update(DEBUG="false", SECRET_KEY="storage-settings-test", **env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", SHOW],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_uploads_stay_on_the_local_disk_by_default():
    result = _shell()
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("core.files.SafeFileSystemStorage")


def test_s3_keeps_uploads_in_the_named_bucket_privately(tmp_path):
    secret = tmp_path / "s3-secret"
    secret.write_text("from-a-file\n")
    result = _shell(
        STORAGE_BACKEND="s3",
        AWS_STORAGE_BUCKET_NAME="spravka-uploads",
        AWS_S3_ENDPOINT_URL="http://127.0.0.1:9000",
        AWS_ACCESS_KEY_ID="key",
        AWS_SECRET_ACCESS_KEY_FILE=str(secret),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("storages.backends.s3.S3Storage")
    assert "('bucket_name', 'spravka-uploads')" in result.stdout
    assert "('default_acl', 'private')" in result.stdout
    assert "('endpoint_url', 'http://127.0.0.1:9000')" in result.stdout
    assert "('secret_key', 'from-a-file')" in result.stdout


def test_s3_without_a_bucket_refuses_to_start():
    result = _shell(STORAGE_BACKEND="s3")
    assert result.returncode != 0
    assert "STORAGE_BACKEND=s3 needs AWS_STORAGE_BUCKET_NAME" in result.stderr


def test_an_unknown_storage_backend_refuses_to_start():
    result = _shell(STORAGE_BACKEND="ftp")
    assert result.returncode != 0
    assert "neither local nor s3" in result.stderr
