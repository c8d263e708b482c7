from tests.tickets.conftest import _appeal_settings, topic, topics  # noqa: F401
