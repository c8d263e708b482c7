import logging

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from core.cache import bump_content_version
from notices.models import Notice, NoticeUpdate
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


@receiver(post_save, sender=Notice, dispatch_uid="notices:bump-on-commit:notice")
@receiver(post_delete, sender=Notice, dispatch_uid="notices:bump-on-commit:notice-delete")
@receiver(post_save, sender=NoticeUpdate, dispatch_uid="notices:bump-on-commit:update")
@receiver(post_delete, sender=NoticeUpdate, dispatch_uid="notices:bump-on-commit:update-delete")
@receiver(m2m_changed, sender=Notice.topics.through, dispatch_uid="notices:bump-on-commit:topics")
@receiver(
    m2m_changed, sender=Notice.audiences.through, dispatch_uid="notices:bump-on-commit:audiences"
)
def bump_after_commit(sender, **kwargs):
    """invalidate_on() bumps the content version inside the staff's transaction; a visitor's
    request in between would read (and keep) the notices without the change under the new
    version. Bumped once more after the commit, the change is on the next request for sure."""
    transaction.on_commit(bump_content_version)
