import pytest

# The mail tests' servers (a private Dovecot, a local SMTP sink): tests/tickets/test_mail_*.
from tests.tickets.imapserver import dovecot, mailbox  # noqa: F401
from tests.tickets.mailserver import smtp_sink  # noqa: F401
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
def topic(topics):
    return topics.get(slug="payments")
