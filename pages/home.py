"""What the home page shows: the problem topics (each with its first Help articles, the contact
for that kind of question and a prefilled appeal), the most helpful articles, the hotline.

A fixed number of queries whatever the amount of content: the topics, their first articles (one
windowed query over Topic.articles), the two audiences' channels, the hotline and its hours, the
most helpful articles.
"""

from dataclasses import dataclass, field

from django.db.models import F, Window
from django.db.models.functions import RowNumber

from contacts.models import Channel
from faq.models import LANGUAGE_CODES, Article
from tickets.models import Topic

# Each topic card lists at most this many articles (Topic.articles, most useful first).
TOPIC_ARTICLES = 3
MOST_HELPFUL = 5

# Whom to call or write about a topic, as the seed says: questions about terminals go to the
# agents' technical support ("своя бесплатная горячая линия 8 800 200-53-90", "вопросы по
# терминалам — konsultant@qiwi.com"); everything else to the wallet's hotline and technical
# support (8 800 707-77-59, tp@qiwi.com). Audience slugs of contacts/contacts.toml; a topic staff
# add goes to the default. Kept here, not on the topic: tickets does not import contacts.
TOPIC_AUDIENCES = {"terminals": "agents"}
DEFAULT_AUDIENCE = "wallet"


@dataclass
class TopicRoute:
    topic: Topic
    articles: list = field(default_factory=list)
    phone: Channel | None = None
    email: Channel | None = None


def topic_routes() -> list[TopicRoute]:
    routes = [TopicRoute(topic) for topic in Topic.objects.visible().only("slug", "name", "order")]
    if not routes:
        return routes
    by_pk = {route.topic.pk: route for route in routes}
    through = Topic.articles.through
    rows = (
        through.objects.filter(topic__in=by_pk, article__in=Article.objects.published())
        # Rows are the order staff (or topics.toml) linked them: "most useful first".
        .annotate(rank=Window(RowNumber(), partition_by=F("topic_id"), order_by=F("pk").asc()))
        .filter(rank__lte=TOPIC_ARTICLES)
        .select_related("article__category")
        .only(
            "topic_id",
            "article__slug",
            "article__category",
            *[f"article__title_{code}" for code in LANGUAGE_CODES],
            "article__category__slug",
        )
        .order_by("topic_id", "pk")
    )
    for row in rows:
        by_pk[row.topic_id].articles.append(row.article)
    contacts = _contacts({TOPIC_AUDIENCES.get(r.topic.slug, DEFAULT_AUDIENCE) for r in routes})
    for route in routes:
        audience = TOPIC_AUDIENCES.get(route.topic.slug, DEFAULT_AUDIENCE)
        route.phone, route.email = contacts.get(audience, (None, None))
    return routes


def _contacts(audiences) -> dict[str, tuple]:
    """Each audience's first free phone (else first phone) and first e-mail address."""
    found: dict[str, list] = {}
    channels = (
        Channel.objects.published()
        .filter(audience__slug__in=audiences)
        .select_related("audience")
        .order_by("audience__order", "-is_toll_free", "order", "pk")
    )
    for channel in channels:
        slot = found.setdefault(channel.audience.slug, [None, None])
        index = 0 if channel.is_phone else 1
        if slot[index] is None:
            slot[index] = channel
    return {slug: tuple(slot) for slug, slot in found.items()}


def most_helpful():
    return list(Article.objects.most_helpful(MOST_HELPFUL).for_lists())
