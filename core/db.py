"""Helpers for long-running code that must outlive a database outage."""

import logging

from django.db import connections

logger = logging.getLogger(__name__)


def close_connections() -> None:
    """Drops every open database connection, so that the next query connects afresh instead of
    reusing one the server has closed. A connection that is already broken may fail to close:
    that is logged and otherwise ignored, it is being thrown away anyway."""
    for connection in connections.all(initialized_only=True):
        try:
            connection.close()
        except Exception as exc:
            logger.debug("Closing a broken %s connection: %s", connection.alias, exc)
