"""Database helpers: long-running code that must outlive an outage, and prepared statements."""

import logging
from contextlib import contextmanager

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


@contextmanager
def prepared_cursor(connection):
    """A cursor for hand-written SQL that runs on every request with only its parameters
    changing (the search, "did you mean"): on PostgreSQL its statements are prepared on the
    connection after their first run, so the server no longer parses and plans them each time
    (0.4 ms of a search's 1.5 ms on the benchmark volume). Django's own cursors bind parameters
    in the client and never prepare; this one binds them in the server.

    Off where DATABASE_PREPARED_STATEMENTS is false (prepare_threshold None): a transaction-mode
    pooler older than PgBouncer 1.21 hands each transaction any server connection, where a
    statement prepared on another does not exist. Elsewhere, and on SQLite, a plain cursor."""
    threshold = connection.settings_dict.get("OPTIONS", {}).get("prepare_threshold")
    # Where queries are logged (DEBUG, assertNumQueries) a plain cursor: psycopg forgets the
    # text of a prepared statement's run, and the log would show None in its place.
    if connection.vendor != "postgresql" or threshold is None or connection.queries_logged:
        with connection.cursor() as cursor:
            yield cursor
        return
    from django.db.backends.postgresql.base import ServerBindingCursor

    connection.ensure_connection()
    connection.validate_thread_sharing()
    with connection.wrap_database_errors:
        raw = ServerBindingCursor(connection.connection)
    # Wrapped as Django wraps its own (execute wrappers, database errors as Django's).
    with connection.make_cursor(raw) as cursor:
        yield cursor
