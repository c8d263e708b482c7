"""Visitors' "why not helpful" comments are free text that may name a person: purge_personal_data
clears them after FAQ_VOTE_COMMENT_RETENTION_DAYS, keeps the answer and its reason, and writes a
destruction record."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from faq.models import HelpfulVote
from privacy.models import DestructionCategory, DestructionRecord
from tests.faq.factories import make_article, make_vote

pytestmark = pytest.mark.django_db


def _purge(*args) -> str:
    out = io.StringIO()
    call_command("purge_personal_data", *args, stdout=out)
    return out.getvalue()


def _commented(article, *, days_ago: int, comment: str):
    vote = make_vote(article, helpful=False)
    HelpfulVote.objects.filter(pk=vote.pk).update(
        reason="out_of_date",
        comment=comment,
        updated_at=timezone.now() - timedelta(days=days_ago),
    )
    return vote


def test_old_comments_are_cleared_and_recorded_young_ones_stay(settings):
    settings.FAQ_VOTE_COMMENT_RETENTION_DAYS = 365
    article = make_article()
    old = _commented(article, days_ago=366, comment="Звонил Иван Петров, тел. 8 916 000-00-00")
    young = _commented(article, days_ago=10, comment="Устарели тарифы")

    assert "and clear 1 visitors' comments on articles" in _purge("--dry-run")
    assert HelpfulVote.objects.get(pk=old.pk).comment  # a dry run changes nothing

    assert "1 visitors' comments on articles" in _purge()
    old.refresh_from_db()
    young.refresh_from_db()
    assert old.comment == "" and old.reason == "out_of_date" and old.helpful is False
    assert young.comment == "Устарели тарифы"
    record = DestructionRecord.objects.get(category=DestructionCategory.VOTE_COMMENTS)
    assert record.items_count == 1
    assert "FAQ_VOTE_COMMENT_RETENTION_DAYS=365" in record.rule

    assert "0 visitors' comments" in _purge()
    assert DestructionRecord.objects.filter(category=DestructionCategory.VOTE_COMMENTS).count() == 1
