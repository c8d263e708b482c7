# One module per feature; importing them registers their admin classes.
from tickets.admin import appeals, canned, inbound, outbox, stats, topics  # noqa: F401
