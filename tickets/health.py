"""The outbox's line in /healthz: how long the oldest unsent e-mail has waited (seconds, or
null when nothing waits). A growing number means `send_outbox --loop` is down or stuck."""

from core import health
from tickets.models import OutboxEmail


@health.register("outbox")
def outbox() -> dict:
    age = OutboxEmail.objects.oldest_pending_age()
    return {"oldest_pending_seconds": None if age is None else int(age.total_seconds())}
