"""The appeal topics Spravka ships with, from tickets/topics.toml (read through core.datafiles).

`load()` is called by `manage.py load_content`: it creates the missing topics, each validated by
the model; a topic staff have edited (or hidden) is left alone.
"""

from pathlib import Path

from core.datafiles import read_toml
from tickets.models import Topic

TOPICS_FILE = Path(__file__).resolve().parent / "topics.toml"
LANGUAGES = ("ru", "en")


def _shipped_topics() -> list[tuple[dict, tuple[str, ...]]]:
    """Each topic as the model's field values and its Help articles' slugs, in the file's order."""
    data = read_toml(TOPICS_FILE)
    notes = data.get("cannot_help", {})
    topics = []
    for order, entry in enumerate(data["topic"], start=1):
        fields = {"slug": entry["slug"], "order": order * 10}
        fields.update({f"name_{code}": entry["name"][code] for code in LANGUAGES})
        if "cannot_help" in entry:
            note = notes[entry["cannot_help"]]
            fields.update({f"cannot_help_note_{code}": note[code] for code in LANGUAGES})
        topics.append((fields, tuple(entry.get("articles", ()))))
    return topics


TOPICS = _shipped_topics()


def load() -> str:
    """Creates the missing topics; a topic staff have edited (or hidden) is left alone, but one
    with no Help articles at all gets the shipped ones (sites loaded before topics had any)."""
    # The article model through the relation: tickets does not import faq (tests/test_layers.py).
    article_model = Topic._meta.get_field("articles").related_model
    created = linked = 0
    for fields, article_slugs in TOPICS:
        topic = Topic.objects.filter(slug=fields["slug"]).first()
        if topic is None:
            topic = Topic(**fields)
            topic.full_clean()
            topic.save()
            created += 1
        if article_slugs and not topic.articles.exists():
            articles = {a.slug: a for a in article_model.objects.filter(slug__in=article_slugs)}
            # Added one by one in the file's order: the through table's ids keep it.
            for slug in article_slugs:
                if slug in articles:
                    topic.articles.add(articles[slug])
            linked += bool(articles)
    report = f"{created} topics created, {len(TOPICS) - created} already present"
    return report + (f", {linked} linked to their Help articles" if linked else "")
