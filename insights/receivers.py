"""tickets announces a filed appeal (tickets.signals.appeal_filed) and never imports insights;
the appeal form carries, in fields the page's script adds (insights.js), the tokens of this tab's
searches and the paths of the articles it read."""

import logging

from django.dispatch import receiver

from insights import services
from tickets.signals import appeal_filed

logger = logging.getLogger(__name__)

SEARCHES_FIELD = "insights_searches"
READ_FIELD = "insights_read"
MAX_FIELD = 4000


def _items(request, name) -> list[str]:
    value = request.POST.get(name, "") if request is not None else ""
    return value[:MAX_FIELD].split() if isinstance(value, str) else []


@receiver(appeal_filed, dispatch_uid="insights:appeal-filed")
def count_appeal(sender, appeal, request, **kwargs):
    try:
        services.appeal_followed(
            search_tokens=_items(request, SEARCHES_FIELD), read_paths=_items(request, READ_FIELD)
        )
    except Exception:
        # The appeal is saved already; a lost statistic must never cost the visitor their appeal.
        logger.exception("Search log: the appeal's searches could not be recorded")
