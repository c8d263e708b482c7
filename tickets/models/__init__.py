from tickets.models.appeals import Appeal, AppealQuerySet, Status
from tickets.models.canned import CannedReply
from tickets.models.inbound import InboundMessage
from tickets.models.outbox import OutboxEmail
from tickets.models.rating import SatisfactionRating
from tickets.models.thread import AppealEvent, Attachment, InternalNote, Reply
from tickets.models.topics import PriorityCustomer, Topic

__all__ = [
    "Appeal",
    "AppealEvent",
    "AppealQuerySet",
    "Attachment",
    "CannedReply",
    "InboundMessage",
    "InternalNote",
    "OutboxEmail",
    "PriorityCustomer",
    "Reply",
    "SatisfactionRating",
    "Status",
    "Topic",
]
