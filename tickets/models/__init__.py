from tickets.models.appeals import Appeal, AppealQuerySet, Status
from tickets.models.outbox import OutboxEmail
from tickets.models.rating import SatisfactionRating
from tickets.models.thread import AppealEvent, Attachment, InternalNote, Reply
from tickets.models.topics import PriorityCustomer, Topic

__all__ = [
    "Appeal",
    "AppealEvent",
    "AppealQuerySet",
    "Attachment",
    "InternalNote",
    "OutboxEmail",
    "PriorityCustomer",
    "Reply",
    "SatisfactionRating",
    "Status",
    "Topic",
]
