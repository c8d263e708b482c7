from tests.tickets.conftest import _appeal_settings, agent, agent_client, topic, topics  # noqa: F401
