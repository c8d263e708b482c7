"""The notices public pages show, read once per content version and kept in the cache.

Every save of a notice, an update or their links bumps the content version (notices.apps), so
the kept list is never out of date as data; it holds every published notice that has not ended
when it was read, future ones included, and which of them are shown is decided at each use from
the clock. So a notice appears at its start and disappears at its end without anyone saving
anything, and core.cache keeps no page past the next such moment (next_change, registered with
core.cache.register_expiry).
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language

from core.cache import content_version, kept_in_process
from notices.models import Notice, NoticeUpdate, Severity

KEY_PREFIX = "notices:live"


@dataclass(frozen=True)
class ShownUpdate:
    text: dict[str, str]
    posted_at: datetime

    @property
    def body(self) -> str:
        return _in_language(self.text)


@dataclass(frozen=True)
class ShownNotice:
    """A notice as the public pages print it, in the language active when read."""

    pk: int
    title_by_language: dict[str, str]
    text_by_language: dict[str, str]
    severity: str
    starts_at: datetime
    ends_at: datetime | None
    topic_ids: frozenset[int] = frozenset()
    article_ids: frozenset[int] = frozenset()
    audience_ids: frozenset[int] = frozenset()
    updates: tuple[ShownUpdate, ...] = field(default=())

    @property
    def title(self) -> str:
        return _in_language(self.title_by_language)

    @property
    def text(self) -> str:
        return _in_language(self.text_by_language)

    @property
    def severity_label(self) -> str:
        return Severity(self.severity).label

    @property
    def everywhere(self) -> bool:
        return not self.topic_ids

    @property
    def for_everyone(self) -> bool:
        return not self.audience_ids

    @property
    def topic_ids_text(self) -> str:
        """For the appeal form's script: the topics' ids, space-separated ("" = every topic)."""
        return " ".join(str(pk) for pk in sorted(self.topic_ids))

    @property
    def latest_update(self) -> ShownUpdate | None:
        return self.updates[0] if self.updates else None

    def is_active(self, now: datetime) -> bool:
        return self.starts_at <= now and (self.ends_at is None or self.ends_at > now)

    def concerns_topic(self, topic_id) -> bool:
        try:
            topic_id = int(topic_id)
        except (TypeError, ValueError):
            return False
        return self.everywhere or topic_id in self.topic_ids

    def concerns_article(self, article_id: int) -> bool:
        return self.everywhere or article_id in self.article_ids

    def concerns_audience(self, audience_id: int) -> bool:
        return audience_id in self.audience_ids


def _in_language(texts: dict[str, str]) -> str:
    # English falls back to Russian where staff wrote no English (as modeltranslation does).
    return texts.get(get_language() or "ru") or texts.get("ru", "")


def _load(now: datetime) -> list[ShownNotice]:
    notices = list(
        Notice.objects.not_ended(now)
        .order_by("starts_at", "pk")
        .values(
            "pk", "title_ru", "title_en", "text_ru", "text_en", "severity", "starts_at", "ends_at"
        )
    )
    if not notices:
        return []
    ids = [n["pk"] for n in notices]
    topics: dict[int, set[int]] = {pk: set() for pk in ids}
    articles: dict[int, set[int]] = {pk: set() for pk in ids}
    # One query for the topics and their Help articles (tickets.Topic.articles).
    links = Notice.topics.through.objects.filter(notice_id__in=ids).values_list(
        "notice_id", "topic_id", "topic__articles"
    )
    for notice_id, topic_id, article_id in links:
        topics[notice_id].add(topic_id)
        if article_id is not None:
            articles[notice_id].add(article_id)
    audiences: dict[int, set[int]] = {pk: set() for pk in ids}
    for notice_id, audience_id in Notice.audiences.through.objects.filter(
        notice_id__in=ids
    ).values_list("notice_id", "audience_id"):
        audiences[notice_id].add(audience_id)
    updates: dict[int, list[ShownUpdate]] = {pk: [] for pk in ids}
    for row in NoticeUpdate.objects.filter(notice_id__in=ids).values(
        "notice_id", "text_ru", "text_en", "posted_at"
    ):  # newest first (Meta.ordering)
        updates[row["notice_id"]].append(
            ShownUpdate(
                text={"ru": row["text_ru"], "en": row["text_en"]}, posted_at=row["posted_at"]
            )
        )
    return [
        ShownNotice(
            pk=n["pk"],
            title_by_language={"ru": n["title_ru"], "en": n["title_en"]},
            text_by_language={"ru": n["text_ru"], "en": n["text_en"]},
            severity=n["severity"],
            starts_at=n["starts_at"],
            ends_at=n["ends_at"],
            topic_ids=frozenset(topics[n["pk"]]),
            article_ids=frozenset(articles[n["pk"]]),
            audience_ids=frozenset(audiences[n["pk"]]),
            updates=tuple(updates[n["pk"]]),
        )
        for n in notices
    ]


def not_ended() -> list[ShownNotice]:
    """Every published notice not ended when the list was read: kept in this process per
    content version (no round trip), else one cache get; the database only once per content
    version."""
    return kept_in_process(KEY_PREFIX, _shared_not_ended)


def _shared_not_ended() -> list[ShownNotice]:
    key = f"{KEY_PREFIX}:{content_version()}"
    kept = cache.get(key)
    if kept is None:
        kept = _load(timezone.now())
        # Kept no longer than a page: the version is bumped when a notice is saved, before its
        # transaction commits, so a request in between could keep the old list under the new
        # version; the bump after the commit (notices.receivers) and this bound both cap that.
        if settings.PUBLIC_CACHE_SECONDS > 0:
            cache.set(key, kept, timeout=settings.PUBLIC_CACHE_SECONDS)
    return kept


def active(now: datetime | None = None) -> list[ShownNotice]:
    """The notices shown now, outages first, then the newest."""
    now = now or timezone.now()
    rank = {Severity.OUTAGE: 0, Severity.DEGRADED: 1, Severity.INFORMATION: 2}
    shown = [n for n in not_ended() if n.is_active(now)]
    return sorted(shown, key=lambda n: (rank.get(n.severity, 3), -n.starts_at.timestamp(), -n.pk))


def next_change(now: datetime) -> datetime | None:
    """The next start or end of a notice after `now`: public pages change then."""
    moments = [
        moment
        for notice in not_ended()
        for moment in (notice.starts_at, notice.ends_at)
        if moment is not None and moment > now
    ]
    return min(moments, default=None)
