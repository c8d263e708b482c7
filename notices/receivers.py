import logging

from django.db import transaction
from django.dispatch import receiver

from notices.models import Notice
from tickets.signals import appeal_filed

logger = logging.getLogger(__name__)


@receiver(appeal_filed, dispatch_uid="notices:tag-appeal")
def tag_appeal(sender, appeal, request=None, **kwargs):
    """An appeal filed while notices concern its topic is tagged with them, so that agents can
    find and answer them together (notices.services.reply_to_tagged)."""
    try:
        # A savepoint: a failure here must never cost the visitor their appeal.
        with transaction.atomic():
            notices = list(Notice.objects.active().concerning_topic(appeal.topic_id))
            if notices:
                appeal.notices.add(*notices)
    except Exception:
        logger.exception("Appeal %s could not be tagged with notices", appeal.reference)
