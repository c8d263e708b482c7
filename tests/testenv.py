"""Loaded by pytest (``-p tests.testenv``) before pytest-django reads the settings.

Tests run with DEBUG off, as production does; they need a SECRET_KEY, and their own media folder
so that no test writes into a developer's var/.
"""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "tests-only-not-a-secret")
os.environ["DEBUG"] = "false"
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="spravka-test-media-"))
os.environ.setdefault("FILE_UPLOAD_TEMP_DIR", tempfile.mkdtemp(prefix="spravka-test-uploads-"))
os.environ.setdefault("STATIC_ROOT", tempfile.mkdtemp(prefix="spravka-test-static-"))
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
# Playwright's sync API runs an event loop in the test thread; Django would otherwise refuse
# the test's own database calls as "async unsafe".
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
