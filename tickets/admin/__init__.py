# One module per feature; importing them registers their admin classes.
from tickets.admin import appeals, inbound, outbox, topics  # noqa: F401
