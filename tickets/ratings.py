"""The visitor's "did we solve it?" answer: recorded only by their POST from the private page."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from core.cards import mask_cards
from tickets.models import Appeal, AppealEvent, SatisfactionRating, Status
from tickets.models.thread import EventKind

RATEABLE = (Status.RESOLVED, Status.CLOSED)


class RatingLocked(Exception):
    """The rating is older than TICKETS_RATING_CHANGE_DAYS: it stays as it is."""


def can_rate(appeal: Appeal) -> bool:
    return appeal.status in RATEABLE and appeal.merged_into_id is None


@transaction.atomic
def rating_record(*, appeal: Appeal, score: int, comment: str = "") -> SatisfactionRating:
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    if not can_rate(appeal):
        raise ValidationError(_("This appeal can be rated once support has resolved it."))
    rating = SatisfactionRating.objects.filter(appeal=appeal).first()
    old_score = ""
    if rating is None:
        rating = SatisfactionRating(appeal=appeal)
    else:
        if not rating.is_changeable():
            raise RatingLocked
        old_score = str(rating.score)
    rating.score = score
    rating.comment = mask_cards(comment.strip()).text
    rating.full_clean(exclude=["appeal"], validate_unique=False)
    rating.save()
    AppealEvent.objects.create(
        appeal=appeal,
        kind=EventKind.RATED,
        by_visitor=True,
        old_value=old_score,
        new_value=str(score),
    )
    return rating
