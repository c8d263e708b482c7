import pytest

from tickets import content
from tickets.models import Topic


@pytest.fixture(autouse=True)
def _appeal_settings(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "core.files.SafeFileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def topics(db):
    content.load()
    return Topic.objects.all()


@pytest.fixture
def payments(topics):
    return topics.get(slug="payments")


@pytest.fixture
def sms(topics):
    return topics.get(slug="sms")
