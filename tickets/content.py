"""The appeal topics Spravka ships with, from tickets/topics.toml (read through core.datafiles).

`load()` is called by `manage.py load_content`: it creates the missing topics, each validated by
the model; a topic staff have edited (or hidden) is left alone.
"""

from pathlib import Path

from core.datafiles import read_toml
from tickets.models import Topic

TOPICS_FILE = Path(__file__).resolve().parent / "topics.toml"
LANGUAGES = ("ru", "en")


def _shipped_topics() -> list[dict]:
    """Each topic as the model's field values, its order following the file's."""
    data = read_toml(TOPICS_FILE)
    notes = data.get("cannot_help", {})
    topics = []
    for order, entry in enumerate(data["topic"], start=1):
        fields = {"slug": entry["slug"], "order": order * 10}
        fields.update({f"name_{code}": entry["name"][code] for code in LANGUAGES})
        if "cannot_help" in entry:
            note = notes[entry["cannot_help"]]
            fields.update({f"cannot_help_note_{code}": note[code] for code in LANGUAGES})
        topics.append(fields)
    return topics


TOPICS = _shipped_topics()


def load() -> str:
    """Creates the missing topics; a topic staff have edited (or hidden) is left alone."""
    created = 0
    for fields in TOPICS:
        if Topic.objects.filter(slug=fields["slug"]).exists():
            continue
        topic = Topic(**fields)
        topic.full_clean()
        topic.save()
        created += 1
    return f"{created} topics created, {len(TOPICS) - created} already present"
