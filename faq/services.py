"""Writes to the help section: publishing, unpublishing, "Was this helpful?" answers."""

import enum

from django.db import transaction
from django.utils import timezone

from faq.models import Article, HelpfulVote


@transaction.atomic
def article_publish(*, article: Article) -> bool:
    """Publish a draft (first publication date kept if it had one); False if already public."""
    if article.is_published:
        return False
    article.status = Article.Status.PUBLISHED
    if article.published_at is None:
        article.published_at = timezone.now()
    article.full_clean()
    article.save()
    return True


@transaction.atomic
def article_unpublish(*, article: Article) -> bool:
    """Back to draft (hidden from the public); False if it already was one."""
    if not article.is_published:
        return False
    article.status = Article.Status.DRAFT
    article.full_clean()
    article.save()
    return True


class VoteOutcome(enum.Enum):
    RECORDED = "recorded"
    CHANGED = "changed"
    UNCHANGED = "unchanged"


@transaction.atomic
def vote_record(*, article: Article, visitor: str, helpful: bool) -> VoteOutcome:
    """One answer per visitor and article: a second answer replaces the first, never adds one."""
    vote = HelpfulVote.objects.select_for_update().filter(article=article, visitor=visitor).first()
    if vote is None:
        vote = HelpfulVote(article=article, visitor=visitor, helpful=helpful)
        # The database's unique constraint decides a race between two first answers:
        # get_or_create then finds the other one instead of failing.
        vote.full_clean(validate_unique=False, validate_constraints=False)
        _vote, created = HelpfulVote.objects.get_or_create(
            article=article, visitor=visitor, defaults={"helpful": helpful}
        )
        return VoteOutcome.RECORDED if created else VoteOutcome.UNCHANGED
    if vote.helpful == helpful:
        return VoteOutcome.UNCHANGED
    vote.helpful = helpful
    vote.full_clean()
    vote.save(update_fields=["helpful", "updated_at"])
    return VoteOutcome.CHANGED
