# ruff: noqa: F811 - fixtures imported from the tickets tests are parameters below, as pytest wants
import pytest

# Notices are about appeal topics: the appeal tests' settings (media in a temporary folder, mail
# kept in memory) and shipped topics, shared rather than copied.
from tests.tickets.conftest import _appeal_settings, topics  # noqa: F401


@pytest.fixture
def payments(topics):
    return topics.get(slug="payments")


@pytest.fixture
def sms(topics):
    return topics.get(slug="sms")
